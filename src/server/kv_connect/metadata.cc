// Copyright (c) OpenKV authors.

#include "server/kv_connect/metadata.h"

#include <fmt/format.h>

#include <algorithm>
#include <ctime>
#include <nlohmann/json.hpp>
#include <vector>

#include "server/kv_connect/auth.h"
#include "server/kv_connect/errors.h"

namespace openkv::server::kv_connect {
namespace {

// The offered versions, or nullopt when the body is not the JSON object the
// protocol describes. A missing list counts as empty (no common version).
std::optional<std::vector<int64_t>> supported_versions(const std::string& body) {
  auto json = nlohmann::json::parse(body, nullptr, /*allow_exceptions=*/false);
  if (!json.is_object()) return std::nullopt;
  std::vector<int64_t> versions;
  auto it = json.find("supportedVersions");
  if (it == json.end()) return versions;
  if (!it->is_array()) return std::nullopt;
  for (const auto& v : *it) {
    if (!v.is_number_integer()) return std::nullopt;
    versions.push_back(v.get<int64_t>());
  }
  return versions;
}

}  // namespace

std::string iso8601_utc(int64_t unix_ms) {
  std::time_t seconds = static_cast<std::time_t>(unix_ms / 1000);
  std::tm tm{};
  gmtime_r(&seconds, &tm);
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", tm.tm_year + 1900, tm.tm_mon + 1,
                     tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, unix_ms % 1000);
}

transport::Response exchange_metadata(const transport::Request& request,
                                      const MetadataOptions& options, int64_t now_ms) {
  auto versions = supported_versions(request.body);
  if (!versions) return to_response(bad_request(text::kMinimumProtocolVersion));
  auto offers = [&](int64_t v) {
    return std::find(versions->begin(), versions->end(), v) != versions->end();
  };
  if (!offers(3) && !offers(2)) return to_response(bad_request(text::kNoMatchingProtocolVersion));
  Access access;
  std::string token;
  if (auto error =
          check_bearer(request.header("authorization"), *options.authenticator, access, &token)) {
    return to_response(*error);
  }
  // Member order as in denokv's reply; clients reject any extra member.
  nlohmann::ordered_json reply;
  reply["version"] = offers(3) ? 3 : 2;
  reply["databaseId"] = options.database_id;
  // Deno's own client sends every call to the first strong endpoint;
  // @deno/kv sends eventual reads and watches to the eventual one.
  reply["endpoints"] =
      nlohmann::ordered_json::array({{{"url", options.endpoint}, {"consistency", "strong"}}});
  if (!options.eventual_endpoint.empty()) {
    reply["endpoints"].push_back(
        {{"url", options.eventual_endpoint}, {"consistency", "eventual"}});
  }
  reply["token"] = token;
  reply["expiresAt"] = iso8601_utc(now_ms + options.token_lifetime.count());
  return {200, "application/json", reply.dump()};
}

}  // namespace openkv::server::kv_connect
