// Copyright (c) OpenKV authors.
//
// The typed API through its public interface: reads, writes, limits and
// their exact texts (spec 02), on a real SQLite file.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "openkv/openkv.h"
#include "support/temp_dir.h"

namespace openkv {
namespace {

using ::testing::HasSubstr;

class DatabaseTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = Database::open(dir_.file("db.sqlite")); }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

// Runs `f` and returns the message of the openkv::Error it throws.
template <typename F>
std::string error_text(F&& f, ErrorCode expected = ErrorCode::kInvalidArgument) {
  try {
    f();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), expected) << e.what();
    return e.what();
  }
  ADD_FAILURE() << "no error thrown";
  return "";
}

TEST_F(DatabaseTest, GetMissingKeyReturnsCallersKeyAndNulls) {
  EntryMaybe e = db_->get({"missing", 1});
  EXPECT_FALSE(e.exists());
  EXPECT_FALSE(e.value.has_value());
  EXPECT_EQ(e.key, (Key{"missing", 1}));
}

TEST_F(DatabaseTest, SetThenGetReturnsValueAndVersionstamp) {
  Value v = Value::make_object({{"name", "Alice"}, {"age", 31}});
  CommitResult r = db_->set({"users", "alice"}, v);
  ASSERT_TRUE(r.ok);
  EntryMaybe e = db_->get({"users", "alice"});
  ASSERT_TRUE(e.exists());
  EXPECT_EQ(*e.value, v);
  EXPECT_EQ(*e.versionstamp, r.versionstamp);
  EXPECT_EQ(r.versionstamp.bytes()[8], 0);
  EXPECT_EQ(r.versionstamp.bytes()[9], 0);
}

TEST_F(DatabaseTest, EmptyKeyReadsNullAndRefusesWrites) {
  EXPECT_FALSE(db_->get({}).exists());
  EXPECT_EQ(error_text([&] { db_->set({}, 1); }), "key cannot be empty");
}

TEST_F(DatabaseTest, TopLevelBytesAndU64KeepTheirTypes) {
  db_->set({"bytes"}, Value::bytes({0, 1, 255}));
  db_->set({"u64"}, KvU64{42});
  EXPECT_EQ(db_->get({"bytes"}).value->as_bytes(), (std::vector<uint8_t>{0, 1, 255}));
  EXPECT_EQ(db_->get({"u64"}).value->as_u64().value, 42u);
}

TEST_F(DatabaseTest, VersionstampsStrictlyIncreaseAndDeleteOfMissingKeyCommits) {
  CommitResult a = db_->set({"a"}, 1);
  CommitResult b = db_->atomic().commit();  // empty commit still gets a versionstamp
  db_->remove({"never-existed"});
  CommitResult c = db_->set({"a"}, 2);
  EXPECT_LT(a.versionstamp, b.versionstamp);
  // The delete committed too: at least 2 increments of >= 1 between b and c.
  EXPECT_GE(c.versionstamp.version(), b.versionstamp.version() + 2);
}

TEST_F(DatabaseTest, GetManyKeepsOrderAndAllowsDuplicates) {
  db_->set({"x"}, "X");
  auto entries = db_->get_many({{"y"}, {"x"}, {"x"}});
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_FALSE(entries[0].exists());
  EXPECT_EQ(entries[1].value->as_string(), "X");
  EXPECT_EQ(entries[2].value->as_string(), "X");
  EXPECT_TRUE(db_->get_many({}).empty());
}

TEST_F(DatabaseTest, GetManyRefusesMoreThanTenKeys) {
  std::vector<Key> keys(11, Key{"k"});
  EXPECT_EQ(error_text([&] { db_->get_many(keys); }), "Too many ranges (max 10)");
}

TEST_F(DatabaseTest, KeySizeLimitsMatchDeno) {
  Key largest{KeyPart::bytes(std::vector<uint8_t>(2046, 1))};  // 1 + 2046 + 1 = 2048 bytes
  Key too_large{KeyPart::bytes(std::vector<uint8_t>(2047, 1))};
  EXPECT_TRUE(db_->set(largest, 1).ok);
  EXPECT_TRUE(db_->get(largest).exists());
  EXPECT_EQ(error_text([&] { db_->set(too_large, 1); }),
            "Key too large for write (max 2048 bytes)");
  // get's end bound is the key plus one byte, so a 2049-byte key is unreadable
  // too (spec 02 §2).
  EXPECT_EQ(error_text([&] { db_->get(too_large); }), "Key too large for read (max 2049 bytes)");
}

TEST_F(DatabaseTest, ValueSizeLimit) {
  EXPECT_TRUE(db_->set({"v"}, Value::bytes(std::vector<uint8_t>(65536))).ok);
  EXPECT_EQ(error_text([&] { db_->set({"v"}, Value::bytes(std::vector<uint8_t>(65537))); }),
            "Value too large (max 65536 bytes)");
}

