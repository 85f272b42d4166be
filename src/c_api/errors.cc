// Copyright (c) OpenKV authors.
//
// Error objects and the mapping from openkv::ErrorCode to openkv_status.
#include <iterator>

#include "c_api/handles.h"

namespace openkv::c_api {

openkv_status fail(openkv_error** error, openkv_status code, const char* message) noexcept {
  if (error != nullptr) {
    // Out of memory while reporting a failure: the status still tells it.
    try {
      *error = new openkv_error{code, message};
    } catch (...) {
    }
  }
  return code;
}

namespace {

// kMirrored[i] is the code of openkv_status i + 1: the C enum lists the C++
// codes in their order, so one table serves both directions.
constexpr ErrorCode kMirrored[] = {
    ErrorCode::kInvalidArgument,  ErrorCode::kOutOfRange, ErrorCode::kTypeMismatch,
    ErrorCode::kCorruption,       ErrorCode::kIoError,    ErrorCode::kReadOnly,
    ErrorCode::kUnsupported,      ErrorCode::kClosed,     ErrorCode::kUnavailable,
    ErrorCode::kPermissionDenied,
};
static_assert(std::size(kMirrored) == OPENKV_PERMISSION_DENIED);

}  // namespace

openkv_status status_of(ErrorCode code) {
  for (size_t i = 0; i < std::size(kMirrored); ++i) {
    if (kMirrored[i] == code) return static_cast<openkv_status>(i + 1);
  }
  return OPENKV_INTERNAL;  // a value cast from outside the enumeration
}

const char* status_name(openkv_status status) {
  if (status == OPENKV_OK) return "OK";
  if (status == OPENKV_INTERNAL) return "Internal";
  if (status < OPENKV_OK || status > OPENKV_PERMISSION_DENIED) return "Unknown";
  // error_code_name views a string literal, so data() is NUL-terminated and static.
  return error_code_name(kMirrored[status - 1]).data();
}

}  // namespace openkv::c_api

extern "C" {

openkv_status openkv_error_code(const openkv_error* error) { return error->code; }

const char* openkv_error_message(const openkv_error* error) { return error->message.c_str(); }

void openkv_error_free(openkv_error* error) { delete error; }

const char* openkv_status_name(openkv_status status) { return openkv::c_api::status_name(status); }

}  // extern "C"
