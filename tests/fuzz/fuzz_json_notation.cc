// Copyright (c) OpenKV authors.
//
// The JSON notation of @deno/kv-utils (codec/json_notation.h) as the CLI
// reads it: a key, a value, an entry, or an NDJSON import stream, chosen by
// the first input byte. Text that is accepted must print back to notation
// that is accepted too. Printing may normalise once (the notation is lossy
// where JSON is: -0 prints as 0, repeated Set members collapse); printed
// text must then read to an equal key/value that prints identically.
#include <string>
#include <string_view>
#include <vector>

#include "codec/json_notation.h"
#include "codec/ndjson.h"
#include "fuzz_check.h"
#include "openkv/errors.h"

namespace {

using namespace openkv;

void key_round_trip(std::string_view text) {
  Key key;
  try {
    key = codec::key_from_json(text);
  } catch (const Error&) {
    return;
  }
  std::string printed = codec::key_to_json(key);
  Key normal = codec::key_from_json(printed);
  std::string again = codec::key_to_json(normal);
  FUZZ_CHECK(again == printed, "printing a printed key changed it");
  FUZZ_CHECK(codec::key_from_json(again) == normal, "reading a printed key is not stable");
}

// Writing fails only for what the notation cannot hold (cycles,
// Float16Array), which reading never produces, so it must not throw.
void value_round_trip(const Value& value) {
  std::string printed = codec::value_to_json(value);
  Value normal = codec::value_from_json(printed);
  std::string again = codec::value_to_json(normal);
  FUZZ_CHECK(again == printed, "printing a printed value changed it");
  FUZZ_CHECK(codec::value_from_json(again) == normal, "reading a printed value is not stable");
}

void value_text(std::string_view text) {
  Value value;
  try {
    value = codec::value_from_json(text);
  } catch (const Error&) {
    return;
  }
  value_round_trip(value);
}

void entry_text(std::string_view text) {
  Entry entry;
  try {
    entry = codec::entry_from_json(text);
  } catch (const Error&) {
    return;
  }
  std::string printed = codec::entry_to_json(entry);
  std::string again = codec::entry_to_json(codec::entry_from_json(printed));
  FUZZ_CHECK(again == printed, "printing a printed entry changed it");
}

void ndjson_stream(std::string_view bytes) {
  std::vector<codec::NdjsonLine> lines;
  codec::NdjsonLineSplitter splitter;
  // Two chunks, so a line split across reads is exercised.
  size_t half = bytes.size() / 2;
  splitter.feed(bytes.substr(0, half), lines);
  splitter.feed(bytes.substr(half), lines);
  splitter.finish(lines);
  for (const auto& line : lines) {
    try {
      auto record = codec::NdjsonRecord::parse(line.text);
      value_round_trip(record.decode_value());
    } catch (const Error&) {
    }
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  std::string_view text(reinterpret_cast<const char*>(data) + 1, size - 1);
  switch (data[0] % 4) {
    case 0: key_round_trip(text); break;
    case 1: value_text(text); break;
    case 2: entry_text(text); break;
    default: ndjson_stream(text); break;
  }
  return 0;
}
