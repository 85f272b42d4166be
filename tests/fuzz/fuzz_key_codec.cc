// Copyright (c) OpenKV authors.
//
// Key codec (codec/key_codec.h): any bytes either fail to decode with
// openkv::Error or decode to a key whose encoding is canonical — encoding it,
// decoding that and encoding again gives the same bytes and the same key.
// The input itself need not be canonical (an untransformed NaN is accepted).
#include <span>
#include <vector>

#include "codec/key_codec.h"
#include "fuzz_check.h"
#include "openkv/errors.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace openkv;
  Key key;
  try {
    key = codec::decode_key(std::span(data, size));
  } catch (const Error&) {
    return 0;
  }
  std::vector<uint8_t> encoded = codec::encode_key(key);
  Key again = codec::decode_key(encoded);
  FUZZ_CHECK(again == key, "decode(encode(key)) != key");
  FUZZ_CHECK(codec::encode_key(again) == encoded, "encoding is not canonical");
  return 0;
}