TEST_F(DatabaseTest, AtomicCountLimitsAreCheckedFirst) {
  auto op = db_->atomic();
  for (int i = 0; i < 101; ++i) op.check({"k", i}, std::nullopt);
  EXPECT_EQ(error_text([&] { op.commit(); }), "Too many checks (max 100)");
  auto op2 = db_->atomic();
  for (int i = 0; i < 1001; ++i) op2.set({"k", i}, 1);
  EXPECT_EQ(error_text([&] { op2.commit(); }), "Too many mutations (max 1000)");
}

TEST_F(DatabaseTest, TotalMutationSizeLimit) {
  auto op = db_->atomic();
  // 13 values of 64000 bytes = 832000 > 819200.
  for (int i = 0; i < 13; ++i) op.set({"big", i}, Value::bytes(std::vector<uint8_t>(64000)));
  EXPECT_EQ(error_text([&] { op.commit(); }), "Total mutation size too large (max 819200 bytes)");
}

TEST_F(DatabaseTest, TotalKeySizeLimit) {
  auto op = db_->atomic();
  // 41 keys of 2048 bytes = 83968 > 81920, total size still below 819200.
  for (int i = 0; i < 41; ++i) {
    std::vector<uint8_t> part(2046, 1);
    part[0] = static_cast<uint8_t>(i + 2);
    op.set({KeyPart::bytes(part)}, 1);
  }
  EXPECT_EQ(error_text([&] { op.commit(); }), "Total key size too large (max 81920 bytes)");
}

TEST_F(DatabaseTest, CheckAbsentAndCheckVersionstamp) {
  EXPECT_TRUE(db_->atomic().check({"absent"}, std::nullopt).set({"absent"}, 1).commit().ok);
  EntryMaybe e = db_->get({"absent"});
  // A stale "must be absent" check fails; the current versionstamp passes.
  EXPECT_FALSE(db_->atomic().check({"absent"}, std::nullopt).set({"absent"}, 2).commit().ok);
  EXPECT_TRUE(db_->atomic().check(e).set({"absent"}, 3).commit().ok);
  EXPECT_FALSE(db_->atomic().check(e).set({"absent"}, 4).commit().ok);
  EXPECT_EQ(db_->get({"absent"}).value->as_number(), 3);
}

TEST_F(DatabaseTest, TenZeroBytesIsNotAbsent) {
  EXPECT_FALSE(db_->atomic().check({"nope"}, Versionstamp()).set({"nope"}, 1).commit().ok);
  EXPECT_FALSE(db_->get({"nope"}).exists());
}

TEST_F(DatabaseTest, MutationsApplyInOrder) {
  db_->atomic().set({"k"}, 1).remove({"k"}).commit();
  EXPECT_FALSE(db_->get({"k"}).exists());
  db_->atomic().remove({"k"}).set({"k"}, 2).commit();
  EXPECT_EQ(db_->get({"k"}).value->as_number(), 2);
  db_->atomic().sum({"c"}, 5).sum({"c"}, 10).commit();
  EXPECT_EQ(db_->get({"c"}).value->as_u64().value, 15u);
}

TEST_F(DatabaseTest, SumMinMaxOnU64) {
  db_->atomic().sum({"s"}, UINT64_MAX).sum({"s"}, 10).min({"mn"}, 3).max({"mx"}, 9).commit();
  EXPECT_EQ(db_->get({"s"}).value->as_u64().value, 9u);  // wraps modulo 2^64
  db_->atomic().min({"mn"}, 7).max({"mx"}, 2).commit();
  EXPECT_EQ(db_->get({"mn"}).value->as_u64().value, 3u);
  EXPECT_EQ(db_->get({"mx"}).value->as_u64().value, 9u);
}

TEST_F(DatabaseTest, FailingMutationCommitsNothing) {
  db_->set({"s"}, "a string");
  CommitResult before = db_->set({"marker"}, 0);
  EXPECT_EQ(error_text([&] { db_->atomic().set({"a"}, 1).sum({"s"}, 1).commit(); },
                       ErrorCode::kTypeMismatch),
            "Failed to perform 'sum' mutation on a non-U64 value in the database");
  EXPECT_FALSE(db_->get({"a"}).exists());
  // No version was burnt: the next commit follows `before` by 1..9.
  CommitResult after = db_->set({"marker"}, 1);
  EXPECT_LE(after.versionstamp.version() - before.versionstamp.version(), 9u);
}

