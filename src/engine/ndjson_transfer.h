// Copyright (c) OpenKV authors.
//
// One entry of an NDJSON export or import (the @deno/kv-utils format, spec
// 06 §6–§7), shared by the CLI's `export`/`import` and the admin data API
// (docs/OPERATIONS.md, "Console and data API"), so both write and read
// exactly the same lines with the same error texts. Reading a store or a
// stream and counting lines is the caller's job.
//
// Thread-safety: free functions without shared state; `db` as Database.
#ifndef OPENKV_ENGINE_NDJSON_TRANSFER_H_
#define OPENKV_ENGINE_NDJSON_TRANSFER_H_

#include <string>

#include "codec/ndjson.h"
#include "core/raw.h"
#include "openkv/database.h"
#include "openkv/key.h"

namespace openkv::engine {

// The export line (with LF) of one stored entry. Throws Error whose message
// names the key in JSON notation (06 §6.4), or its bytes in hex when the
// key itself does not decode; nothing is returned in that case.
std::string export_ndjson_line(const core::RawEntry& raw);

struct ImportSettings {
  Key prefix;              // put before every imported key
  bool overwrite = false;  // replace existing entries instead of skipping them
};

enum class ImportOutcome { kWritten, kSkipped };

// Steps 2–5 of 06 §7.2 for one line, as its own commit. Without overwrite
// the write is conditional on the key still being absent, so a concurrent
// writer is never overwritten (that race counts as skipped). Throws Error
// (kInvalidArgument for a bad line) and writes nothing then.
ImportOutcome import_ndjson_line(Database& db, const codec::NdjsonLine& line,
                                 const ImportSettings& settings);

}  // namespace openkv::engine

#endif  // OPENKV_ENGINE_NDJSON_TRANSFER_H_
