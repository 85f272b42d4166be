// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <chrono>
#include <iostream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/usage_error.h"
#include "openkv/errors.h"

namespace openkv::cli {

void register_set_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    std::string key;
    std::string value;
    bool typed = false;
    bool u64 = false;
    std::optional<int64_t> expire_in_ms;
    std::optional<std::string> if_version;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("set", "Store a value under a key");
  cmd->footer(
      "Examples:\n"
      "  openkv set '[\"users\",\"alice\"]' '{\"name\":\"Alice\",\"age\":31}'\n"
      "  openkv set '[\"visits\"]' 0 --u64\n"
      "  openkv set '[\"d\"]' '{\"type\":\"Date\",\"value\":\"2024-01-01T00:00:00.000Z\"}' "
      "--typed\n"
      "  openkv set '[\"session\",\"x\"]' '\"token\"' --expire-in 60000\n"
      "  openkv set '[\"doc\"]' '\"v2\"' --if-version 00000000000000850000\n"
      "  openkv set '[\"doc\"]' '\"v1\"' --if-version none      only if the key is absent\n"
      "With --if-version the value is stored only if the entry still has that\n"
      "versionstamp (or, with none, does not exist); otherwise nothing is written\n"
      "and the exit code is 1.");
  args->db.add_to(*cmd);
  cmd->add_option("key", args->key, "Key as a JSON array")->required();
  cmd->add_option("value", args->value, "Value as JSON")->required();
  auto* typed =
      cmd->add_flag("--typed", args->typed, "The value is in the @deno/kv-utils JSON form");
  cmd->add_flag("--u64", args->u64, "Store the value (a decimal integer) as a KvU64")
      ->excludes(typed);
  cmd->add_option("--expire-in", args->expire_in_ms, "Milliseconds until the entry expires")
      ->check(CLI::NonNegativeNumber);
  cmd->add_option("--if-version", args->if_version,
                  "Write only if the entry has this versionstamp (20 hex digits), or 'none' "
                  "if it must not exist");
  cmd->callback([args] {
    Key key = parse_key_argument(args->key);
    ValueNotation notation = args->typed ? ValueNotation::kTyped
                             : args->u64 ? ValueNotation::kU64
                                         : ValueNotation::kPlainJson;
    Value value = parse_value_argument(args->value, notation);
    SetOptions options;
    if (args->expire_in_ms) options.expire_in = std::chrono::milliseconds(*args->expire_in_ms);
    std::optional<std::optional<Versionstamp>> expected;  // outer: was a check asked for
    if (args->if_version) {
      if (*args->if_version == "none") {
        expected.emplace(std::nullopt);
      } else {
        try {
          expected.emplace(Versionstamp::from_hex(*args->if_version));
        } catch (const Error&) {
          throw UsageError("--if-version takes 20 hex digits or 'none', not '" + *args->if_version +
                           "'");
        }
      }
    }
    auto db = args->db.open(/*read_only=*/false);
    AtomicOperation op = db->atomic();
    if (expected) op.check(key, *expected);
    CommitResult result = op.set(key, value, options).commit();
    if (!result.ok) {
      std::cerr << "not written: the entry's versionstamp is not "
                << (*expected ? (*expected)->to_hex() : std::string("none (it exists)")) << '\n';
      exit_code() = 1;
      return;
    }
    std::cout << result.versionstamp.to_hex() << '\n';
  });
}

}  // namespace openkv::cli
