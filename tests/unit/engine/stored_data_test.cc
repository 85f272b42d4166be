// Copyright (c) OpenKV authors.
//
// What the library does with data it finds in the file: corrupt rows written
// by someone else give clear errors without harming anything else, and
// expired rows are swept from the file in the background.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <thread>

#include "openkv/openkv.h"
#include "support/temp_dir.h"

namespace openkv {
namespace {

// Runs one statement on the file through a separate SQLite connection, as
// another process (or a damaged disk) would.
void exec_sql(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
  std::string message = error ? error : "";
  sqlite3_free(error);
  sqlite3_close(db);
  ASSERT_EQ(rc, SQLITE_OK) << message;
}

int64_t query_int(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, sql.c_str(), -1, &stmt, nullptr);
  int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

template <typename F>
Error expect_error(F&& f) {
  try {
    f();
  } catch (const Error& e) {
    return e;
  }
  ADD_FAILURE() << "no error thrown";
  return Error(ErrorCode::kInvalidArgument, "");
}

class StoredDataTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  std::string path_ = dir_.file("db.sqlite");
};

// ["bad"] = 02 62 61 64 00
constexpr char kBadKey[] = "X'0262616400'";

TEST_F(StoredDataTest, CorruptV8ValueIsReportedAndHarmsNothingElse) {
  {
    auto db = Database::open(path_);
    db->set({"good"}, "fine");
  }
  // V8 header, then an object that never ends.
  exec_sql(path_, std::string("insert into kv (k, v, v_encoding, version) values (") + kBadKey +
                      ", X'FF0F6F2201', 1, 1)");
  auto db = Database::open(path_);
  Error e = expect_error([&] { db->get({"bad"}); });
  EXPECT_EQ(e.code(), ErrorCode::kCorruption);
  EXPECT_NE(std::string(e.what()).find("invalid v8 value"), std::string::npos) << e.what();
  EXPECT_EQ(db->get({"good"}).value->as_string(), "fine");
  // The row is left as it was, and can be repaired by overwriting it.
  EXPECT_EQ(query_int(path_, "select length(v) from kv where k = X'0262616400'"), 5);
  db->set({"bad"}, "repaired");
  EXPECT_EQ(db->get({"bad"}).value->as_string(), "repaired");
}

TEST_F(StoredDataTest, UnknownEncodingAndShortLe64AreCorruption) {
  { Database::open(path_); }
  exec_sql(path_, std::string("insert into kv (k, v, v_encoding, version) values (") + kBadKey +
                      ", X'01', 7, 1)");
  exec_sql(path_, "insert into kv (k, v, v_encoding, version) values (X'027500', X'0102', 2, 1)");
  auto db = Database::open(path_);
  Error unknown = expect_error([&] { db->get({"bad"}); });
  EXPECT_EQ(unknown.code(), ErrorCode::kCorruption);
  EXPECT_STREQ(unknown.what(), "The value encoding 7 is unknown.");
  Error short_u64 = expect_error([&] { db->get({"u"}); });
  EXPECT_STREQ(short_u64.what(), "Invalid LE64 value: expected 8 bytes, got 2");
  // A sum onto the corrupt LE64 fails and changes nothing.
  expect_error([&] { db->atomic().sum({"u"}, 1).commit(); });
  EXPECT_EQ(query_int(path_, "select length(v) from kv where k = X'027500'"), 2);
}

TEST_F(StoredDataTest, UndecodableKeyBytesAreCorruption) {
  { Database::open(path_); }
  // Tag 05 (nested tuple) is never produced by Deno and must be rejected.
  exec_sql(path_, "insert into kv (k, v, v_encoding, version) values (X'0205', X'', 3, 1)");
  auto db = Database::open(path_);
  auto it = db->list(ListSelector::with_prefix({}));
  Error e = expect_error([&] { it.next(); });
  EXPECT_EQ(e.code(), ErrorCode::kCorruption);
}

TEST_F(StoredDataTest, ExpiredRowsAreSweptFromTheFile) {
  auto db = Database::open(path_);
  db->set({"ttl"}, "temp", {.expire_in = std::chrono::milliseconds(200)});
  CommitResult last = db->set({"keep"}, "x");
  EXPECT_EQ(query_int(path_, "select count(*) from kv"), 2);
  // The sweep is armed for the expiry itself, not the 60 s fallback.
  for (int i = 0; i < 50 && query_int(path_, "select count(*) from kv") != 1; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  EXPECT_EQ(query_int(path_, "select count(*) from kv"), 1);
  // A sweep that deleted rows bumps the version by exactly 1 (spec 01 §5.2).
  EXPECT_EQ(query_int(path_, "select version from data_version where k = 0"),
            static_cast<int64_t>(last.versionstamp.version()) + 1);
}

}  // namespace
}  // namespace openkv
