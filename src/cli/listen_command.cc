// Copyright (c) OpenKV authors.
#include <signal.h>
#include <CLI/CLI.hpp>

#include <atomic>
#include <ctime>
#include <iostream>
#include <mutex>
#include <thread>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "codec/json_notation.h"

namespace openkv::cli {
namespace {

// SIGINT and SIGTERM, blocked in every thread so that only sigtimedwait()
// sees them: a signal then closes the database cleanly (the message being
// handled is finished and recorded) instead of killing the process.
sigset_t stop_signals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  return set;
}

}  // namespace

void register_listen_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    std::optional<uint64_t> count;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("listen", "Receive queued messages and print them");
  cmd->footer(
      "Examples:\n"
      "  openkv listen --path db.sqlite\n"
      "  openkv listen --path db.sqlite --count 1\n"
      "  openkv listen --path http://127.0.0.1:4512   (an `openkv serve`)\n"
      "Prints one message per line in the @deno/kv-utils JSON form. Runs until\n"
      "Ctrl-C (or SIGTERM), or until --count messages were received; a printed\n"
      "message counts as delivered.");
  args->db.add_to(*cmd);
  cmd->add_option("--count", args->count, "Exit after this many messages")
      ->check(CLI::PositiveNumber);
  cmd->callback([args] {
    const sigset_t signals = stop_signals();
    // Before any thread starts: threads inherit the mask.
    pthread_sigmask(SIG_BLOCK, &signals, nullptr);
    auto db = args->db.open(/*read_only=*/false);

    std::atomic<bool> done{false};
    std::thread stopper([&] {
      // Polls so that it also notices the end of a --count listen.
      const timespec tick{0, 100'000'000};
      while (!done.load()) {
        if (sigtimedwait(&signals, nullptr, &tick) > 0) break;
      }
      db->close();
    });

    std::mutex out_mu;  // one whole line at a time
    QueueListenOptions options;
    options.max_messages = args->count;
    try {
      db->listen_queue(
          [&](const Value& message) {
            std::lock_guard lock(out_mu);
            std::cout << codec::value_to_json(message) << std::endl;
          },
          options);
    } catch (...) {
      done = true;
      stopper.join();
      throw;
    }
    done = true;
    stopper.join();
  });
}

}  // namespace openkv::cli
