// Copyright (c) OpenKV authors.
//
// How keys and values are written on the command line (documented in the
// README). Mistakes throw UsageError, so the CLI exits with code 2.
#ifndef OPENKV_CLI_ARGUMENTS_H_
#define OPENKV_CLI_ARGUMENTS_H_

#include <memory>
#include <string>
#include <string_view>

#include "openkv/database.h"
#include "openkv/key.h"
#include "openkv/value.h"

namespace CLI {
class App;
}

namespace openkv::cli {

// A JSON array: strings, numbers and booleans stand for themselves; objects
// are the typed key-part nodes of @deno/kv-utils ({"type":"bigint",…}).
Key parse_key_argument(std::string_view text);

enum class ValueNotation { kPlainJson, kTyped, kU64 };
Value parse_value_argument(std::string_view text, ValueNotation notation);

// The --path option every local command shares, and opening it.
struct DatabaseArgument {
  std::string path = "./openkv.sqlite";
  std::string primary;  // --primary: Options::primary (a standby's primary)
  void add_to(CLI::App& command);
  // A server (KV Connect or PostgreSQL) rather than a file: no file to measure or copy.
  bool is_url() const;
  std::unique_ptr<Database> open(bool read_only) const;
};

}  // namespace openkv::cli

#endif  // OPENKV_CLI_ARGUMENTS_H_
