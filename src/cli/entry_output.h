// Copyright (c) OpenKV authors.
//
// How commands print entries: --json writes the @deno/kv-utils entry form
// (one JSON object per line, typed, so it round-trips through import); the
// default is a readable line per entry.
#ifndef OPENKV_CLI_ENTRY_OUTPUT_H_
#define OPENKV_CLI_ENTRY_OUTPUT_H_

#include <ostream>
#include <string>

#include "openkv/entry.h"

namespace openkv::cli {

enum class OutputFormat { kHuman, kJson };

void print_entry(std::ostream& out, const Entry& entry, OutputFormat format);
void print_entry_maybe(std::ostream& out, const EntryMaybe& entry, OutputFormat format);
// The line print_entry_maybe prints, without the newline.
std::string entry_maybe_text(const EntryMaybe& entry, OutputFormat format);

}  // namespace openkv::cli

#endif  // OPENKV_CLI_ENTRY_OUTPUT_H_