TEST_F(DatabaseTest, V8SumOfNumbersAndBigInts) {
  db_->atomic().mutate({{"n"}, Mutation::Type::kSum, Value(1.5), {}, {}, {}, false}).commit();
  db_->atomic().mutate({{"n"}, Mutation::Type::kSum, Value(2), {}, {}, {}, false}).commit();
  EXPECT_EQ(db_->get({"n"}).value->as_number(), 3.5);
  db_->atomic().mutate({{"b"}, Mutation::Type::kSum, Value(BigInt(7)), {}, {}, {}, false}).commit();
  EXPECT_EQ(error_text(
                [&] {
                  db_->atomic()
                      .mutate({{"b"}, Mutation::Type::kSum, Value(1), {}, {}, {}, false})
                      .commit();
                },
                ErrorCode::kTypeMismatch),
            "Cannot sum BigInt with Number");
}

TEST_F(DatabaseTest, MutateShapeErrors) {
  EXPECT_EQ(error_text([&] {
              db_->atomic().mutate({{"k"}, Mutation::Type::kDelete, Value(1), {}, {}, {}, false});
            }),
            "Invalid mutation 'delete' with value");
  EXPECT_EQ(error_text([&] {
              db_->atomic().mutate({{"k"}, Mutation::Type::kSum, {}, {}, {}, {}, false});
            }),
            "Invalid mutation 'sum' without value");
}

TEST_F(DatabaseTest, VersionstampSuffixedKey) {
  CommitResult r = db_->atomic().set_with_versionstamp_suffix({"log"}, "entry").commit();
  auto it = db_->list(ListSelector::with_prefix({"log"}));
  auto e = it.next();
  ASSERT_TRUE(e.has_value());
  EXPECT_EQ(e->key, (Key{"log", r.versionstamp.to_hex()}));
  EXPECT_EQ(e->versionstamp, r.versionstamp);
}

TEST_F(DatabaseTest, ExpiredEntriesAreNeverReturned) {
  db_->set({"ttl"}, "temp", {.expire_in = std::chrono::milliseconds(0)});
  db_->set({"keep"}, "x", {.expire_in = std::chrono::milliseconds(60000)});
  EXPECT_FALSE(db_->get({"ttl"}).exists());
  EXPECT_TRUE(db_->get({"keep"}).exists());
  // An expired row counts as absent for checks.
  EXPECT_TRUE(db_->atomic().check({"ttl"}, std::nullopt).set({"ttl"}, "again").commit().ok);
}

TEST_F(DatabaseTest, PlainSetClearsExpiry) {
  db_->set({"k"}, 1, {.expire_in = std::chrono::milliseconds(300)});
  db_->set({"k"}, 2);
  std::this_thread::sleep_for(std::chrono::milliseconds(400));
  EXPECT_TRUE(db_->get({"k"}).exists());
}

TEST_F(DatabaseTest, EnqueueOptionErrors) {
  EXPECT_EQ(error_text([&] { db_->atomic().enqueue(1, {.delay = std::chrono::milliseconds(-1)}); }),
            "Delay must be >= 0: received -1");
  EXPECT_EQ(error_text([&] {
              db_->atomic().enqueue(1, {.delay = std::chrono::milliseconds(2592000001)});
            }),
            "Delay cannot be greater than 30 days: received 2592000001");
  EXPECT_EQ(
      error_text([&] {
        db_->atomic().enqueue(1, {.backoff_schedule = std::vector<int64_t>{1, 2, 3, 4, 5, 6}});
      }),
      "Invalid backoffSchedule, max 5 intervals allowed");
  EXPECT_EQ(error_text([&] {
              db_->atomic().enqueue(1, {.backoff_schedule = std::vector<int64_t>{1, 3600001}});
            }),
            "Invalid backoffSchedule, interval at index 1 is invalid");
  EXPECT_TRUE(db_->enqueue("job", {.delay = std::chrono::milliseconds(2592000000)}).ok);
}

TEST_F(DatabaseTest, OpenPathRules) {
  EXPECT_EQ(error_text([] { Database::open(""); }), "Filename cannot be empty");
  EXPECT_EQ(error_text([] { Database::open(":foo"); }),
            "Filename cannot start with ':' unless prefixed with './'");
  auto mem = Database::open(":memory:");
  mem->set({"a"}, 1);
  EXPECT_TRUE(mem->get({"a"}).exists());
}

TEST_F(DatabaseTest, EveryCallAfterCloseFails) {
  db_->close();
  EXPECT_EQ(error_text([&] { db_->get({"a"}); }, ErrorCode::kClosed), "Database is closed.");
  EXPECT_EQ(error_text([&] { db_->set({"a"}, 1); }, ErrorCode::kClosed), "Database is closed.");
  db_->close();  // idempotent
}

TEST_F(DatabaseTest, DataSurvivesReopen) {
  db_->set({"persist"}, "yes");
  db_->close();
  auto reopened = Database::open(dir_.file("db.sqlite"));
  EXPECT_EQ(reopened->get({"persist"}).value->as_string(), "yes");
}

}  // namespace
}  // namespace openkv
