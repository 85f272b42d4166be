// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/usage_error.h"
#include "openkv/bigint.h"
#include "openkv/errors.h"

namespace openkv::cli {
namespace {

uint64_t parse_amount(const std::string& text) {
  std::optional<uint64_t> amount;
  try {
    amount = BigInt::parse(text).to_uint64();
  } catch (const Error&) {
    // Not a decimal integer: reported below like one out of range.
  }
  if (!amount) throw UsageError("n must be an integer from 0 to 18446744073709551615");
  return *amount;
}

}  // namespace

void register_sum_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    std::string key;
    std::string amount;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "sum", "Atomically add to a KvU64 counter (wrapping at 2^64) and print the new value");
  cmd->footer(
      "Examples:\n"
      "  openkv sum '[\"visits\"]' 1            a missing key starts at 0\n"
      "  openkv sum '[\"visits\"]' 18446744073709551615   adds 2^64-1, i.e. subtracts 1\n"
      "Fails (exit 1) when the entry holds anything but a KvU64.");
  args->db.add_to(*cmd);
  cmd->add_option("key", args->key, "Key as a JSON array")->required();
  cmd->add_option("n", args->amount, "Amount to add, 0 to 18446744073709551615")->required();
  cmd->callback([args] {
    Key key = parse_key_argument(args->key);
    uint64_t amount = parse_amount(args->amount);
    auto db = args->db.open(/*read_only=*/false);
    // The sum is a real sum mutation, made conditional on the entry it read
    // so that the printed result is exactly what this commit stored even
    // while others add to the same counter; a conflict just retries.
    for (;;) {
      EntryMaybe current = db->get(key);
      if (!db->atomic().check(current).sum(key, amount).commit().ok) continue;
      // The commit succeeded, so the entry was absent or a KvU64: anything
      // else fails the sum mutation with Deno's error.
      uint64_t before = current.exists() ? current.value->as_u64().value : 0;
      std::cout << before + amount << '\n';  // unsigned: wraps like the mutation
      return;
    }
  });
}

}  // namespace openkv::cli
