// Copyright (c) OpenKV authors.
//
// Human-readable rendering of values, close to what Deno's console.log
// prints (`{ name: "Alice", age: 31 }`, `10n`, `Map(1) { "k" => 1 }`), for
// terminal output. Scripts should use --json, which is typed and round-trips.
#ifndef OPENKV_CLI_DISPLAY_H_
#define OPENKV_CLI_DISPLAY_H_

#include <string>

#include "openkv/value.h"

namespace openkv::cli {

std::string display_value(const Value& value);

}  // namespace openkv::cli

#endif  // OPENKV_CLI_DISPLAY_H_
