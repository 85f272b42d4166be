// Copyright (c) OpenKV authors.
//
// Commits made through one process wake the watches and queue listeners of
// every other process on the same PostgreSQL database at once, by
// LISTEN/NOTIFY (docs/DISTRIBUTED.md §Watch), not at the next poll: the
// engines here poll only every 10 minutes, so only a notification can wake
// them within the test's time.
#include <gtest/gtest.h>

#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>

#include "conformance/postgres_test_db.h"
#include "engine/engine.h"
#include "storage/postgres/postgres_backend.h"

namespace openkv {
namespace {

using storage::testing::postgres_test_databases;
using storage::testing::postgres_unavailable;

core::Bytes b(std::string_view s) { return core::Bytes(s.begin(), s.end()); }

std::unique_ptr<engine::Engine> engine_on(const std::string& url) {
  storage::postgres::PostgresBackend::Options o;
  o.url = url;
  engine::Engine::Options options;
  options.poll_interval_ms = 600000;
  return std::make_unique<engine::Engine>(std::make_unique<storage::postgres::PostgresBackend>(o),
                                          options);
}

core::AtomicWrite set_write(std::string_view key, std::string_view value) {
  core::AtomicWrite w;
  core::Mutation m;
  m.key = b(key);
  m.type = core::MutationType::kSet;
  m.value = core::RawValue{b(value), core::Encoding::kBytes};
  w.mutations.push_back(std::move(m));
  return w;
}

TEST(PostgresNotify, AWatchSeesAnotherProcesssCommitWithoutPolling) {
  if (std::string why = postgres_unavailable(); !why.empty()) GTEST_SKIP() << why;
  const std::string url = postgres_test_databases().create();
  auto watcher = engine_on(url);
  auto writer = engine_on(url);

  std::mutex mu;
  std::condition_variable cv;
  std::string seen = "<nothing>";
  auto handle = watcher->watch({b("k")}, [&](const engine::WatchSnapshot& s) {
    std::lock_guard lock(mu);
    seen = s.at(0) ? std::string(s[0]->value.data.begin(), s[0]->value.data.end()) : "<absent>";
    cv.notify_all();
  });
  {
    std::unique_lock lock(mu);
    ASSERT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return seen == "<absent>"; }));
  }
  ASSERT_TRUE(writer->atomic_write_and_wait(set_write("k", "v1")).ok);
  std::unique_lock lock(mu);
  EXPECT_TRUE(cv.wait_for(lock, std::chrono::seconds(10), [&] { return seen == "v1"; }))
      << "the watch saw " << seen;
  lock.unlock();
  handle->cancel();
  writer->close();
  watcher->close();
}

}  // namespace
}  // namespace openkv
