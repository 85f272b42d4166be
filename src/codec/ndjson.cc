// Copyright (c) OpenKV authors.
#include "codec/ndjson.h"

#include "codec/json_notation.h"
#include "openkv/errors.h"

namespace openkv::codec {
namespace {

constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";

// TextDecoder's UTF-8 decoding: each ill-formed sequence becomes U+FFFD.
std::string replace_invalid_utf8(std::string_view raw) {
  std::string text;
  text.reserve(raw.size());
  for (size_t pos = 0; pos < raw.size();) {
    CodePoint cp = decode_code_point(raw, pos, false);
    text.append(cp.value < 0 ? std::string_view("\xEF\xBF\xBD") : raw.substr(pos, cp.length));
    pos += cp.length;
  }
  return text;
}

}  // namespace

std::string format_ndjson_line(const Entry& entry) {
  std::string line;
  try {
    line = entry_to_json(entry);
  } catch (const Error& e) {
    throw Error(e.code(),
                "Cannot export the entry with key " + key_to_json(entry.key) + ": " + e.what());
  }
  line += '\n';
  return line;
}

NdjsonRecord NdjsonRecord::parse(std::string_view line) {
  JsonValue json = parse_json(line);
  if (json.kind() != JsonValue::Kind::kObject) {
    throw Error(ErrorCode::kInvalidArgument,
                "An NDJSON line must be a JSON object with \"key\" and \"value\"");
  }
  NdjsonRecord record;
  const JsonValue* key = json.find("key");
  record.key_ = key_from_json_value(key ? *key : JsonValue());
  if (const JsonValue* value = json.find("value")) record.value_ = *value;
  const JsonValue* versionstamp = json.find("versionstamp");
  if (versionstamp && versionstamp->kind() == JsonValue::Kind::kString) {
    try {
      record.versionstamp_ = Versionstamp::from_hex(versionstamp->as_string());
    } catch (const Error&) {
      // Any versionstamp is acceptable in an import line (06 §7.2).
    }
  }
  return record;
}

Value NdjsonRecord::decode_value() const { return value_from_json_value(value_); }

void NdjsonLineSplitter::emit(std::string_view raw, std::vector<NdjsonLine>& out) {
  ++line_number_;
  if (raw.starts_with(kByteOrderMark)) raw.remove_prefix(kByteOrderMark.size());
  if (raw.empty()) return;
  out.push_back({line_number_, replace_invalid_utf8(raw)});
}

void NdjsonLineSplitter::feed(std::string_view chunk, std::vector<NdjsonLine>& out) {
  size_t scan_from = pending_.size();
  pending_.append(chunk);
  size_t line_start = 0;
  for (size_t lf; (lf = pending_.find('\n', scan_from)) != std::string::npos; scan_from = lf + 1) {
    size_t end = lf;
    if (end > line_start && pending_[end - 1] == '\r') --end;
    emit(std::string_view(pending_).substr(line_start, end - line_start), out);
    line_start = lf + 1;
  }
  pending_.erase(0, line_start);
}

void NdjsonLineSplitter::finish(std::vector<NdjsonLine>& out) {
  if (!pending_.empty()) emit(pending_, out);
  pending_.clear();
}

std::vector<NdjsonLine> split_ndjson_lines(std::string_view input) {
  std::vector<NdjsonLine> lines;
  NdjsonLineSplitter splitter;
  splitter.feed(input, lines);
  splitter.finish(lines);
  return lines;
}

}  // namespace openkv::codec
