// Copyright (c) OpenKV authors.
//
// What reads return: an entry that exists (Entry) or one that may not
// (EntryMaybe, for get / get_many / watch, where a missing key still has a
// slot in the result).
#ifndef OPENKV_ENTRY_H_
#define OPENKV_ENTRY_H_

#include <optional>

#include "openkv/key.h"
#include "openkv/value.h"
#include "openkv/versionstamp.h"

namespace openkv {

struct Entry {
  Key key;
  Value value;
  Versionstamp versionstamp;
};

struct EntryMaybe {
  Key key;                                   // the stored key, or the caller's key when missing
  std::optional<Value> value;                // nullopt when missing
  std::optional<Versionstamp> versionstamp;  // nullopt when missing

  bool exists() const { return versionstamp.has_value(); }
};

}  // namespace openkv

#endif  // OPENKV_ENTRY_H_
