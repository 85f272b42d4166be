// Copyright (c) OpenKV authors.

#include "server/data_dir/token_table.h"

#include "codec/hex.h"

namespace openkv::server::data_dir {

std::vector<TokenTable::Grant> TokenTable::grants_for(const CatalogState& state,
                                                      std::string_view database) {
  std::vector<Grant> grants;
  for (const auto& t : state.tokens) {
    const bool admin = t.role == TokenRole::kAdmin;
    if (!admin && (database.empty() || t.database != database)) continue;
    auto digest = codec::from_hex(t.sha256_hex);
    auto prefix = codec::from_hex(t.prefix_hex);
    if (!digest || digest->size() != kv_connect::TokenDigest{}.size() || !prefix) continue;
    Grant g;
    std::copy(digest->begin(), digest->end(), g.digest.begin());
    g.access.read_only = t.role == TokenRole::kReadOnly;
    g.access.prefix.assign(prefix->begin(), prefix->end());
    grants.push_back(std::move(g));
  }
  return grants;
}

void TokenTable::replace(std::vector<Grant> grants) {
  auto next = std::make_shared<const std::vector<Grant>>(std::move(grants));
  std::lock_guard<std::mutex> lock(mu_);
  grants_ = std::move(next);
}

std::optional<kv_connect::Access> TokenTable::lookup(std::string_view token) const {
  std::shared_ptr<const std::vector<Grant>> grants;
  {
    std::lock_guard<std::mutex> lock(mu_);
    grants = grants_;
  }
  const auto digest = kv_connect::digest_token(token);
  const Grant* match = nullptr;
  for (const auto& g : *grants) {
    if (kv_connect::digests_equal(digest, g.digest)) match = &g;
  }
  if (match == nullptr) return std::nullopt;
  return match->access;
}

}  // namespace openkv::server::data_dir
