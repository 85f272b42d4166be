// Copyright (c) OpenKV authors.

#include "server/kv_connect/access.h"

#include <openssl/crypto.h>
#include <openssl/sha.h>

#include <algorithm>

namespace openkv::server::kv_connect {

TokenDigest digest_token(std::string_view token) {
  TokenDigest out;
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), out.data());
  return out;
}

bool digests_equal(const TokenDigest& a, const TokenDigest& b) {
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

bool Access::covers_key(const core::Bytes& key) const {
  return key.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), key.begin());
}

bool Access::narrow_range(core::ReadRange& range) const {
  if (!scoped()) return true;
  core::Bytes limit = prefix;
  limit.push_back(0xff);
  if (range.reverse) {
    if (range.end <= prefix || range.end > limit) return false;
    range.start = std::max(range.start, prefix);
  } else {
    if (range.start < prefix || range.start >= limit) return false;
    range.end = std::min(range.end, limit);
  }
  return true;
}

StaticTokenAuthenticator::StaticTokenAuthenticator(std::string_view token, bool read_only)
    : digest_(digest_token(token)), read_only_(read_only) {}

std::optional<Access> StaticTokenAuthenticator::lookup(std::string_view token) const {
  if (!digests_equal(digest_token(token), digest_)) return std::nullopt;
  return Access{read_only_, {}};
}

}  // namespace openkv::server::kv_connect
