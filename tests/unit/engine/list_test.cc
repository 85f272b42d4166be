// Copyright (c) OpenKV authors.
//
// list(): selectors, order, limits, batching and Deno's cursors (spec 02 §4,
// 01 §2), through the public API.
#include <gtest/gtest.h>

#include "openkv/openkv.h"

namespace openkv {
namespace {

class ListTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = Database::open(":memory:");
    for (const char* k : {"a", "b", "c", "d", "e"}) db_->set({"a", k}, k);
    db_->set({"a"}, "prefix itself");
    db_->set({"b"}, "other");
  }

  std::vector<Key> keys(ListIterator& it) {
    std::vector<Key> out;
    while (auto e = it.next()) out.push_back(e->key);
    return out;
  }

  std::string error_text(const std::function<void()>& f) {
    try {
      f();
    } catch (const Error& e) {
      return e.what();
    }
    return "no error";
  }

  std::unique_ptr<Database> db_;
};

TEST_F(ListTest, PrefixExcludesTheKeyEqualToThePrefix) {
  auto it = db_->list(ListSelector::with_prefix({"a"}));
  EXPECT_EQ(keys(it),
            (std::vector<Key>{{"a", "a"}, {"a", "b"}, {"a", "c"}, {"a", "d"}, {"a", "e"}}));
}

TEST_F(ListTest, EmptyPrefixListsEverythingInKeyOrder) {
  auto it = db_->list(ListSelector::with_prefix({}));
  auto all = keys(it);
  ASSERT_EQ(all.size(), 7u);
  EXPECT_EQ(all.front(), Key{"a"});
  EXPECT_EQ(all.back(), Key{"b"});
}

TEST_F(ListTest, ReverseAndLimit) {
  auto it = db_->list(ListSelector::with_prefix({"a"}), {.limit = 2, .reverse = true});
  EXPECT_EQ(keys(it), (std::vector<Key>{{"a", "e"}, {"a", "d"}}));
}

TEST_F(ListTest, StartEndRangeIncludesStartExcludesEnd) {
  auto it = db_->list(ListSelector::range({"a", "b"}, {"a", "d"}));
  EXPECT_EQ(keys(it), (std::vector<Key>{{"a", "b"}, {"a", "c"}}));
}

TEST_F(ListTest, PrefixWithStartAndPrefixWithEnd) {
  auto from_c = db_->list({Key{"a"}, Key{"a", "c"}, std::nullopt});
  EXPECT_EQ(keys(from_c), (std::vector<Key>{{"a", "c"}, {"a", "d"}, {"a", "e"}}));
  auto before_c = db_->list({Key{"a"}, std::nullopt, Key{"a", "c"}});
  EXPECT_EQ(keys(before_c), (std::vector<Key>{{"a", "a"}, {"a", "b"}}));
}

TEST_F(ListTest, CursorMatchesDenoAndResumes) {
  auto it = db_->list(ListSelector::with_prefix({"a"}), {.limit = 2});
  EXPECT_EQ(keys(it).size(), 2u);
  EXPECT_EQ(it.cursor(), "AmIA");  // Deno's test "list prefix with manual cursor"
  auto rest = db_->list(ListSelector::with_prefix({"a"}), {.cursor = it.cursor()});
  EXPECT_EQ(keys(rest), (std::vector<Key>{{"a", "c"}, {"a", "d"}, {"a", "e"}}));
  EXPECT_EQ(rest.cursor(), "");  // exhausted
}

TEST_F(ListTest, ReverseCursor) {
  auto it = db_->list(ListSelector::with_prefix({"a"}), {.limit = 2, .reverse = true});
  keys(it);
  EXPECT_EQ(it.cursor(), "AmQA");  // Deno's test "list prefix with manual cursor reverse"
  auto rest = db_->list(ListSelector::with_prefix({"a"}), {.reverse = true, .cursor = it.cursor()});
  EXPECT_EQ(keys(rest), (std::vector<Key>{{"a", "c"}, {"a", "b"}, {"a", "a"}}));
}

TEST_F(ListTest, CursorBeforeFirstIteration) {
  auto it = db_->list(ListSelector::with_prefix({"a"}));
  EXPECT_EQ(error_text([&] { it.cursor(); }), "Cannot get cursor before first iteration");
  auto given = db_->list(ListSelector::with_prefix({"a"}), {.cursor = "AmIA"});
  EXPECT_EQ(given.cursor(), "AmIA");
}

TEST_F(ListTest, SmallBatchesYieldEverythingOnce) {
  for (int i = 0; i < 250; ++i) db_->set({"many", i}, i);
  auto it = db_->list(ListSelector::with_prefix({"many"}), {.batch_size = 7});
  int expected = 0;
  while (auto e = it.next()) EXPECT_EQ(e->value.as_number(), expected++);
  EXPECT_EQ(expected, 250);
}

TEST_F(ListTest, SelectorAndOptionErrors) {
  EXPECT_EQ(error_text([&] {
              db_->list({Key{"a"}, Key{"a", "b"}, Key{"a", "c"}});
            }),
            "Selector can not specify both 'start' and 'end' key when specifying 'prefix'");
  EXPECT_EQ(error_text([&] {
              db_->list({std::nullopt, Key{"a"}, std::nullopt});
            }),
            "Selector must specify either 'prefix' or both 'start' and 'end' key");
  EXPECT_EQ(error_text([&] { db_->list(ListSelector::with_prefix({}), {.limit = 0}); }),
            "Limit must be positive: received 0");
  EXPECT_EQ(error_text([&] { db_->list(ListSelector::with_prefix({}), {.batch_size = -1}); }),
            "batchSize must be positive");
  auto big_batch = db_->list(ListSelector::with_prefix({}), {.batch_size = 1001});
  EXPECT_EQ(error_text([&] { big_batch.next(); }), "Too many entries (max 1000)");
  auto outside = db_->list({Key{"a"}, Key{"b"}, std::nullopt});
  EXPECT_EQ(error_text([&] { outside.next(); }),
            "Start key is not in the keyspace defined by prefix");
  auto inverted = db_->list(ListSelector::range({"b"}, {"a"}));
  EXPECT_EQ(error_text([&] { inverted.next(); }), "Start key is greater than end key");
  auto bad_cursor = db_->list(ListSelector::with_prefix({"a"}), {.cursor = "!!"});
  EXPECT_EQ(error_text([&] { bad_cursor.next(); }), "invalid cursor");
}

}  // namespace
}  // namespace openkv
