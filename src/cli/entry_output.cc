// Copyright (c) OpenKV authors.
#include "cli/entry_output.h"

#include "cli/display.h"
#include "codec/json_notation.h"

namespace openkv::cli {
namespace {

std::string human_text(const Key& key, const Value& value, const Versionstamp& versionstamp) {
  return key_to_display_string(key) + "  " + display_value(value) + "  " + versionstamp.to_hex();
}

}  // namespace

void print_entry(std::ostream& out, const Entry& entry, OutputFormat format) {
  if (format == OutputFormat::kJson) {
    out << codec::entry_to_json(entry) << '\n';
  } else {
    out << human_text(entry.key, entry.value, entry.versionstamp) << '\n';
  }
}

void print_entry_maybe(std::ostream& out, const EntryMaybe& entry, OutputFormat format) {
  out << entry_maybe_text(entry, format) << '\n';
}

std::string entry_maybe_text(const EntryMaybe& entry, OutputFormat format) {
  if (format == OutputFormat::kJson) return codec::entry_maybe_to_json(entry);
  if (!entry.exists()) return key_to_display_string(entry.key) + "  (not found)";
  return human_text(entry.key, *entry.value, *entry.versionstamp);
}

}  // namespace openkv::cli
