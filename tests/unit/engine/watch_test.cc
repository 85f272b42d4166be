// Copyright (c) OpenKV authors.
//
// Database::watch through its public interface (spec 02 §10): the first
// state at once, one state per settled change, coalescing, every kind of
// write that must wake a watch, expiry, other processes, close and cancel.
#include <gtest/gtest.h>

#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <future>
#include <string>
#include <thread>

#include "engine/database_access.h"
#include "codec/key_codec.h"
#include "engine/engine.h"
#include "openkv/openkv.h"
#include "support/temp_dir.h"

namespace openkv {
namespace {

using namespace std::chrono_literals;

// Long enough for any wake-up the engine owes (commits notify at once; the
// storage version is polled every 500 ms; expiry sweeps run on time).
constexpr auto kPatience = 1500ms;
// Long enough that an emission that is not owed would have arrived: more than
// one version poll, which wakes every watch after any commit.
constexpr auto kQuiet = 800ms;

class WatchTest : public ::testing::Test {
 protected:
  void SetUp() override { db_ = Database::open(dir_.file("db.sqlite")); }

  // The next state, failing the test if none arrives in time.
  std::vector<EntryMaybe> next(WatchStream& stream) {
    auto entries = stream.next_for(kPatience);
    if (!entries) {
      ADD_FAILURE() << "no state within " << kPatience.count() << " ms";
      return {};
    }
    return *entries;
  }

