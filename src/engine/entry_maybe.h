// Copyright (c) OpenKV authors.
//
// The typed result of a point read (get, get_many, watch): the stored entry
// decoded, or — when nothing is stored — the key the caller asked for with no
// value and no versionstamp, as Deno returns it.
#ifndef OPENKV_ENGINE_ENTRY_MAYBE_H_
#define OPENKV_ENGINE_ENTRY_MAYBE_H_

#include "core/raw.h"
#include "openkv/entry.h"

namespace openkv::engine {

// `found` is null when the key is absent. Throws Error(kCorruption) if the
// stored key or value cannot be decoded.
EntryMaybe to_entry_maybe(const Key& requested, const core::RawEntry* found);

}  // namespace openkv::engine

#endif  // OPENKV_ENGINE_ENTRY_MAYBE_H_
