// Copyright (c) OpenKV authors.
#include "cli/selection.h"

#include <CLI/CLI.hpp>

#include "cli/arguments.h"
#include "cli/usage_error.h"
#include "codec/key_codec.h"
#include "openkv/errors.h"

namespace openkv::cli {
namespace {

std::optional<std::vector<uint8_t>> encoded(const std::optional<Key>& key) {
  if (!key) return std::nullopt;
  return codec::encode_key(*key);
}

}  // namespace

void SelectionArguments::add_range_to(CLI::App& command) {
  command.add_option("prefix", prefix, "Key prefix as a JSON array (default: [], everything)");
  command.add_option("--start", start, "First key, inclusive (JSON array)");
  command.add_option("--end", end, "End key, exclusive (JSON array)");
}

void SelectionArguments::add_order_to(CLI::App& command) {
  command.add_option("--limit", limit, "Stop after this many entries")->check(CLI::PositiveNumber);
  command.add_flag("--reverse", reverse, "Descending key order");
}

ListSelector SelectionArguments::selector() const {
  ListSelector selector;
  if (!prefix.empty()) selector.prefix = parse_key_argument(prefix);
  if (!start.empty()) selector.start = parse_key_argument(start);
  if (!end.empty()) selector.end = parse_key_argument(end);
  // A lone --start or --end is a range within the whole key space, which
  // Deno spells {prefix: [], start} / {prefix: [], end}.
  if (!selector.prefix && !(selector.start && selector.end)) selector.prefix = Key{};
  return selector;
}

codec::ListBounds SelectionArguments::bounds() const {
  ListSelector s = selector();
  try {
    return codec::list_bounds(encoded(s.prefix), encoded(s.start), encoded(s.end));
  } catch (const Error& e) {
    throw UsageError(e.what());  // a selector that covers no valid range is a usage mistake
  }
}

}  // namespace openkv::cli
