// Copyright (c) OpenKV authors.
//
// Hex helpers for the golden vectors of spec 04 §9.
#ifndef OPENKV_TESTS_SERVER_TEST_UTIL_H_
#define OPENKV_TESTS_SERVER_TEST_UTIL_H_

#include <string>
#include <string_view>

namespace openkv::server::testing {

inline std::string unhex(std::string_view hex) {
  std::string out;
  for (size_t i = 0; i + 1 < hex.size(); i += 2) {
    out.push_back(static_cast<char>(std::stoi(std::string(hex.substr(i, 2)), nullptr, 16)));
  }
  return out;
}

inline std::string hex(std::string_view bytes) {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(digits[c >> 4]);
    out.push_back(digits[c & 15]);
  }
  return out;
}

}  // namespace openkv::server::testing

#endif  // OPENKV_TESTS_SERVER_TEST_UTIL_H_
