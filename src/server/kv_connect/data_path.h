// Copyright (c) OpenKV authors.
//
// What every data-path request goes through, KV Connect's own endpoints and
// the OpenKV queue extension alike: the identity headers and the protobuf
// body (spec 04 §3.3 steps 1–5), and the protobuf reply. Thread-safe.
#ifndef OPENKV_SERVER_KV_CONNECT_DATA_PATH_H_
#define OPENKV_SERVER_KV_CONNECT_DATA_PATH_H_

#include <google/protobuf/message_lite.h>

#include <optional>
#include <string>
#include <string_view>

#include "server/kv_connect/auth.h"
#include "server/kv_connect/errors.h"
#include "server/transport/http.h"

namespace openkv::server::kv_connect {

// The identity a data-path request must present.
struct DataPathIdentity {
  const Authenticator* authenticator = nullptr;  // outlives the identity
  std::string database_id;                       // canonical UUID
};

// Checks the headers, then parses the body as `Message` into `out`; sets
// `access` to what the request's token grants.
template <typename Message>
std::optional<RequestError> decode_data_path(const transport::Request& request,
                                             const DataPathIdentity& identity, Message& out,
                                             Access& access) {
  const std::string* version = request.header("x-denokv-version");
  if (version == nullptr || (*version != "2" && *version != "3")) {
    return bad_request(text::kInvalidProtocolVersion);
  }
  if (auto error =
          check_bearer(request.header("authorization"), *identity.authenticator, access)) {
    return error;
  }
  const std::string* id = request.header("x-denokv-database-id");
  if (id == nullptr || canonical_uuid(*id) != identity.database_id) {
    return bad_request(text::kInvalidDatabaseId);
  }
  if (!out.ParseFromString(request.body)) {
    return bad_request("Request protobuf is invalid: could not decode " + out.GetTypeName() + ".");
  }
  return std::nullopt;
}

inline transport::Response protobuf_response(const google::protobuf::MessageLite& message) {
  return {200, "application/x-protobuf", message.SerializeAsString()};
}

}  // namespace openkv::server::kv_connect

#endif  // OPENKV_SERVER_KV_CONNECT_DATA_PATH_H_
