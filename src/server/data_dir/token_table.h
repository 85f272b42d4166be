// Copyright (c) OpenKV authors.
//
// The tokens of one database (or the admin tokens) as a server holds them:
// digests and what each grants, replaced whole when the catalog changes, so
// a revoked token fails from the next request on.
//
// Thread-safety: lookup() and replace() may run concurrently.
#ifndef OPENKV_SERVER_DATA_DIR_TOKEN_TABLE_H_
#define OPENKV_SERVER_DATA_DIR_TOKEN_TABLE_H_

#include <memory>
#include <mutex>
#include <optional>
#include <string_view>
#include <vector>

#include "server/data_dir/catalog.h"
#include "server/kv_connect/access.h"

namespace openkv::server::data_dir {

class TokenTable : public kv_connect::Authenticator {
 public:
  struct Grant {
    kv_connect::TokenDigest digest;
    kv_connect::Access access;
  };

  // The grants of `database`'s tokens and of every admin token (read-write on
  // the whole database); with `database` empty, the admin tokens only.
  // Records whose digest is not 64 hex digits are skipped.
  static std::vector<Grant> grants_for(const CatalogState& state, std::string_view database);

  void replace(std::vector<Grant> grants);
  // Compares the digest with every grant (no early exit), so the time taken
  // does not tell which or how many tokens exist.
  std::optional<kv_connect::Access> lookup(std::string_view token) const override;

 private:
  mutable std::mutex mu_;
  std::shared_ptr<const std::vector<Grant>> grants_ =
      std::make_shared<const std::vector<Grant>>();  // guarded by mu_
};

}  // namespace openkv::server::data_dir

#endif  // OPENKV_SERVER_DATA_DIR_TOKEN_TABLE_H_
