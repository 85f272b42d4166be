// Copyright (c) OpenKV authors.
#include "engine/entry_maybe.h"

#include "codec/key_codec.h"
#include "core/value_encoding.h"

namespace openkv::engine {

EntryMaybe to_entry_maybe(const Key& requested, const core::RawEntry* found) {
  if (found == nullptr) return {requested, std::nullopt, std::nullopt};
  return {codec::decode_key(found->key), core::decode_value(found->value), found->versionstamp};
}

}  // namespace openkv::engine
