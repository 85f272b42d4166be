// Copyright (c) OpenKV authors.
//
// The NDJSON export/import format of @deno/kv-utils (spec 06 §6–§7), one
// line at a time. Reading a database and writing it out, or reading a file
// and writing entries, is the caller's job (the CLI); this file only turns
// entries into lines and bytes into entries, exactly as the reference does.
//
// Thread-safety: NdjsonLineSplitter is not thread-safe; the rest is.
#ifndef OPENKV_CODEC_NDJSON_H_
#define OPENKV_CODEC_NDJSON_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "codec/json_text.h"
#include "openkv/entry.h"

namespace openkv::codec {

// One export line: the entry's JSON (06 §5) followed by LF. When the value
// cannot be exported (06 §3.13) nothing is returned: it throws an Error
// whose message names the key in JSON notation (06 §6.4).
std::string format_ndjson_line(const Entry& entry);

// One import line, decoded in the two steps the importer needs (06 §7.2):
// the key first; the value only once the line is not skipped, because the
// value of a skipped line is never examined.
class NdjsonRecord {
 public:
  // Parses the JSON text and decodes "key". Throws Error(kInvalidArgument)
  // for invalid JSON, a line that is not an object, or an invalid key.
  static NdjsonRecord parse(std::string_view line);

  const Key& key() const { return key_; }

  // Decodes "value" (06 §4). Throws Error(kInvalidArgument) with the spec's
  // texts, e.g. Unexpected value type: "undefined" when it is missing.
  Value decode_value() const;

  // The line's versionstamp when it is a well-formed one. For information
  // only: an import never uses it (06 §7.2 step 2).
  const std::optional<Versionstamp>& versionstamp() const { return versionstamp_; }

 private:
  NdjsonRecord() = default;

  Key key_;
  JsonValue value_;  // null when the line has no "value" member
  std::optional<Versionstamp> versionstamp_;
};

// A non-empty input line.
struct NdjsonLine {
  uint64_t number = 0;  // physical line number, 1-based, blank lines included
  std::string text;     // UTF-8 without line ending or byte-order mark
};

// Splits an import byte stream into lines as the reference does (06 §7.1):
// at LF, dropping one CR before it; the bytes after the last LF are a final
// line (not CR-stripped); per line one leading BOM is dropped and invalid
// UTF-8 becomes U+FFFD; lines empty after that are skipped but counted in
// the physical line numbers.
class NdjsonLineSplitter {
 public:
  // Appends the lines that `chunk` completes to `out`.
  void feed(std::string_view chunk, std::vector<NdjsonLine>& out);
  // End of input: appends the final unterminated line, if any.
  void finish(std::vector<NdjsonLine>& out);

 private:
  void emit(std::string_view raw, std::vector<NdjsonLine>& out);

  std::string pending_;  // bytes after the last LF seen
  uint64_t line_number_ = 0;
};

// The lines of a complete input.
std::vector<NdjsonLine> split_ndjson_lines(std::string_view input);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_NDJSON_H_
