// Copyright (c) OpenKV authors.
//
// `openkv watch`: prints the state of a few keys now and again after every
// change, like `for await (const entries of kv.watch(keys))`, one line per
// state, until --count states were printed or SIGINT/SIGTERM arrives.
#include <CLI/CLI.hpp>

#include <pthread.h>
#include <csignal>
#include <functional>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/entry_output.h"
#include "cli/usage_error.h"

namespace openkv::cli {
namespace {

struct WatchArgs {
  DatabaseArgument db;
  bool json = false;
  bool raw = false;
  int count = 0;  // 0 = until interrupted
};

// SIGINT and SIGTERM end the watch, and SIGUSR1 wakes the waiting thread
// when the watch ended by itself.
sigset_t stop_signals() {
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGUSR1);
  return signals;
}

// Runs `on_signal` on its own thread when one of `signals` arrives. The
// signals must already be blocked in every thread — threads inherit the mask,
// so they are blocked before the database starts its own — so that sigwait
// here is the only place that takes them.
class SignalWaiter {
 public:
  SignalWaiter(sigset_t signals, std::function<void()> on_signal)
      : signals_(signals), thread_([this, on_signal = std::move(on_signal)] {
          int received = 0;
          sigwait(&signals_, &received);
          on_signal();
        }) {}
  ~SignalWaiter() {
    pthread_kill(thread_.native_handle(), SIGUSR1);  // no-op if it already ran
    thread_.join();
  }
  SignalWaiter(const SignalWaiter&) = delete;
  SignalWaiter& operator=(const SignalWaiter&) = delete;

 private:
  sigset_t signals_;
  std::thread thread_;
};

std::string emission_line(const std::vector<EntryMaybe>& entries, OutputFormat format) {
  bool json = format == OutputFormat::kJson;
  std::string line = json ? "[" : "";
  for (size_t i = 0; i < entries.size(); ++i) {
    if (i > 0) line += json ? "," : "  |  ";
    line += entry_maybe_text(entries[i], format);
  }
  if (json) line += "]";
  return line;
}

void run_watch(const WatchArgs& args, const std::vector<std::string>& key_texts) {
  if (key_texts.empty()) throw UsageError("watch needs at least one key, e.g. '[\"config\"]'");
  std::vector<Key> keys;
  for (const auto& text : key_texts) keys.push_back(parse_key_argument(text));
  OutputFormat format = args.json ? OutputFormat::kJson : OutputFormat::kHuman;

  sigset_t signals = stop_signals();
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  // Read-write, although watch only reads: the expiry sweep that deletes
  // expired keys (and so wakes this watch) needs write access.
  auto db = args.db.open(/*read_only=*/false);
  WatchStream stream = db->watch(keys, WatchOptions{args.raw});
  SignalWaiter cancel_on_signal(signals, [&stream] { stream.cancel(); });

  for (int printed = 0; args.count == 0 || printed < args.count; ++printed) {
    auto entries = stream.next();
    if (!entries) break;                                        // interrupted
    std::cout << emission_line(*entries, format) << std::endl;  // flushed: others read it live
  }
}

}  // namespace

void register_watch_command(CLI::App& app) {
  auto args = std::make_shared<WatchArgs>();
  CLI::App* cmd =
      app.add_subcommand("watch", "Print the entries of up to 10 keys now and after every change");
  cmd->footer(
      "Arguments: KEY... up to 10 keys, each a JSON array as for `get`.\n"
      "Examples:\n"
      "  openkv watch --path db.sqlite '[\"config\"]' '[\"users\",\"alice\"]'\n"
      "  openkv watch '[\"jobs\",1]' --json --count 2   current state, then one change\n"
      "One line per state: the keys' entries in the order given (--json: one JSON\n"
      "array of @deno/kv-utils entries). Runs until --count states or SIGINT/SIGTERM.");
  args->db.add_to(*cmd);
  // The keys are taken as extras, not as a vector option: CLI11 reads an
  // argument in brackets given to a vector as a list and splits '["x",1]'.
  cmd->allow_extras();
  cmd->add_flag("--json", args->json, "Print each state as a JSON array (@deno/kv-utils form)");
  cmd->add_flag("--raw", args->raw, "Print a state after every write, even if nothing changed");
  cmd->add_option("--count", args->count, "Exit after printing this many states")
      ->check(CLI::PositiveNumber);
  cmd->callback([args, cmd] { run_watch(*args, cmd->remaining()); });
}

}  // namespace openkv::cli
