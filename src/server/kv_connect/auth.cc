// Copyright (c) OpenKV authors.

#include "server/kv_connect/auth.h"

#include <cctype>

namespace openkv::server::kv_connect {
namespace {

bool equals_ignore_case(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) !=
        std::tolower(static_cast<unsigned char>(b[i]))) {
      return false;
    }
  }
  return true;
}

}  // namespace

std::optional<RequestError> check_bearer(const std::string* header,
                                         const Authenticator& authenticator, Access& access,
                                         std::string* token_out) {
  if (header == nullptr) return RequestError{401, std::string(text::kMalformedAuthorization)};
  std::string_view value = *header;
  size_t space = value.find(' ');
  if (space == std::string_view::npos) {
    return RequestError{401, std::string(text::kMalformedAuthorization)};
  }
  std::string_view scheme = value.substr(0, space);
  std::string_view token = value.substr(space + 1);
  std::optional<Access> granted = authenticator.lookup(token);
  if (!equals_ignore_case(scheme, "bearer") || !granted) {
    return RequestError{401, std::string(text::kInvalidAccessToken)};
  }
  access = std::move(*granted);
  if (token_out != nullptr) *token_out = std::string(token);
  return std::nullopt;
}

std::optional<std::string> canonical_uuid(std::string_view text) {
  std::string hex;
  if (text.size() == 36) {
    for (size_t i = 0; i < text.size(); ++i) {
      bool dash_position = i == 8 || i == 13 || i == 18 || i == 23;
      if (dash_position != (text[i] == '-')) return std::nullopt;
      if (!dash_position) hex.push_back(text[i]);
    }
  } else if (text.size() == 32) {
    hex = text;
  } else {
    return std::nullopt;
  }
  for (char& c : hex) {
    if (!std::isxdigit(static_cast<unsigned char>(c))) return std::nullopt;
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return hex.substr(0, 8) + "-" + hex.substr(8, 4) + "-" + hex.substr(12, 4) + "-" +
         hex.substr(16, 4) + "-" + hex.substr(20);
}

}  // namespace openkv::server::kv_connect
