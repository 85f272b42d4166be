// Copyright (c) OpenKV authors.
//
// Keys are tuples of typed parts, exactly as in Deno KV:
//   Bytes < String < Int (bigint) < Float (number) < false < true
// and within a type by value. The order of keys is the unsigned byte order of
// their encodings (see encode_key in codec/), which this type never needs to
// know: compare encoded keys, not Key objects, when order matters.
//
// A C++ number is a Float part, as a JS number is: Key{"n", 1} is ["n", 1],
// not ["n", 1n]. Write BigInt(1) for an Int part.
//
// Thread-safety: value types; const methods may be called concurrently.
#ifndef OPENKV_KEY_H_
#define OPENKV_KEY_H_

#include <concepts>
#include <cstdint>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "openkv/bigint.h"

namespace openkv {

class KeyPart {
 public:
  enum class Type { kBytes, kString, kInt, kFloat, kBool };
  using Bytes = std::vector<uint8_t>;

  KeyPart(std::string s) : v_(std::move(s)) {}         // NOLINT: UTF-8 text
  KeyPart(std::string_view s) : v_(std::string(s)) {}  // NOLINT
  KeyPart(const char* s) : v_(std::string(s)) {}       // NOLINT
  KeyPart(BigInt i) : v_(std::move(i)) {}              // NOLINT
  KeyPart(bool b) : v_(b) {}                           // NOLINT
  template <typename N>
  requires(std::is_arithmetic_v<N> && !std::same_as<N, bool>) KeyPart(N n)
      : v_(static_cast<double>(n)) {}  // NOLINT: numbers are Float parts
  static KeyPart bytes(Bytes b) { return KeyPart(std::move(b)); }

  Type type() const { return static_cast<Type>(v_.index()); }
  const Bytes& as_bytes() const { return std::get<Bytes>(v_); }
  const std::string& as_string() const { return std::get<std::string>(v_); }
  const BigInt& as_int() const { return std::get<BigInt>(v_); }
  double as_float() const { return std::get<double>(v_); }
  bool as_bool() const { return std::get<bool>(v_); }

  // Structural equality. Floats compare by bit pattern after NaN
  // canonicalisation, so -0 != +0 and NaN == NaN, like their key encodings.
  friend bool operator==(const KeyPart& a, const KeyPart& b);

 private:
  explicit KeyPart(Bytes b) : v_(std::move(b)) {}
  std::variant<Bytes, std::string, BigInt, double, bool> v_;
};

using Key = std::vector<KeyPart>;

// Human-readable form like Deno's inspect output: ["users", 1, 2n, true,
// Uint8Array[0, 1]]. For display only; see codec/json for the typed JSON form.
std::string key_to_display_string(const Key& key);

}  // namespace openkv

#endif  // OPENKV_KEY_H_
