// Copyright (c) OpenKV authors.
//
// The key a "set with versionstamped key" mutation stores under: the
// mutation's key followed by one more String key part holding the 20 hex
// characters of the commit's versionstamp (docs/ARCHITECTURE.md §Write
// path). Backends store under it, and the engine tells watchers of it.
#ifndef OPENKV_CORE_VERSIONSTAMPED_KEY_H_
#define OPENKV_CORE_VERSIONSTAMPED_KEY_H_

#include "core/raw.h"
#include "openkv/versionstamp.h"

namespace openkv::core {

// Returns key ‖ 02 ‖ hex(versionstamp) ‖ 00. The hex digits hold no 00 byte,
// so the String part needs no escaping.
Bytes versionstamped_key(const Bytes& key, const Versionstamp& versionstamp);

}  // namespace openkv::core

#endif  // OPENKV_CORE_VERSIONSTAMPED_KEY_H_
