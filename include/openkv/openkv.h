// Copyright (c) OpenKV authors.
//
// Convenience header: the whole public API.
#ifndef OPENKV_OPENKV_H_
#define OPENKV_OPENKV_H_

#include "openkv/atomic.h"
#include "openkv/bigint.h"
#include "openkv/database.h"
#include "openkv/entry.h"
#include "openkv/errors.h"
#include "openkv/key.h"
#include "openkv/list.h"
#include "openkv/options.h"
#include "openkv/value.h"
#include "openkv/versionstamp.h"
#include "openkv/watch.h"

#endif  // OPENKV_OPENKV_H_
