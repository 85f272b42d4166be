// Copyright (c) OpenKV authors.
//
// The remote backend's URL parser and resolver (storage/remote/url.h) on
// text from a server's metadata: "BASE\nREFERENCE". Whatever parses or
// resolves must be an http(s) URL whose text parses back to the same parts,
// and a path resolved from a reference with a path has no dot segments left:
// resolving it again against the same base changes nothing.
#include <string>
#include <string_view>

#include "fuzz_check.h"
#include "openkv/errors.h"
#include "storage/remote/url.h"

namespace {

using openkv::storage::remote::Url;

bool same(const Url& a, const Url& b) {
  return a.scheme == b.scheme && a.host == b.host && a.port == b.port && a.path == b.path;
}

void check_well_formed(const Url& url) {
  FUZZ_CHECK(url.scheme == "http" || url.scheme == "https", url.scheme.c_str());
  FUZZ_CHECK(!url.path.empty() && url.path[0] == '/', url.path.c_str());
  Url reparsed = openkv::storage::remote::parse_url(url.to_string());
  FUZZ_CHECK(same(reparsed, url), url.to_string().c_str());
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  namespace remote = openkv::storage::remote;
  std::string_view input(reinterpret_cast<const char*>(data), size);
  size_t newline = input.find('\n');
  std::string_view base_text = input.substr(0, newline);
  std::string_view reference =
      newline == std::string_view::npos ? std::string_view() : input.substr(newline + 1);
  Url base;
  try {
    base = remote::parse_url(base_text);
  } catch (const openkv::Error&) {
    return 0;
  }
  check_well_formed(base);
  Url resolved;
  try {
    resolved = remote::resolve_url(base, reference);
  } catch (const openkv::Error&) {
    return 0;
  }
  check_well_formed(resolved);
  // "//x" would be read as a host; RFC 3986 §5.2.4 leaves that case to the
  // URL's writer. A reference without a path (empty, "?q", "#f") keeps the
  // base's path as it is, dot segments included (RFC 3986 §5.2.2).
  const bool has_path = !reference.empty() && reference[0] != '?' && reference[0] != '#';
  if (has_path && !resolved.path.starts_with("//")) {
    Url base_at_host = base;
    base_at_host.host = resolved.host;
    base_at_host.port = resolved.port;
    base_at_host.scheme = resolved.scheme;
    FUZZ_CHECK(same(remote::resolve_url(base_at_host, resolved.path), resolved),
               resolved.to_string().c_str());
  }
  return 0;
}
