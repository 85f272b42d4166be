// Copyright (c) OpenKV authors.
//
// The OpenKV side of queues shared with the real Deno 2.9.6 through one
// SQLite file, driven by queues/run.sh, which runs Deno before or after
// each of these tests on files in $OPENKV_INTEROP_DIR.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <future>
#include <stdexcept>
#include <string>
#include <thread>

#include "openkv/openkv.h"

namespace openkv {
namespace {

std::string interop_file(const std::string& name) {
  const char* dir = std::getenv("OPENKV_INTEROP_DIR");
  return std::string(dir ? dir : ".") + "/" + name;
}

int64_t queue_rows(const std::string& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* s = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, "SELECT count(*) FROM queue", -1, &s, nullptr), SQLITE_OK);
  EXPECT_EQ(sqlite3_step(s), SQLITE_ROW);
  int64_t n = sqlite3_column_int64(s, 0);
  sqlite3_finalize(s);
  sqlite3_close(db);
  return n;
}

// Listens for one message with `handler`, giving up after 10 s.
void listen_for_one(Database& db, const QueueHandler& handler) {
  QueueListenOptions options;
  options.max_messages = 1;
  auto done = std::async(std::launch::async, [&] { db.listen_queue(handler, options); });
  if (done.wait_for(std::chrono::seconds(10)) != std::future_status::ready) {
    ADD_FAILURE() << "no message within 10 s";
    db.close();
  }
  done.get();
}

TEST(QueueInterop, DeliversWhatDenoEnqueued) {
  std::string path = interop_file("deno.sqlite");
  auto db = Database::open(path);
  Value received;
  listen_for_one(*db, [&](const Value& v) { received = v; });
  EXPECT_EQ(received, Value::make_object({{"from", "deno"}, {"n", BigInt::from_uint64(1)}}));
  db->close();
  EXPECT_EQ(queue_rows(path), 1);  // the delayed message waits for its hour
}

TEST(QueueInterop, EnqueuesForDeno) {
  auto db = Database::open(interop_file("openkv.sqlite"));
  EXPECT_TRUE(
      db->enqueue(Value::make_object({{"from", "openkv"}, {"n", BigInt::from_uint64(7)}})).ok);
  db->close();
}

TEST(QueueInterop, DeadLetters) {
  auto db = Database::open(interop_file("dead.sqlite"));
  EnqueueOptions options;
  options.backoff_schedule = std::vector<int64_t>{};
  options.keys_if_undelivered = {Key{"dead", "letter"}};
  db->enqueue(Value::make_object({{"undeliverable", true}}), options);
  listen_for_one(*db, [](const Value&) { throw std::runtime_error("refused on purpose"); });
  EXPECT_EQ(db->get({"dead", "letter"}).value,
            std::optional<Value>(Value::make_object({{"undeliverable", true}})));
  db->close();
}

}  // namespace
}  // namespace openkv
