// Copyright (c) OpenKV authors.

#include "server/kv_connect/errors.h"

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "openkv/errors.h"

namespace openkv::server::kv_connect {

std::string unknown_encoding_text(long long encoding) {
  return fmt::format("The value encoding {} is unknown.", encoding);
}

RequestError error_from_exception(std::exception_ptr error) {
  try {
    std::rethrow_exception(error);
  } catch (const Error& e) {
    switch (e.code()) {
      case ErrorCode::kInvalidArgument:
      case ErrorCode::kOutOfRange:
      case ErrorCode::kTypeMismatch:
      case ErrorCode::kCorruption:
        return bad_request(e.what());
      case ErrorCode::kReadOnly:
        return bad_request(text::kReadOnly);
      case ErrorCode::kClosed:
      case ErrorCode::kUnavailable:
        return {503, std::string(text::kUnavailable)};
      case ErrorCode::kIoError:
      case ErrorCode::kUnsupported:
      case ErrorCode::kPermissionDenied:
        break;
    }
    spdlog::error("internal error: {}", e.what());
  } catch (const std::exception& e) {
    spdlog::error("internal error: {}", e.what());
  } catch (...) {
    spdlog::error("internal error: unknown exception");
  }
  return {500, std::string(text::kInternal)};
}

transport::Response to_response(const RequestError& error) {
  return {error.status, "text/plain; charset=utf-8", error.body};
}

}  // namespace openkv::server::kv_connect
