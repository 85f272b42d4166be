// Copyright (c) OpenKV authors.
#include "cli/entry_output.h"

#include "cli/display.h"
#include "codec/json_notation.h"

namespace openkv::cli {

void print_entry(std::ostream& out, const Entry& entry, OutputFormat format) {
  if (format == OutputFormat::kJson) {
    out << codec::entry_to_json(entry) << '\n';
  } else {
    out << key_to_display_string(entry.key) << "  " << display_value(entry.value) << "  "
        << entry.versionstamp.to_hex() << '\n';
  }
}

void print_entry_maybe(std::ostream& out, const EntryMaybe& entry, OutputFormat format) {
  if (format == OutputFormat::kJson) {
    out << codec::entry_maybe_to_json(entry) << '\n';
  } else if (entry.exists()) {
    print_entry(out, Entry{entry.key, *entry.value, *entry.versionstamp}, format);
  } else {
    out << key_to_display_string(entry.key) << "  (not found)\n";
  }
}

}  // namespace openkv::cli
