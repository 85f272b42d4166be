// Copyright (c) OpenKV authors.
//
// Which entries a command works on, with the meanings of Deno's list (spec
// 02 §4): a key prefix, optionally narrowed by --start/--end, or a
// [--start, --end) range; with neither, the whole database. list, export and
// count share these options so that the same words select the same entries.
#ifndef OPENKV_CLI_SELECTION_H_
#define OPENKV_CLI_SELECTION_H_

#include <cstdint>
#include <optional>
#include <string>

#include "codec/list_bounds.h"
#include "openkv/list.h"

namespace CLI {
class App;
}

namespace openkv::cli {

struct SelectionArguments {
  std::string prefix;  // "" when not given
  std::string start;
  std::string end;
  std::optional<int64_t> limit;
  bool reverse = false;

  // The positional prefix, --start and --end.
  void add_range_to(CLI::App& command);
  // --limit and --reverse.
  void add_order_to(CLI::App& command);

  // Throws UsageError for bad key notation.
  ListSelector selector() const;
  // The selector as the byte range it covers, for commands that read the raw
  // engine. Throws UsageError with Deno's texts for an invalid selector.
  codec::ListBounds bounds() const;
};

}  // namespace openkv::cli

#endif  // OPENKV_CLI_SELECTION_H_
