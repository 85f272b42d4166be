// Copyright (c) OpenKV authors.
//
// Reading values and entries.
#include "c_api/handles.h"
#include "codec/json_notation.h"
#include "core/value_encoding.h"

using openkv::c_api::guarded;

extern "C" {

openkv_status openkv_value_json(const openkv_value* value, const char** json,
                                openkv_error** error) {
  return guarded(error, [&] {
    // The caches are the only mutable part; the public handle is const.
    auto* v = const_cast<openkv_value*>(value);
    std::lock_guard lock(v->mu);
    if (!v->json) v->json = openkv::codec::value_to_json(v->value);
    *json = v->json->c_str();
  });
}

openkv_status openkv_value_raw(const openkv_value* value, const uint8_t** data, size_t* size,
                               openkv_encoding* encoding, openkv_error** error) {
  return guarded(error, [&] {
    auto* v = const_cast<openkv_value*>(value);
    std::lock_guard lock(v->mu);
    if (!v->raw) v->raw = openkv::core::encode_value(v->value);
    *data = v->raw->data.data();
    *size = v->raw->data.size();
    *encoding = static_cast<openkv_encoding>(v->raw->encoding);
  });
}

const char* openkv_entry_key(const openkv_entry* entry) { return entry->key_json.c_str(); }

const char* openkv_entry_versionstamp(const openkv_entry* entry) {
  return entry->versionstamp ? entry->versionstamp->c_str() : nullptr;
}

const openkv_value* openkv_entry_value(const openkv_entry* entry) { return entry->value.get(); }

void openkv_entry_free(openkv_entry* entry) { delete entry; }

}  // extern "C"
