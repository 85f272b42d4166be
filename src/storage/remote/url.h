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

// Resolves a reference from the metadata against the metadata URL as a
// browser does (RFC 3986 §5.2): an absolute URL, a network-path reference
// ("//host/v2", the base's scheme), an absolute path ("/v2"), or a relative
// path ("v2", "../v2") with its dot segments removed; a query is kept, a
// fragment dropped. Throws Error(kInvalidArgument) if the result is not an
// http(s) URL.
Url resolve_url(const Url& base, std::string_view reference);

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_URL_H_
