// Copyright (c) OpenKV authors.

#include "server/data_dir/token_table.h"

namespace openkv::server::data_dir {
namespace {

std::optional<std::vector<unsigned char>> from_hex(std::string_view hex) {
  if (hex.size() % 2 != 0) return std::nullopt;
  std::vector<unsigned char> out;
  auto nibble = [](char c) -> int {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    return -1;
  };
  for (size_t i = 0; i < hex.size(); i += 2) {
    int hi = nibble(hex[i]), lo = nibble(hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    out.push_back(static_cast<unsigned char>(hi * 16 + lo));
  }
  return out;
}

}  // namespace

std::vector<TokenTable::Grant> TokenTable::grants_for(const CatalogState& state,
                                                      std::string_view database) {
  std::vector<Grant> grants;
  for (const auto& t : state.tokens) {
    const bool admin = t.role == TokenRole::kAdmin;
    if (!admin && (database.empty() || t.database != database)) continue;
    auto digest = from_hex(t.sha256_hex);
    auto prefix = from_hex(t.prefix_hex);
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
