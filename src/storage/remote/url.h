// Copyright (c) OpenKV authors.
//
// The few URL operations KV Connect needs: split an http(s) URL into origin
// and path, and resolve an endpoint URL from the metadata against the
// metadata URL (spec 04 §2.2). Pure functions; thread-safe.
#ifndef OPENKV_STORAGE_REMOTE_URL_H_
#define OPENKV_STORAGE_REMOTE_URL_H_

#include <cstdint>
#include <string>
#include <string_view>

namespace openkv::storage::remote {

struct Url {
  std::string scheme;  // "http" or "https"
  std::string host;    // without brackets for IPv6 literals
  uint16_t port = 0;
  std::string path;  // starts with '/'; may carry a query

  // scheme://host[:port] as written in Host / :authority (default ports omitted).
  std::string authority() const;
  std::string to_string() const { return scheme + "://" + authority() + path; }
};

// Throws Error(kInvalidArgument) for anything but an absolute http(s) URL.
Url parse_url(std::string_view text);

// An absolute URL, an absolute path ("/v2") on the base's origin, or a path
// relative to the base's directory.
Url resolve_url(const Url& base, std::string_view reference);

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_URL_H_
