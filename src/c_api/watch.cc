// Copyright (c) OpenKV authors.
//
// Watches: blocking next with a timeout, cancel from any thread.
#include <chrono>
#include <vector>

#include "c_api/handles.h"

using openkv::c_api::guarded;

extern "C" {

openkv_status openkv_watch_new(openkv_db* db, const char* const* keys_json, size_t key_count,
                               int raw, openkv_watch** watch, openkv_error** error) {
  return guarded(error, [&] {
    if (key_count > 0 && keys_json == nullptr) {
      throw openkv::Error(openkv::ErrorCode::kInvalidArgument, "keys_json is NULL");
    }
    std::vector<openkv::Key> keys;
    keys.reserve(key_count);
    for (size_t i = 0; i < key_count; ++i) {
      keys.push_back(openkv::c_api::parse_key(keys_json[i], "a watched key"));
    }
    *watch = new openkv_watch{db->db->watch(keys, {.raw = raw != 0}), key_count};
  });
}

openkv_status openkv_watch_next(openkv_watch* watch, int64_t timeout_ms, openkv_entry** entries,
                                int* got_state, openkv_error** error) {
  *got_state = 0;
  return guarded(error, [&] {
    auto state = timeout_ms < 0 ? watch->stream.next()
                                : watch->stream.next_for(std::chrono::milliseconds(timeout_ms));
    if (!state) return;
    // Build every entry before handing any out, so a failure leaks none.
    std::vector<std::unique_ptr<openkv_entry>> made;
    made.reserve(state->size());
    for (const auto& e : *state) made.emplace_back(openkv::c_api::new_entry(e));
    for (size_t i = 0; i < made.size(); ++i) entries[i] = made[i].release();
    *got_state = 1;
  });
}

int openkv_watch_done(const openkv_watch* watch) { return watch->stream.done() ? 1 : 0; }

void openkv_watch_cancel(openkv_watch* watch) { watch->stream.cancel(); }

void openkv_watch_free(openkv_watch* watch) { delete watch; }

}  // extern "C"
