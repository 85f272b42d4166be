// Copyright (c) OpenKV authors.
//
// V8 structured-clone values (docs/value-format.md): any bytes either fail
// with openkv::Error or decode to a value that re-encodes. The first
// re-encoding may normalise (a resizable buffer is written fixed-length, a
// length-tracking view with its length); from then on the form is stable:
// decoding it and encoding again gives the same bytes and an equal value.
#include <span>
#include <vector>

#include "codec/v8_deserializer.h"
#include "codec/v8_serializer.h"
#include "fuzz_check.h"
#include "openkv/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace openkv;
  Value value;
  try {
    value = codec::deserialize_v8(std::span(data, size));
  } catch (const Error&) {
    return 0;
  }
  std::vector<uint8_t> encoded = codec::serialize_v8(value);
  Value normal = codec::deserialize_v8(encoded);
  std::vector<uint8_t> again = codec::serialize_v8(normal);
  FUZZ_CHECK(again == encoded, "encode(decode(encode(value))) != encode(value)");
  FUZZ_CHECK(codec::deserialize_v8(again) == normal, "decoding the normal form is not stable");
  return 0;
}
