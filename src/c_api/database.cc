// Copyright (c) OpenKV authors.
//
// Options, opening and closing, reads (one key, or several in one read) and
// single-key writes.
#include <memory>
#include <vector>

#include "c_api/handles.h"
#include "openkv/postgres.h"
#include "openkv/remote.h"

using openkv::c_api::guarded;
using openkv::c_api::parse_key;

extern "C" {

openkv_options* openkv_options_new(void) { return new (std::nothrow) openkv_options(); }

void openkv_options_free(openkv_options* options) { delete options; }

void openkv_options_set_read_only(openkv_options* options, int read_only) {
  options->options.read_only = read_only != 0;
}

void openkv_options_set_durable(openkv_options* options, int durable) {
  options->options.durable = durable != 0;
}

void openkv_options_set_access_token(openkv_options* options, const char* token) {
  if (token == nullptr) {
    options->options.access_token.reset();
  } else {
    options->options.access_token = token;
  }
}

void openkv_options_set_tls_ca_file(openkv_options* options, const char* path) {
  options->options.tls_ca_file = path == nullptr ? "" : path;
}

openkv_status openkv_open(const char* path, const openkv_options* options, openkv_db** db,
                          openkv_error** error) {
  *db = nullptr;
  return guarded(error, [&] {
    if (path == nullptr) throw openkv::Error(openkv::ErrorCode::kInvalidArgument, "path is NULL");
    // libopenkv_c.so carries every backend, so any path a C caller gives opens.
    openkv::register_remote_backend();
    openkv::register_postgres_backend();
    openkv::Options defaults;
    auto handle = std::make_unique<openkv_db>();
    handle->db = openkv::Database::open(path, options == nullptr ? defaults : options->options);
    *db = handle.release();
  });
}

openkv_status openkv_close(openkv_db* db, openkv_error** error) {
  return guarded(error, [&] { db->db->close(); });
}

void openkv_db_free(openkv_db* db) {
  // ~Database closes; a failure to close has nobody left to report to.
  try {
    delete db;
  } catch (...) {
  }
}

openkv_status openkv_get(openkv_db* db, const char* key_json, openkv_entry** entry,
                         openkv_error** error) {
  return guarded(error, [&] {
    *entry = openkv::c_api::new_entry(db->db->get(parse_key(key_json, "key_json")));
  });
}

openkv_status openkv_get_many(openkv_db* db, const char* const* keys_json, size_t key_count,
                              openkv_consistency consistency, openkv_entry** entries,
                              openkv_error** error) {
  return guarded(error, [&] {
    if (key_count > 0 && (keys_json == nullptr || entries == nullptr)) {
      throw openkv::Error(openkv::ErrorCode::kInvalidArgument, "keys_json or entries is NULL");
    }
    std::vector<openkv::Key> keys;
    for (size_t i = 0; i < key_count; ++i) keys.push_back(parse_key(keys_json[i], "a key"));
    openkv::ReadOptions options{consistency == OPENKV_EVENTUAL ? openkv::Consistency::kEventual
                                                               : openkv::Consistency::kStrong};
    std::vector<openkv::EntryMaybe> found = db->db->get_many(keys, options);
    // Every entry is made before any is handed out, so a failure leaks none.
    std::vector<std::unique_ptr<openkv_entry>> made;
    for (const auto& e : found) made.emplace_back(openkv::c_api::new_entry(e));
    for (size_t i = 0; i < made.size(); ++i) entries[i] = made[i].release();
  });
}

openkv_status openkv_set(openkv_db* db, const char* key_json, const char* value_json,
                         int64_t expire_in_ms, openkv_commit_result* result, openkv_error** error) {
  return guarded(error, [&] {
    openkv::Key key = parse_key(key_json, "key_json");
    openkv::Value value = openkv::c_api::parse_value(value_json);
    openkv::c_api::fill_result(db->db->set(key, value, openkv::c_api::set_options(expire_in_ms)),
                               result);
  });
}

openkv_status openkv_set_raw(openkv_db* db, const char* key_json, const uint8_t* data, size_t size,
                             openkv_encoding encoding, int64_t expire_in_ms,
                             openkv_commit_result* result, openkv_error** error) {
  return guarded(error, [&] {
    openkv::Key key = parse_key(key_json, "key_json");
    openkv::Value value = openkv::c_api::parse_raw_value(data, size, encoding);
    openkv::c_api::fill_result(db->db->set(key, value, openkv::c_api::set_options(expire_in_ms)),
                               result);
  });
}

openkv_status openkv_delete(openkv_db* db, const char* key_json, openkv_error** error) {
  return guarded(error, [&] { db->db->remove(parse_key(key_json, "key_json")); });
}

}  // extern "C"
