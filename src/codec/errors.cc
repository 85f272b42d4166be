// Copyright (c) OpenKV authors.
#include "openkv/errors.h"

namespace openkv {

std::string_view error_code_name(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument:
      return "InvalidArgument";
    case ErrorCode::kOutOfRange:
      return "OutOfRange";
    case ErrorCode::kTypeMismatch:
      return "TypeMismatch";
    case ErrorCode::kCorruption:
      return "Corruption";
    case ErrorCode::kIoError:
      return "IoError";
    case ErrorCode::kReadOnly:
      return "ReadOnly";
    case ErrorCode::kUnsupported:
      return "Unsupported";
    case ErrorCode::kClosed:
      return "Closed";
    case ErrorCode::kUnavailable:
      return "Unavailable";
    case ErrorCode::kPermissionDenied:
      return "PermissionDenied";
  }
  // Only reachable with a value cast from outside the enumeration.
  return "Unknown";
}

}  // namespace openkv
