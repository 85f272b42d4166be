// Copyright (c) OpenKV authors.
//
// The one error type of the public API. Every operation that fails throws an
// openkv::Error; the code says what kind of failure it was, and what() carries
// the exact text of the specification where it gives one (so messages match
// what Deno prints for the same mistake).
#ifndef OPENKV_ERRORS_H_
#define OPENKV_ERRORS_H_

#include <stdexcept>
#include <string>
#include <string_view>

namespace openkv {

enum class ErrorCode {
  kInvalidArgument,   // caller's input is malformed or over a limit (Deno: TypeError)
  kOutOfRange,        // a number does not fit its type (Deno: RangeError)
  kTypeMismatch,      // a mutation does not fit the stored data (sum on a string, …),
                      // or a Value read as a type it does not hold (as_string on a number)
  kCorruption,        // stored bytes cannot be decoded
  kIoError,           // the storage layer failed (SQLite error, disk full, …)
  kReadOnly,          // a write on a database opened read-only
  kUnsupported,       // a file or protocol version this build does not handle
  kClosed,            // the database was closed
  kUnavailable,       // a remote server cannot be reached or refused for now
  kPermissionDenied,  // a remote server rejected the credentials
};

// Short stable name of a code, e.g. "InvalidArgument"; used in CLI output.
std::string_view error_code_name(ErrorCode code);

// Thread-safety: immutable after construction.
class Error : public std::runtime_error {
 public:
  Error(ErrorCode code, const std::string& message) : std::runtime_error(message), code_(code) {}

  ErrorCode code() const noexcept { return code_; }

 private:
  ErrorCode code_;
};

}  // namespace openkv

#endif  // OPENKV_ERRORS_H_
