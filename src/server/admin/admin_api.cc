// Copyright (c) OpenKV authors.

#include "server/admin/admin_api.h"

#include <nlohmann/json.hpp>
#include <string_view>

#include "codec/json_notation.h"
#include "openkv/errors.h"
#include "server/admin/console_assets.h"
#include "server/kv_connect/auth.h"

namespace openkv::server::admin {
namespace {

using nlohmann::ordered_json;

constexpr std::string_view kDatabases = "/admin/v1/databases";
constexpr std::string_view kTokens = "/admin/v1/tokens";

transport::Response json_reply(int status, const ordered_json& body) {
  return {status, "application/json", body.dump()};
}

transport::Response error_reply(int status, std::string_view text) {
  return json_reply(status, {{"error", text}});
}

ordered_json database_json(const data_dir::Catalog& catalog, const data_dir::DatabaseRecord& d,
                           bool served) {
  auto size = catalog.size_of(d);
  ordered_json j{{"name", d.name},       {"id", d.id},     {"file", d.file},
                 {"created", d.created}, {"served", served}};
  j["size_bytes"] = size ? ordered_json(*size) : ordered_json(nullptr);
  return j;
}

// Never includes the digest: listing tokens must not help guess them.
ordered_json token_json(const data_dir::TokenRecord& t) {
  ordered_json j{{"id", t.id}, {"role", data_dir::role_name(t.role)}, {"created", t.created}};
  j["database"] = t.database.empty() ? ordered_json(nullptr) : ordered_json(t.database);
  j["prefix"] = t.prefix_key.empty() ? ordered_json(nullptr) : ordered_json::parse(t.prefix_key);
  return j;
}

// The member `name` of a JSON object body as a string, or "" if absent.
std::string string_member(const nlohmann::json& body, const char* name) {
  auto it = body.find(name);
  if (it == body.end() || it->is_null()) return "";
  if (!it->is_string()) {
    throw Error(ErrorCode::kInvalidArgument, std::string("\"") + name + "\" must be a string");
  }
  return it->get<std::string>();
}

nlohmann::json object_body(const transport::Request& request) {
  auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object()) throw Error(ErrorCode::kInvalidArgument, "the body must be a JSON object");
  return body;
}

}  // namespace

void AdminApi::handle(transport::Request request, std::shared_ptr<transport::Exchange> exchange) {
  if (is_console_path(request.path)) return exchange->respond(console_response(request));
  kv_connect::Access access;
  if (auto error = kv_connect::check_bearer(request.header("authorization"),
                                            directory_.admin_tokens(), access)) {
    return exchange->respond(error_reply(error->status, error->body));
  }
  const std::string_view path = request.path;
  if (path.starts_with(std::string(kDatabases) + "/")) {
    // /admin/v1/databases/<name>/<resource>: the data API.
    const std::string_view below = path.substr(kDatabases.size() + 1);
    const size_t slash = below.find('/');
    if (slash != std::string_view::npos && DataApi::is_data_path(below.substr(slash))) {
      std::string name(below.substr(0, slash));
      std::string rest(below.substr(slash));
      return data_.handle(std::move(name), std::move(rest), std::move(request), std::move(exchange));
    }
  }
  try {
    exchange->respond(dispatch(request));
  } catch (const Error& e) {
    const bool input = e.code() == ErrorCode::kInvalidArgument;
    exchange->respond(error_reply(input ? 400 : 500, e.what()));
  }
}

transport::Response AdminApi::dispatch(const transport::Request& request) {
  const std::string_view path = request.path;
  const std::string& method = request.method;
  auto& catalog = directory_.catalog();
  auto served = [&](const std::string& name) { return directory_.find(name) != nullptr; };

  if (path == kDatabases) {
    if (method == "GET") {
      ordered_json list = ordered_json::array();
      for (const auto& d : catalog.read().databases) {
        list.push_back(database_json(catalog, d, served(d.name)));
      }
      return json_reply(200, {{"databases", list}});
    }
    if (method == "POST") {
      auto record = catalog.create_database(string_member(object_body(request), "name"));
      directory_.reload();
      return json_reply(201, database_json(catalog, record, served(record.name)));
    }
    return error_reply(405, "Method not allowed.");
  }
  if (path.starts_with(std::string(kDatabases) + "/")) {
    const std::string name(path.substr(kDatabases.size() + 1));
    const auto state = catalog.read();
    const auto* record = state.find_database(name);
    if (record == nullptr) return error_reply(404, "no database named '" + name + "'");
    if (method == "GET") return json_reply(200, database_json(catalog, *record, served(name)));
    if (method == "DELETE") {
      catalog.drop_database(name);
      directory_.reload();
      return json_reply(200, {{"dropped", name}});
    }
    return error_reply(405, "Method not allowed.");
  }
  if (path == kTokens) {
    if (method == "GET") {
      ordered_json list = ordered_json::array();
      for (const auto& t : catalog.read().tokens) list.push_back(token_json(t));
      return json_reply(200, {{"tokens", list}});
    }
    if (method == "POST") {
      auto body = object_body(request);
      auto role = data_dir::parse_role(string_member(body, "role"));
      if (!role) {
        return error_reply(400, "\"role\" must be read-write, read-only or admin");
      }
      std::optional<Key> prefix;
      if (auto it = body.find("prefix"); it != body.end() && !it->is_null()) {
        prefix = codec::key_from_json(it->dump());
      }
      auto made = catalog.create_token(string_member(body, "database"), *role, prefix);
      directory_.reload();
      ordered_json reply = token_json(made.record);
      reply["token"] = made.secret;
      return json_reply(201, reply);
    }
    return error_reply(405, "Method not allowed.");
  }
  if (path.starts_with(std::string(kTokens) + "/")) {
    if (method != "DELETE") return error_reply(405, "Method not allowed.");
    const std::string id(path.substr(kTokens.size() + 1));
    const auto tokens = catalog.read().tokens;
    if (std::none_of(tokens.begin(), tokens.end(), [&](const auto& t) { return t.id == id; })) {
      return error_reply(404, "no token with id '" + id + "'");
    }
    catalog.revoke_token(id);
    directory_.reload();
    return json_reply(200, {{"revoked", id}});
  }
  return error_reply(404, "Resource not found.");
}

}  // namespace openkv::server::admin
