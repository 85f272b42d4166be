// Copyright (c) OpenKV authors.
#include "storage/remote/url.h"

#include <cctype>
#include <charconv>

#include "openkv/errors.h"

namespace openkv::storage::remote {
namespace {

[[noreturn]] void invalid(std::string_view text) {
  throw Error(ErrorCode::kInvalidArgument, "Invalid KV Connect URL: '" + std::string(text) + "'");
}

uint16_t default_port(const std::string& scheme) { return scheme == "https" ? 443 : 80; }

}  // namespace

std::string Url::authority() const {
  std::string h = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  if (port == default_port(scheme)) return h;
  return h + ":" + std::to_string(port);
}

Url parse_url(std::string_view text) {
  Url url;
  size_t colon = text.find("://");
  if (colon == std::string_view::npos) invalid(text);
  url.scheme = std::string(text.substr(0, colon));
  for (char& c : url.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (url.scheme != "http" && url.scheme != "https") invalid(text);
  std::string_view rest = text.substr(colon + 3);
  size_t slash = rest.find_first_of("/?#");
  std::string_view authority = rest.substr(0, slash);
  url.path = slash == std::string_view::npos ? "/" : std::string(rest.substr(slash));
  if (url.path.front() != '/') url.path.insert(url.path.begin(), '/');
  if (size_t hash = url.path.find('#'); hash != std::string::npos) url.path.resize(hash);
  if (size_t at = authority.rfind('@'); at != std::string_view::npos) {
    authority = authority.substr(at + 1);  // credentials go in the token, not the URL
  }
  std::string_view port_text;
  if (!authority.empty() && authority.front() == '[') {
    size_t close = authority.find(']');
    if (close == std::string_view::npos) invalid(text);
    url.host = std::string(authority.substr(1, close - 1));
    // An IPv6 literal (RFC 3986 §3.2.2): hex digits, colons, and dots for
    // an embedded IPv4 address.
    if (url.host.find_first_not_of("0123456789abcdefABCDEF:.") != std::string::npos) {
      invalid(text);
    }
    std::string_view after = authority.substr(close + 1);
    if (!after.empty()) {
      if (after.front() != ':') invalid(text);
      port_text = after.substr(1);
    }
  } else {
    size_t c = authority.rfind(':');
    url.host = std::string(authority.substr(0, c));
    if (c != std::string_view::npos) port_text = authority.substr(c + 1);
    // A name or IPv4 address: a colon or bracket here would make the URL
    // read back differently (to_string brackets a host with a colon), and
    // spaces or control characters cannot be sent in a Host header.
    for (unsigned char ch : url.host) {
      if (ch <= 0x20 || ch == 0x7f || ch == ':' || ch == '[' || ch == ']') invalid(text);
    }
  }
  if (url.host.empty()) invalid(text);
  url.port = default_port(url.scheme);
  if (!port_text.empty()) {
    unsigned value = 0;
    auto [end, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), value);
    if (ec != std::errc() || end != port_text.data() + port_text.size() || value == 0 ||
        value > 65535) {
      invalid(text);
    }
    url.port = static_cast<uint16_t>(value);
  }
  return url;
}

namespace {

// RFC 3986 §5.2.4: resolves "." and ".." segments of a path.
std::string remove_dot_segments(std::string_view in) {
  std::string out;
  while (!in.empty()) {
    if (in.starts_with("../")) {
      in.remove_prefix(3);
    } else if (in.starts_with("./")) {
      in.remove_prefix(2);
    } else if (in.starts_with("/./")) {
      in.remove_prefix(2);
    } else if (in == "/.") {
      in = "/";
    } else if (in.starts_with("/../") || in == "/..") {
      in = in.size() == 3 ? std::string_view("/") : in.substr(3);
      size_t last = out.rfind('/');
      out.resize(last == std::string::npos ? 0 : last);
    } else if (in == "." || in == "..") {
      in = {};
    } else {
      size_t next = in.find('/', 1);
      out.append(in.substr(0, next));
      in = next == std::string_view::npos ? std::string_view() : in.substr(next);
    }
  }
  return out;
}

// Whether `reference` starts with a scheme (RFC 3986 §3.1: ALPHA *( ALPHA /
// DIGIT / "+" / "-" / "." ) ":"), i.e. is an absolute URL. A "://" later on,
// in a query say, does not make it one.
bool has_scheme(std::string_view reference) {
  if (reference.empty() || !std::isalpha(static_cast<unsigned char>(reference[0]))) return false;
  for (char c : reference) {
    if (c == ':') return true;
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '+' && c != '-' && c != '.') {
      return false;
    }
  }
  return false;
}

// A reference with its own authority keeps its path, minus dot segments
// (RFC 3986 §5.2.2, the first two cases).
Url without_dot_segments(Url url) {
  const size_t query = url.path.find('?');
  std::string path = remove_dot_segments(std::string_view(url.path).substr(0, query));
  if (path.empty() || path.front() != '/') path.insert(path.begin(), '/');
  url.path = path + (query == std::string::npos ? "" : url.path.substr(query));
  return url;
}

}  // namespace

// RFC 3986 §5.2.2 (the fragment is dropped: it never reaches a server).
Url resolve_url(const Url& base, std::string_view reference) {
  reference = reference.substr(0, reference.find('#'));
  if (has_scheme(reference)) return without_dot_segments(parse_url(reference));
  if (reference.starts_with("//")) {
    return without_dot_segments(parse_url(base.scheme + ":" + std::string(reference)));
  }
  Url url = base;
  const size_t query = reference.find('?');
  std::string_view path = reference.substr(0, query);
  std::string_view query_part = query == std::string_view::npos ? "" : reference.substr(query);
  const std::string base_path = base.path.substr(0, base.path.find('?'));
  if (path.empty()) {
    url.path = base_path + std::string(query_part.empty() ? base.path.substr(base_path.size())
                                                          : std::string(query_part));
    return url;
  }
  std::string merged = path.front() == '/'
                           ? std::string(path)
                           : base_path.substr(0, base_path.rfind('/') + 1) + std::string(path);
  url.path = remove_dot_segments(merged) + std::string(query_part);
  if (url.path.empty() || url.path.front() != '/') url.path.insert(url.path.begin(), '/');
  return url;
}

}  // namespace openkv::storage::remote
