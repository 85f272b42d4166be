// Copyright (c) OpenKV authors.
//
// JS property keys. The value model keeps every key as a string, as JS does;
// V8's wire format writes integer-like keys (array positions) as numbers.
// These two functions translate between the forms.
#ifndef OPENKV_CODEC_PROPERTY_KEY_H_
#define OPENKV_CODEC_PROPERTY_KEY_H_

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace openkv::codec {

// The largest array position: JS array lengths are below 2^32.
inline constexpr uint32_t kMaxArrayIndex = 4294967294u;

// The array position `key` names when it is the canonical decimal form of an
// integer in 0..2^32−2 ("0", "17"; not "017", "-1" or "1.0"), else nullopt.
std::optional<uint32_t> array_index_of(std::string_view key);

// JS ToString(number) (ECMA-262 Number::toString): "1", "-0.5", "1e+21",
// "NaN", "Infinity"; -0 gives "0". This is the key a number names.
std::string number_to_property_key(double number);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_PROPERTY_KEY_H_
