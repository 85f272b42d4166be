// Copyright (c) OpenKV authors.
//
// A mistake in how a command was called (as opposed to a failed operation):
// main() prints it and exits with code 2.
#ifndef OPENKV_CLI_USAGE_ERROR_H_
#define OPENKV_CLI_USAGE_ERROR_H_

#include <stdexcept>
#include <string>

namespace openkv::cli {

class UsageError : public std::runtime_error {
 public:
  explicit UsageError(const std::string& message) : std::runtime_error(message) {}
};

}  // namespace openkv::cli

#endif  // OPENKV_CLI_USAGE_ERROR_H_
