// Copyright (c) OpenKV authors.
//
// What a bearer token lets a request do, and who decides it. A token grants
// an Access: read-write or read-only, on the whole database or only on the
// keys under one key prefix (docs/OPERATIONS.md, "Tokens"). Service asks its
// Authenticator once per request, so a token revoked in the catalog stops
// working on the next request.
//
// Tokens are compared as SHA-256 digests with CRYPTO_memcmp: the time taken
// depends neither on where a wrong token differs nor on its length.
//
// Thread-safety: Access is a value; Authenticator implementations must be
// safe for concurrent lookup().
#ifndef OPENKV_SERVER_KV_CONNECT_ACCESS_H_
#define OPENKV_SERVER_KV_CONNECT_ACCESS_H_

#include <array>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "core/raw.h"

namespace openkv::server::kv_connect {

using TokenDigest = std::array<unsigned char, 32>;

// SHA-256 of `token` (OpenSSL).
TokenDigest digest_token(std::string_view token);
// Constant-time equality of two digests (CRYPTO_memcmp).
bool digests_equal(const TokenDigest& a, const TokenDigest& b);

struct Access {
  bool read_only = false;
  // Encoded key bytes every key touched must start with; empty = any key.
  // Key parts encode self-delimited, so a byte prefix of encoded keys is
  // exactly a tuple prefix of the keys.
  core::Bytes prefix;

  bool scoped() const { return !prefix.empty(); }
  // Whether `key` starts with the prefix.
  bool covers_key(const core::Bytes& key) const;
  // Narrows `range` to the keys under the prefix, or returns false when it
  // does not start inside the prefix. A range "starts" at its start when
  // read forward and at its end when read in reverse: that is where the
  // first entry it returns comes from. @deno/kv reads one key k as the
  // range [k, 0xff) with limit 1, so its far side must be clamped rather
  // than refused. Keys under a prefix P lie in [P, P + 0xff): no key part's
  // tag byte is 0xff. Unscoped access leaves every range as it is.
  bool narrow_range(core::ReadRange& range) const;
};

class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // The access `token` grants, or nullopt when it is not a valid token.
  virtual std::optional<Access> lookup(std::string_view token) const = 0;
};

// One fixed token (`openkv serve --path`): read-write unless `read_only`.
class StaticTokenAuthenticator : public Authenticator {
 public:
  StaticTokenAuthenticator(std::string_view token, bool read_only);
  std::optional<Access> lookup(std::string_view token) const override;

 private:
  TokenDigest digest_;
  bool read_only_;
};

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_ACCESS_H_
