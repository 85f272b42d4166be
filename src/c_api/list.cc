// Copyright (c) OpenKV authors.
//
// Lists with selectors and cursors.
#include "c_api/handles.h"

using openkv::c_api::guarded;

namespace {

std::optional<openkv::Key> optional_key(const char* json) {
  if (json == nullptr) return std::nullopt;
  return openkv::c_api::parse_key(json, "selector key");
}

}  // namespace

extern "C" {

openkv_status openkv_list(openkv_db* db, const char* prefix_json, const char* start_json,
                          const char* end_json, int64_t limit, int reverse, const char* cursor,
                          openkv_list_iterator** iterator, openkv_error** error) {
  return guarded(error, [&] {
    openkv::ListSelector selector{optional_key(prefix_json), optional_key(start_json),
                                  optional_key(end_json)};
    openkv::ListOptions options;
    if (limit != 0) options.limit = limit;  // a negative limit fails as in Deno
    options.reverse = reverse != 0;
    if (cursor != nullptr) options.cursor = cursor;
    *iterator = new openkv_list_iterator{db->db->list(selector, options), {}};
  });
}

openkv_status openkv_list_next(openkv_list_iterator* iterator, openkv_entry** entry,
                               openkv_error** error) {
  return guarded(error, [&] {
    std::optional<openkv::Entry> next = iterator->it.next();
    *entry = next ? openkv::c_api::new_entry(*next) : nullptr;
  });
}

openkv_status openkv_list_cursor(openkv_list_iterator* iterator, const char** cursor,
                                 openkv_error** error) {
  return guarded(error, [&] {
    iterator->cursor = iterator->it.cursor();
    *cursor = iterator->cursor.c_str();
  });
}

void openkv_list_free(openkv_list_iterator* iterator) { delete iterator; }

}  // extern "C"
