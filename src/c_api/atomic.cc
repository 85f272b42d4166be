// Copyright (c) OpenKV authors.
//
// Atomic operations: checks, mutations, commit.
#include "c_api/handles.h"

using openkv::c_api::guarded;
using openkv::c_api::parse_key;

extern "C" {

openkv_status openkv_atomic_new(openkv_db* db, openkv_atomic** op, openkv_error** error) {
  return guarded(error, [&] { *op = new openkv_atomic{db->db->atomic()}; });
}

openkv_status openkv_atomic_check(openkv_atomic* op, const char* key_json, const char* versionstamp,
                                  openkv_error** error) {
  return guarded(error, [&] {
    openkv::Key key = parse_key(key_json, "key_json");
    std::optional<openkv::Versionstamp> expected;
    if (versionstamp != nullptr) expected = openkv::Versionstamp::from_hex(versionstamp);
    op->op.check(key, expected);
  });
}

openkv_status openkv_atomic_set(openkv_atomic* op, const char* key_json, const char* value_json,
                                int64_t expire_in_ms, openkv_error** error) {
  return guarded(error, [&] {
    openkv::Key key = parse_key(key_json, "key_json");
    openkv::Value value = openkv::c_api::parse_value(value_json);
    op->op.set(key, value, openkv::c_api::set_options(expire_in_ms));
  });
}

openkv_status openkv_atomic_set_raw(openkv_atomic* op, const char* key_json, const uint8_t* data,
                                    size_t size, openkv_encoding encoding, int64_t expire_in_ms,
                                    openkv_error** error) {
  return guarded(error, [&] {
    openkv::Key key = parse_key(key_json, "key_json");
    openkv::Value value = openkv::c_api::parse_raw_value(data, size, encoding);
    op->op.set(key, value, openkv::c_api::set_options(expire_in_ms));
  });
}

openkv_status openkv_atomic_delete(openkv_atomic* op, const char* key_json, openkv_error** error) {
  return guarded(error, [&] { op->op.remove(parse_key(key_json, "key_json")); });
}

openkv_status openkv_atomic_sum(openkv_atomic* op, const char* key_json, uint64_t n,
                                openkv_error** error) {
  return guarded(error, [&] { op->op.sum(parse_key(key_json, "key_json"), n); });
}

openkv_status openkv_atomic_min(openkv_atomic* op, const char* key_json, uint64_t n,
                                openkv_error** error) {
  return guarded(error, [&] { op->op.min(parse_key(key_json, "key_json"), n); });
}

openkv_status openkv_atomic_max(openkv_atomic* op, const char* key_json, uint64_t n,
                                openkv_error** error) {
  return guarded(error, [&] { op->op.max(parse_key(key_json, "key_json"), n); });
}

openkv_status openkv_atomic_enqueue(openkv_atomic* op, const char* value_json, int64_t delay_ms,
                                    const char* const* keys_if_undelivered,
                                    size_t undelivered_count, const int64_t* backoff_ms,
                                    size_t backoff_count, openkv_error** error) {
  return guarded(error, [&] {
    openkv::Value message = openkv::c_api::parse_value(value_json);
    op->op.enqueue(message, openkv::c_api::enqueue_options(delay_ms, keys_if_undelivered,
                                                           undelivered_count, backoff_ms,
                                                           backoff_count));
  });
}

openkv_status openkv_atomic_commit(openkv_atomic* op, openkv_commit_result* result,
                                   openkv_error** error) {
  return guarded(error, [&] { openkv::c_api::fill_result(op->op.commit(), result); });
}

void openkv_atomic_free(openkv_atomic* op) { delete op; }

}  // extern "C"
