// Copyright (c) OpenKV authors.
//
// The query string of an admin API request (`a=1&b=%5B%5D`), as an HTML
// form or URLSearchParams writes it: pairs split at '&' and the first '=',
// '+' meaning space, %XX escapes decoded.
//
// Thread-safety: immutable after construction.
#ifndef OPENKV_SERVER_ADMIN_QUERY_STRING_H_
#define OPENKV_SERVER_ADMIN_QUERY_STRING_H_

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace openkv::server::admin {

class QueryString {
 public:
  // Throws Error(kInvalidArgument) for a '%' not followed by two hex digits.
  explicit QueryString(std::string_view query);

  // The last value of `name` (decoded), or nullopt when absent. An empty
  // value ("a=" or "a") counts as absent, so a form's blank field means
  // "not given".
  std::optional<std::string> get(std::string_view name) const;
  // "true"/"1" or "false"/"0"; `fallback` when absent. Throws
  // Error(kInvalidArgument) naming the parameter otherwise.
  bool get_bool(std::string_view name, bool fallback) const;
  // A decimal integer in [min, max]; `fallback` when absent. Throws
  // Error(kInvalidArgument) naming the parameter otherwise.
  int64_t get_int(std::string_view name, int64_t fallback, int64_t min, int64_t max) const;

 private:
  std::vector<std::pair<std::string, std::string>> pairs_;
};

}  // namespace openkv::server::admin

#endif  // OPENKV_SERVER_ADMIN_QUERY_STRING_H_