  testing::TempDir dir_;
  std::unique_ptr<Database> db_;
};

std::string error_text(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

TEST_F(WatchTest, FirstStateComesAtOnceEvenWhenAllKeysAreMissing) {
  auto start = std::chrono::steady_clock::now();
  WatchStream stream = db_->watch({{"a", 1}, {"b"}});
  auto entries = next(stream);
  EXPECT_LT(std::chrono::steady_clock::now() - start, 300ms);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].key, (Key{"a", 1}));
  EXPECT_EQ(entries[1].key, (Key{"b"}));
  EXPECT_FALSE(entries[0].exists());
  EXPECT_FALSE(entries[1].value.has_value());
}

TEST_F(WatchTest, FirstStateHoldsExistingEntriesInTheGivenOrder) {
  CommitResult r = db_->set({"b"}, "B");
  WatchStream stream = db_->watch({{"a"}, {"b"}});
  auto entries = next(stream);
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_FALSE(entries[0].exists());
  ASSERT_TRUE(entries[1].exists());
  EXPECT_EQ(*entries[1].value, Value("B"));
  EXPECT_EQ(*entries[1].versionstamp, r.versionstamp);
}

TEST_F(WatchTest, OneStatePerSettledChange) {
  WatchStream stream = db_->watch({{"k"}, {"other"}});
  next(stream);
  for (int i = 1; i <= 3; ++i) {
    CommitResult r = db_->set({"k"}, i);
    auto entries = next(stream);
    ASSERT_TRUE(entries[0].exists());
    EXPECT_EQ(*entries[0].value, Value(i));
    EXPECT_EQ(*entries[0].versionstamp, r.versionstamp);
    EXPECT_FALSE(stream.next_for(50ms)) << "a second state for one commit";
  }
  db_->remove({"k"});
  EXPECT_FALSE(next(stream)[0].exists());
  EXPECT_FALSE(stream.next_for(kQuiet));
}

TEST_F(WatchTest, WritesToOtherKeysEmitNothing) {
  WatchStream stream = db_->watch({{"k"}});
  next(stream);
  for (int i = 0; i < 5; ++i) db_->set({"unrelated", i}, i);
  EXPECT_FALSE(stream.next_for(kQuiet));
  EXPECT_FALSE(stream.done());
}

TEST_F(WatchTest, DeletingAMissingKeyChangesNothingVisible) {
  WatchStream stream = db_->watch({{"k"}});
  next(stream);
  db_->remove({"k"});
  EXPECT_FALSE(stream.next_for(kQuiet));
}

TEST_F(WatchTest, RawModeEmitsEveryWakeUp) {
  WatchStream stream = db_->watch({{"k"}}, WatchOptions{.raw = true});
  EXPECT_FALSE(next(stream)[0].exists());
  db_->remove({"k"});  // wakes the watch without changing anything
  auto entries = next(stream);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_FALSE(entries[0].exists());
  EXPECT_EQ(entries[0].key, Key{"k"});
}

TEST_F(WatchTest, BurstOfCommitsCoalescesToTheLatestState) {
  // Count what the engine itself emits for the same key, beside the stream.
  std::atomic<int> engine_emissions{0};
  auto counter = engine::engine_of(*db_).watch({codec::encode_key(Key{"n"})},
                                     [&](const engine::WatchSnapshot&) { engine_emissions++; });
  WatchStream stream = db_->watch({{"n"}});
  next(stream);

  // 100 commits at once: group commit takes many in one transaction, and the
  // watch re-reads once per wake-up, not once per commit.
  std::vector<std::thread> writers;
  for (int t = 0; t < 100; ++t) {
    writers.emplace_back([this] { db_->atomic().sum({"n"}, 1).commit(); });
  }
  for (auto& w : writers) w.join();

  int states = 0;
  uint64_t last = 0;
  while (last != 100) {
    auto entries = stream.next_for(kPatience);
    ASSERT_TRUE(entries) << "the latest state never came; last seen " << last;
    ++states;
    last = entries->at(0).value->as_u64().value;
  }
  EXPECT_LE(states, 2);  // nobody read during the burst: only the latest is kept
  EXPECT_FALSE(stream.next_for(kQuiet));
  counter->cancel();
  EXPECT_LT(engine_emissions.load(), 50) << "the engine did not coalesce the burst";
}

TEST_F(WatchTest, SumMinAndMaxWakeTheWatch) {
  WatchStream stream = db_->watch({{"u"}});
  next(stream);
  db_->atomic().sum({"u"}, 10).commit();
  EXPECT_EQ(next(stream)[0].value->as_u64().value, 10u);
  db_->atomic().min({"u"}, 3).commit();
  EXPECT_EQ(next(stream)[0].value->as_u64().value, 3u);
  db_->atomic().max({"u"}, 7).commit();
  EXPECT_EQ(next(stream)[0].value->as_u64().value, 7u);
}

// D7: the stored key (with the suffix) is what a watcher hears about. The
// next commit's versionstamp is the last one plus 1..9, so watching the nine
// candidate keys is certain to include the one written.
TEST_F(WatchTest, VersionstampSuffixedSetWakesTheStoredKey) {
  uint64_t before = db_->set({"seed"}, 0).versionstamp.version();
  std::vector<Key> candidates;
  for (uint64_t step = 1; step <= 9; ++step) {
    candidates.push_back({"log", Versionstamp::from_version(before + step).to_hex()});
  }
  WatchStream stream = db_->watch(candidates);
  next(stream);
  CommitResult r = db_->atomic().set_with_versionstamp_suffix({"log"}, "entry").commit();
  auto entries = next(stream);
  int found = 0;
  for (const auto& e : entries) {
    if (!e.exists()) continue;
    ++found;
    EXPECT_EQ(e.key, (Key{"log", r.versionstamp.to_hex()}));
    EXPECT_EQ(*e.versionstamp, r.versionstamp);
  }
  EXPECT_EQ(found, 1);
}

TEST_F(WatchTest, ExpiryEmitsTheKeyMissing) {
  db_->set({"session"}, "token", SetOptions{.expire_in = 300ms});
  WatchStream stream = db_->watch({{"session"}});
  EXPECT_TRUE(next(stream)[0].exists());
  auto start = std::chrono::steady_clock::now();
  auto entries = next(stream);
  ASSERT_EQ(entries.size(), 1u);
  EXPECT_FALSE(entries[0].exists());
  EXPECT_LT(std::chrono::steady_clock::now() - start, kPatience);
}

TEST_F(WatchTest, CloseEndsABlockedStream) {
  WatchStream stream = db_->watch({{"k"}});
  next(stream);
  auto blocked = std::async(std::launch::async, [&] { return stream.next(); });
  std::this_thread::sleep_for(100ms);
  db_->close();
  ASSERT_EQ(blocked.wait_for(kPatience), std::future_status::ready);
  EXPECT_FALSE(blocked.get());
  EXPECT_TRUE(stream.done());
  EXPECT_FALSE(stream.next());
  EXPECT_EQ(error_text([&] { db_->watch({{"k"}}); }), "Database is closed.");
}

TEST_F(WatchTest, CancelFromAnotherThreadEndsABlockedNext) {
  WatchStream stream = db_->watch({{"k"}});
  next(stream);
  auto blocked = std::async(std::launch::async, [&] { return stream.next(); });
  std::this_thread::sleep_for(100ms);
  std::thread([&] { stream.cancel(); }).join();
  ASSERT_EQ(blocked.wait_for(kPatience), std::future_status::ready);
  EXPECT_FALSE(blocked.get());
  EXPECT_TRUE(stream.done());
  stream.cancel();  // idempotent
  db_->set({"k"}, 1);
  EXPECT_FALSE(stream.next_for(100ms));
}

TEST_F(WatchTest, MovedStreamKeepsWatching) {
  WatchStream first = db_->watch({{"k"}});
  WatchStream second = std::move(first);
  next(second);
  db_->set({"k"}, "v");
  EXPECT_EQ(*next(second)[0].value, Value("v"));
  first = db_->watch({{"j"}});  // a moved-from stream can be assigned again
  EXPECT_EQ(next(first)[0].key, Key{"j"});
}

TEST_F(WatchTest, ValidationIsSynchronousWithDenosTexts) {
  std::vector<Key> eleven;
  for (int i = 0; i < 11; ++i) eleven.push_back({"k", i});
  EXPECT_EQ(error_text([&] { db_->watch(eleven); }), "Too many keys (max 10)");
  eleven.pop_back();
  EXPECT_NO_THROW(db_->watch(eleven));

  // 1 tag byte + text + 1 terminator: the key itself may be 2049 bytes.
  EXPECT_NO_THROW(db_->watch({{std::string(2047, 'x')}}));
  EXPECT_EQ(error_text([&] { db_->watch({{std::string(2048, 'x')}}); }),
            "Key too large for read (max 2049 bytes)");
  EXPECT_EQ(error_text([&] { db_->watch({{"ok"}, {std::string("\xff")}}); }), "invalid utf8");
}

// Another process writes the watched key: the engine notices by polling the
// storage version. The child is forked before this process opens anything,
// so it inherits no threads or locks, and waits for a byte on a pipe.
TEST(WatchCrossProcessTest, AnotherProcessesCommitIsSeen) {
  testing::TempDir dir;
  std::string path = dir.file("shared.sqlite");
  Database::open(path)->close();  // create the file before either side opens it
  int go[2];
  ASSERT_EQ(pipe(go), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(go[1]);
    char byte = 0;
    int status = read(go[0], &byte, 1) == 1 ? 0 : 1;
    if (status == 0) {
      auto db = Database::open(path);
      db->set({"shared"}, "from the child");
      db->close();
    }
    _exit(status);
  }
  close(go[0]);
  auto db = Database::open(path);
  WatchStream stream = db->watch({{"shared"}});
  auto first = stream.next_for(kPatience);
  ASSERT_TRUE(first);
  EXPECT_FALSE(first->at(0).exists());
  ASSERT_EQ(write(go[1], "x", 1), 1);
  close(go[1]);
  auto start = std::chrono::steady_clock::now();
  auto entries = stream.next_for(3s);  // the child needs time to open the file too
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_TRUE(entries) << "the other process's commit was not seen";
  EXPECT_EQ(*entries->at(0).value, Value("from the child"));
  EXPECT_LT(std::chrono::steady_clock::now() - start, kPatience);
}

}  // namespace
}  // namespace openkv
