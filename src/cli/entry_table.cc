// Copyright (c) OpenKV authors.
#include "cli/entry_table.h"

#include <unistd.h>

#include <algorithm>

#include <fmt/format.h>

#include "cli/display.h"
#include "cli/terminal.h"

namespace openkv::cli {
namespace {

constexpr size_t kVersionstampWidth = 20;
constexpr size_t kMinValueWidth = 12;
constexpr const char* kGap = "  ";

// Columns a string occupies: one per code point (UTF-8 continuation bytes
// take none). Wide East Asian characters are rare in keys; they would only
// shift the columns after them.
size_t columns(const std::string& s) {
  return std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; });
}

// The longest prefix of `s` that fits in `width` columns, with an ellipsis
// when something was cut.
std::string cut(const std::string& s, size_t width) {
  if (columns(s) <= width) return s;
  size_t used = 0;
  size_t end = 0;
  while (end < s.size()) {
    size_t next = end + 1;
    while (next < s.size() && (s[next] & 0xC0) == 0x80) ++next;
    if (used + 1 > width - 1) break;
    ++used;
    end = next;
  }
  return s.substr(0, end) + "…";
}

std::string pad(const std::string& s, size_t width) {
  return s + std::string(width - std::min(width, columns(s)), ' ');
}

}  // namespace

void EntryTable::add(const Entry& entry) {
  rows_.push_back(
      {key_to_display_string(entry.key), display_value(entry.value), entry.versionstamp.to_hex()});
}

void EntryTable::print() const {
  const bool terminal = is_terminal(STDOUT_FILENO);
  const bool colour = colours_enabled(STDOUT_FILENO);
  size_t key_width = terminal ? 3 : 0;  // the header "KEY"
  size_t value_width = terminal ? 5 : 0;
  for (const Row& row : rows_) {
    key_width = std::max(key_width, columns(row.key));
    value_width = std::max(value_width, columns(row.value));
  }
  // On a terminal the value column gives way so that lines do not wrap.
  int screen = terminal ? terminal_columns(STDOUT_FILENO) : 0;
  if (screen > 0) {
    size_t fixed = key_width + kVersionstampWidth + 2 * std::string(kGap).size();
    size_t room = static_cast<size_t>(screen) > fixed ? screen - fixed : 0;
    value_width = std::min(value_width, std::max(room, kMinValueWidth));
  }
  auto style = [colour](const char* code, const std::string& text) {
    return colour ? fmt::format("\x1b[{}m{}\x1b[0m", code, text) : text;
  };
  std::string out;
  if (terminal) {
    out += style("1",
                 pad("KEY", key_width) + kGap + pad("VALUE", value_width) + kGap + "VERSIONSTAMP") +
           "\n";
  }
  for (const Row& row : rows_) {
    std::string value = terminal ? cut(row.value, value_width) : row.value;
    out += style("36", pad(row.key, key_width)) + kGap + pad(value, value_width) + kGap +
           style("2", row.versionstamp) + "\n";
  }
  std::fwrite(out.data(), 1, out.size(), stdout);
}

}  // namespace openkv::cli
