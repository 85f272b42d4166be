// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <charconv>
#include <chrono>
#include <iostream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/usage_error.h"

namespace openkv::cli {
namespace {

// "100,1000,5000" → {100, 1000, 5000}; "" → {} (never retry). The library
// checks the bounds with Deno's texts.
std::vector<int64_t> parse_backoff(const std::string& text) {
  std::vector<int64_t> schedule;
  if (text.empty()) return schedule;
  size_t start = 0;
  for (;;) {
    size_t comma = text.find(',', start);
    std::string_view item(text.data() + start,
                          (comma == std::string::npos ? text.size() : comma) - start);
    int64_t ms = 0;
    auto [end, error] = std::from_chars(item.data(), item.data() + item.size(), ms);
    if (error != std::errc() || end != item.data() + item.size()) {
      throw UsageError("--backoff: '" + std::string(item) +
                       "' is not a number of milliseconds (expected e.g. 100,1000,5000)");
    }
    schedule.push_back(ms);
    if (comma == std::string::npos) return schedule;
    start = comma + 1;
  }
}

}  // namespace

void register_enqueue_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    std::string value;
    bool typed = false;
    int64_t delay_ms = 0;
    std::vector<std::string> keys_if_undelivered;
    std::optional<std::string> backoff;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("enqueue", "Put a message on the database's queue");
  cmd->footer(
      "Examples:\n"
      "  openkv enqueue --path db.sqlite '{\"task\":\"email\",\"to\":\"alice\"}'\n"
      "  openkv enqueue --path db.sqlite '\"later\"' --delay 60000\n"
      "  openkv enqueue --path db.sqlite '\"x\"' --backoff 100,1000 "
      "--keys-if-undelivered '[\"failed\",1]' --keys-if-undelivered '[\"all\"]'\n"
      "Prints the commit's versionstamp. Receive messages with `openkv listen`.");
  args->db.add_to(*cmd);
  cmd->add_option("value", args->value, "Message as JSON")->required();
  cmd->add_flag("--typed", args->typed, "The message is in the @deno/kv-utils JSON form");
  cmd->add_option("--delay", args->delay_ms, "Milliseconds before the message is delivered")
      ->check(CLI::NonNegativeNumber);
  // One key per occurrence: CLI11 would otherwise read a JSON array such as
  // ["failed",1] as a list of option values.
  cmd->add_option("--keys-if-undelivered", args->keys_if_undelivered,
                  "A key (JSON array) that receives the message if every attempt fails; "
                  "repeat for more keys")
      ->allow_extra_args(false);
  cmd->add_option("--backoff", args->backoff,
                  "Milliseconds between retries, comma-separated; '' = never retry "
                  "(default 100,1000,5000,30000,60000)");
  cmd->callback([args] {
    Value value = parse_value_argument(
        args->value, args->typed ? ValueNotation::kTyped : ValueNotation::kPlainJson);
    EnqueueOptions options;
    options.delay = std::chrono::milliseconds(args->delay_ms);
    for (const std::string& key : args->keys_if_undelivered) {
      options.keys_if_undelivered.push_back(parse_key_argument(key));
    }
    if (args->backoff) options.backoff_schedule = parse_backoff(*args->backoff);
    auto db = args->db.open(/*read_only=*/false);
    CommitResult result = db->enqueue(value, options);
    std::cout << result.versionstamp.to_hex() << '\n';
  });
}

}  // namespace openkv::cli
