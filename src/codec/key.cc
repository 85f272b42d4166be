// Copyright (c) OpenKV authors.
#include "openkv/key.h"

#include <cmath>

#include "codec/json_text.h"
#include "codec/key_codec.h"

namespace openkv {
namespace {

// Deno's inspect writes numbers like Number::toString except that it shows
// the sign of -0.
std::string number_to_display_string(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
  if (d == 0 && std::signbit(d)) return "-0";
  std::string out;
  codec::append_json_number(out, d);
  return out;
}

std::string part_to_display_string(const KeyPart& part) {
  switch (part.type()) {
    case KeyPart::Type::kBytes: {
      std::string out = "Uint8Array[";
      const char* separator = "";
      for (uint8_t b : part.as_bytes()) {
        out += separator + std::to_string(b);
        separator = ", ";
      }
      return out + "]";
    }
    case KeyPart::Type::kString: {
      std::string out;
      codec::append_json_string(out, part.as_string());
      return out;
    }
    case KeyPart::Type::kInt:
      return part.as_int().to_string() + "n";
    case KeyPart::Type::kFloat:
      return number_to_display_string(part.as_float());
    case KeyPart::Type::kBool:
      return part.as_bool() ? "true" : "false";
  }
  return "";  // unreachable: the switch covers every type
}

}  // namespace

bool operator==(const KeyPart& a, const KeyPart& b) {
  if (a.type() == KeyPart::Type::kFloat && b.type() == KeyPart::Type::kFloat) {
    return codec::canonical_float_bits(a.as_float()) == codec::canonical_float_bits(b.as_float());
  }
  return a.v_ == b.v_;
}

std::string key_to_display_string(const Key& key) {
  std::string out = "[";
  const char* separator = "";
  for (const KeyPart& part : key) {
    out += separator + part_to_display_string(part);
    separator = ", ";
  }
  return out + "]";
}

}  // namespace openkv
