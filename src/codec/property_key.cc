// Copyright (c) OpenKV authors.
#include "codec/property_key.h"

#include <charconv>
#include <cmath>
#include <cstdlib>

namespace openkv::codec {

std::optional<uint32_t> array_index_of(std::string_view key) {
  if (key.empty() || key.size() > 10) return std::nullopt;
  if (key.size() > 1 && key[0] == '0') return std::nullopt;
  uint64_t n = 0;
  for (char c : key) {
    if (c < '0' || c > '9') return std::nullopt;
    n = n * 10 + static_cast<uint64_t>(c - '0');
  }
  if (n > kMaxArrayIndex) return std::nullopt;
  return static_cast<uint32_t>(n);
}

std::string number_to_property_key(double number) {
  if (std::isnan(number)) return "NaN";
  if (number == 0) return "0";
  if (std::isinf(number)) return number < 0 ? "-Infinity" : "Infinity";
  if (number < 0) {
    std::string text = "-";
    text += number_to_property_key(-number);
    return text;
  }

  // Shortest round-trip digits d1d2…dk and exponent e with
  // number = 0.d1…dk × 10^n, n = e + 1 (the notation of ECMA-262).
  char buf[64];
  auto result = std::to_chars(buf, buf + sizeof(buf), number, std::chars_format::scientific);
  std::string_view sci(buf, static_cast<size_t>(result.ptr - buf));
  size_t e_pos = sci.find('e');
  std::string digits;
  for (char c : sci.substr(0, e_pos)) {
    if (c != '.') digits += c;
  }
  int exponent = 0;
  std::string_view exp_text = sci.substr(e_pos + 1);
  if (exp_text[0] == '+') exp_text.remove_prefix(1);
  std::from_chars(exp_text.data(), exp_text.data() + exp_text.size(), exponent);
  const int k = static_cast<int>(digits.size());
  const int n = exponent + 1;

  if (k <= n && n <= 21) return digits + std::string(static_cast<size_t>(n - k), '0');
  if (0 < n && n <= 21)
    return digits.substr(0, static_cast<size_t>(n)) + "." + digits.substr(static_cast<size_t>(n));
  if (-6 < n && n <= 0) return "0." + std::string(static_cast<size_t>(-n), '0') + digits;
  std::string mantissa = k == 1 ? digits : digits.substr(0, 1) + "." + digits.substr(1);
  return mantissa + "e" + (n - 1 < 0 ? "-" : "+") + std::to_string(std::abs(n - 1));
}

}  // namespace openkv::codec
