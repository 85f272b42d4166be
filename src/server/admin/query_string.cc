// Copyright (c) OpenKV authors.

#include "server/admin/query_string.h"

#include <charconv>

#include "codec/hex.h"
#include "openkv/errors.h"

namespace openkv::server::admin {
namespace {

std::string decode(std::string_view s) {
  std::string out;
  out.reserve(s.size());
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '+') {
      out += ' ';
    } else if (s[i] != '%') {
      out += s[i];
    } else {
      auto byte = codec::from_hex(s.substr(i + 1, 2));
      if (!byte || byte->size() != 1) {
        throw Error(ErrorCode::kInvalidArgument,
                    "the query string has a '%' without two hex digits after it");
      }
      out += static_cast<char>((*byte)[0]);
      i += 2;
    }
  }
  return out;
}

}  // namespace

QueryString::QueryString(std::string_view query) {
  while (!query.empty()) {
    size_t amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    if (pair.empty()) continue;
    size_t eq = pair.find('=');
    std::string_view value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
    pairs_.emplace_back(decode(pair.substr(0, eq)), decode(value));
  }
}

std::optional<std::string> QueryString::get(std::string_view name) const {
  for (auto it = pairs_.rbegin(); it != pairs_.rend(); ++it) {
    if (it->first == name) {
      if (it->second.empty()) return std::nullopt;
      return it->second;
    }
  }
  return std::nullopt;
}

bool QueryString::get_bool(std::string_view name, bool fallback) const {
  auto v = get(name);
  if (!v) return fallback;
  if (*v == "true" || *v == "1") return true;
  if (*v == "false" || *v == "0") return false;
  throw Error(ErrorCode::kInvalidArgument,
              "the parameter \"" + std::string(name) + "\" must be true or false");
}

int64_t QueryString::get_int(std::string_view name, int64_t fallback, int64_t min,
                             int64_t max) const {
  auto v = get(name);
  if (!v) return fallback;
  int64_t n = 0;
  auto [end, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
  if (ec != std::errc() || end != v->data() + v->size() || n < min || n > max) {
    throw Error(ErrorCode::kInvalidArgument, "the parameter \"" + std::string(name) +
                                                 "\" must be an integer from " +
                                                 std::to_string(min) + " to " +
                                                 std::to_string(max));
  }
  return n;
}

}  // namespace openkv::server::admin
