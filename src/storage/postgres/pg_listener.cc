// Copyright (c) OpenKV authors.

#include "storage/postgres/pg_listener.h"

#include <poll.h>

#include <chrono>
#include <memory>
#include <utility>

#include "openkv/errors.h"
#include "storage/postgres/pg_connection.h"

namespace openkv::storage::postgres {
namespace {

// How long one wait for the server lasts: bounds how long the destructor
// waits for the thread.
constexpr int kWaitMs = 100;
// The pause before reconnecting after the connection failed.
constexpr auto kReconnectPause = std::chrono::milliseconds(500);

}  // namespace

CommitListener::CommitListener(std::string url, std::function<void()> changed)
    : url_(std::move(url)), changed_(std::move(changed)), thread_([this] { run(); }) {}

CommitListener::~CommitListener() {
  stop_.store(true);
  thread_.join();
}

void CommitListener::run() {
  std::unique_ptr<Connection> conn;
  bool missed = false;  // notifications may have been lost since the last call
  while (!stop_.load()) {
    if (!conn || !conn->ok()) {
      missed = missed || conn != nullptr;  // a connection that broke
      try {
        conn = std::make_unique<Connection>(url_);
        conn->command(std::string("LISTEN ") + kCommitChannel);
      } catch (const Error&) {
        // The server is down or being failed over: try again soon.
        conn.reset();
        missed = true;
        auto until = std::chrono::steady_clock::now() + kReconnectPause;
        while (!stop_.load() && std::chrono::steady_clock::now() < until) {
          std::this_thread::sleep_for(std::chrono::milliseconds(kWaitMs));
        }
        continue;
      }
      if (missed) changed_();
      missed = false;
    }
    pollfd fd{conn->socket(), POLLIN, 0};
    if (poll(&fd, 1, kWaitMs) > 0 && conn->take_notifications() > 0) changed_();
  }
}

}  // namespace openkv::storage::postgres
