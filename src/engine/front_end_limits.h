// Copyright (c) OpenKV authors.
//
// The front end's limit checks (spec 01 §6, "front-end" column): the texts
// Deno's client raises, so a C++ caller gets the same message for the same
// mistake. The KV Connect server checks the same numbers with denokv's texts.
#ifndef OPENKV_ENGINE_FRONT_END_LIMITS_H_
#define OPENKV_ENGINE_FRONT_END_LIMITS_H_

#include <cstdint>

#include "core/raw.h"

namespace openkv::engine {

// L2: a key used as a read bound (get's end bound is one byte longer).
void check_read_key(const core::Bytes& key);
// L17, then L1: a key that is written or checked.
void check_write_key(const core::Bytes& key);
// L3
void check_value_size(const core::RawValue& value);
// L5 / L6 / L7 for one read.
void check_read_ranges(const std::vector<core::ReadRange>& ranges);
// L12
void check_watch_key_count(size_t count);

}  // namespace openkv::engine

#endif  // OPENKV_ENGINE_FRONT_END_LIMITS_H_
