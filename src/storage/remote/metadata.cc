// Copyright (c) OpenKV authors.
#include "storage/remote/metadata.h"

#include <chrono>
#include <cstdio>
#include <nlohmann/json.hpp>

#include "openkv/errors.h"

namespace openkv::storage::remote {
namespace {

[[noreturn]] void fail(const std::string& reason) {
  throw Error(ErrorCode::kUnsupported, "Failed to parse metadata: " + reason);
}

const nlohmann::json& field(const nlohmann::json& object, const char* name) {
  auto it = object.find(name);
  if (it == object.end()) fail(std::string("could not get '") + name + "' field");
  return *it;
}

std::string string_field(const nlohmann::json& object, const char* name) {
  const auto& value = field(object, name);
  if (!value.is_string()) fail(std::string("'") + name + "' is not a string");
  return value.get<std::string>();
}

}  // namespace

std::string metadata_request_body() { return R"({"supportedVersions":[1,2,3]})"; }

int64_t parse_iso8601_ms(std::string_view text) {
  int y = 0, mo = 0, d = 0, h = 0, mi = 0, consumed = 0;
  double s = 0;
  std::string copy(text);
  if (std::sscanf(copy.c_str(), "%4d-%2d-%2dT%2d:%2d:%lf%n", &y, &mo, &d, &h, &mi, &s, &consumed) !=
      6) {
    fail("invalid 'expiresAt': " + copy);
  }
  std::string_view zone = text.substr(consumed);
  int offset_minutes = 0;
  if (zone == "Z" || zone == "z") {
  } else if (zone.size() == 6 && (zone[0] == '+' || zone[0] == '-') && zone[3] == ':') {
    int oh = std::stoi(std::string(zone.substr(1, 2)));
    int om = std::stoi(std::string(zone.substr(4, 2)));
    offset_minutes = (zone[0] == '+' ? 1 : -1) * (oh * 60 + om);
  } else {
    fail("invalid 'expiresAt': " + copy);
  }
  using namespace std::chrono;
  year_month_day date{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!date.ok()) fail("invalid 'expiresAt': " + copy);
  int64_t days = sys_days(date).time_since_epoch().count();
  int64_t ms = ((days * 24 + h) * 60 + mi - offset_minutes) * 60000;
  return ms + static_cast<int64_t>(s * 1000.0 + 0.5);
}

DatabaseMetadata parse_metadata(std::string_view json, const Url& base) {
  nlohmann::json doc = nlohmann::json::parse(json, nullptr, /*allow_exceptions=*/false);
  if (!doc.is_object()) fail("the reply is not a JSON object");
  DatabaseMetadata metadata;
  const auto& version = field(doc, "version");
  if (!version.is_number_integer()) fail("'version' is not an integer");
  metadata.version = version.get<int>();
  if (metadata.version < 1 || metadata.version > 3) {
    fail("unsupported metadata version: " + std::to_string(metadata.version));
  }
  // Version 1 servers name the database "uuid".
  metadata.database_id = string_field(
      doc, metadata.version == 1 && !doc.contains("databaseId") ? "uuid" : "databaseId");
  metadata.token = string_field(doc, "token");
  if (metadata.token.empty()) fail("'token' is empty");
  metadata.expires_at_ms = parse_iso8601_ms(string_field(doc, "expiresAt"));
  const auto& endpoints = field(doc, "endpoints");
  if (!endpoints.is_array()) fail("'endpoints' is not an array");
  for (const auto& e : endpoints) {
    if (!e.is_object()) fail("an endpoint is not an object");
    std::string url = string_field(e, "url");
    std::string consistency = string_field(e, "consistency");
    if (consistency != "strong" && consistency != "eventual") {
      fail("unsupported consistency level: " + consistency);
    }
    if (!url.empty() && url.back() == '/') fail("endpoint URL must not end with '/': " + url);
    if (metadata.version == 1 && url.find("://") == std::string::npos) {
      fail("version 1 endpoint URL must be absolute: " + url);
    }
    metadata.endpoints.push_back({resolve_url(base, url), consistency == "strong"});
  }
  bool has_strong = false;
  for (const auto& e : metadata.endpoints) has_strong |= e.strong;
  if (!has_strong) fail("no strong consistency endpoint is available");
  return metadata;
}

}  // namespace openkv::storage::remote
