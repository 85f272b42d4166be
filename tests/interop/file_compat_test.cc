// Copyright (c) OpenKV authors.
//
// File compatibility with the real Deno 2.9.6, driven by
// file_compat/run.sh: Deno writes a file, OpenKV reads every entry back
// exactly; OpenKV writes a file, Deno reads it back exactly and keeps
// writing; OpenKV then sees Deno's writes. The dataset mirrors
// file_compat/dataset.js entry for entry.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <cstdlib>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "openkv/openkv.h"

namespace openkv {
namespace {

std::string interop_dir() {
  const char* dir = std::getenv("OPENKV_INTEROP_DIR");
  return dir ? dir : "";
}

Value heap(auto data) {
  auto object = std::make_shared<HeapObject>();
  object->data = std::move(data);
  return Value::object(object);
}

std::shared_ptr<HeapObject> buffer(std::vector<uint8_t> bytes) {
  auto object = std::make_shared<HeapObject>();
  object->data = ArrayBuffer{std::move(bytes), std::nullopt};
  return object;
}

Value view(ViewType type, std::vector<uint8_t> bytes, uint64_t offset, uint64_t length) {
  return heap(ArrayBufferView{type, buffer(std::move(bytes)), offset, length, 0});
}

struct Item {
  Key key;
  Value value;
  SetOptions options;
};

// Same order and content as dataset() in file_compat/dataset.js.
std::vector<Item> dataset() {
  Value cyclic = Value::make_object({{"name", "loop"}});
  std::get<PlainObject>(cyclic.object()->data)
      .properties.emplace_back("self", Value::weak_ref(cyclic));
  Value shared = Value::make_object({{"s", 1}});
  Array sparse;
  sparse.elements = {std::nullopt, std::nullopt, Value(1)};
  Array plain_array;
  plain_array.elements = {Value(1), Value("a"), Value(true), Value::null(), Value()};
  Array boxed;
  boxed.elements = {heap(BoxedPrimitive{Value(3)}), heap(BoxedPrimitive{Value("s")}),
                    heap(BoxedPrimitive{Value(false)})};
  return {
      {{"str"}, "hello", {}},
      {{"num", 1}, 7, {}},
      {{"num", -1.5}, -0.0, {}},
      {{"num", 0}, 123.5, {}},
      {{"num", -0.0}, std::nan(""), {}},
      {{"inf"}, std::numeric_limits<double>::infinity(), {}},
      {{"big", BigInt(10)}, BigInt(10), {}},
      {{"big", BigInt::parse("-1180591620717411303424")},
       BigInt::parse("-18446744073709551616"),
       {}},
      {{"big", BigInt(0)}, BigInt(0), {}},
      {{"bytes", KeyPart::bytes({0, 1, 255})}, Value::bytes({0, 1, 255}), {}},
      {{"bool", true}, true, {}},
      {{"bool", false}, false, {}},
      {{"s", std::string("a\0b", 3)}, Value::null(), {}},
      {{"s", "é"}, Value(), {}},
      {{"s", ""}, "€uro", {}},
      {{"lone"}, "\xED\xA0\x80x", {}},  // "\ud800x": a lone surrogate, WTF-8
      {{"date"}, Value::make_date(0), {}},
      {{"date", "invalid"}, Value::make_date(std::nan("")), {}},
      {{"regexp"}, heap(RegExp{"ab+c", 1 | 2}), {}},
      {{"object"},
       Value::make_object(
           {{"name", "Alice"},
            {"age", 31},
            {"nested", Value::make_object({{"list", Value::make_array({1, "a", true})}})}}),
       {}},
      {{"array"}, heap(std::move(plain_array)), {}},
      {{"sparse"}, heap(std::move(sparse)), {}},
      {{"map"}, Value::make_map({{"k", 1}, {2, "two"}}), {}},
      {{"set"}, Value::make_set({1, "x"}), {}},
      {{"typed", "u8"}, Value::make_object({{"u", Value::make_uint8_array({1, 2})}}), {}},
      {{"typed", "i32"},
       view(ViewType::kInt32Array, {0xff, 0xff, 0xff, 0xff, 2, 0, 0, 0}, 0, 8),
       {}},
      {{"typed", "f64"}, view(ViewType::kFloat64Array, {0, 0, 0, 0, 0, 0, 0xf8, 0x3f}, 0, 8), {}},
      {{"typed", "big64"},
       view(ViewType::kBigInt64Array, {0xfb, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff}, 0, 8),
       {}},
      {{"typed", "dataview"}, view(ViewType::kDataView, {1, 2, 3, 4}, 1, 2), {}},
      {{"arraybuffer"}, Value::object(buffer({1, 2, 3, 4})), {}},
      {{"error"},
       heap(ErrorObject{ErrorPrototype::kTypeError, "boom", "TypeError: boom", Value(42)}),
       {}},
      {{"boxed"}, heap(std::move(boxed)), {}},
      {{"cyclic"}, cyclic, {}},
      {{"shared"}, Value::make_object({{"a", shared}, {"b", shared}}), {}},
      {{"u64"}, KvU64{42}, {}},
      {{"u64", "max"}, KvU64{UINT64_MAX}, {}},
      {{"ttl", "far"}, "stays", {.expire_in = std::chrono::milliseconds(3600000)}},
  };
}

const Key kExpiredKey{"ttl", "soon"};

std::vector<std::string> read_versionstamps(const std::string& file) {
  std::ifstream in(file);
  return nlohmann::json::parse(in).get<std::vector<std::string>>();
}

int64_t count_rows(const std::string& path, const std::string& table) {
  sqlite3* db = nullptr;
  sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, ("select count(*) from " + table).c_str(), -1, &stmt, nullptr);
  int64_t n = sqlite3_step(stmt) == SQLITE_ROW ? sqlite3_column_int64(stmt, 0) : -1;
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return n;
}

class FileCompat : public ::testing::Test {
 protected:
  void SetUp() override {
    if (interop_dir().empty()) GTEST_SKIP() << "run through tests/interop/file_compat/run.sh";
  }
};

TEST_F(FileCompat, ReadsEveryEntryDenoWrote) {
  std::string path = interop_dir() + "/deno.sqlite";
  auto versionstamps = read_versionstamps(interop_dir() + "/deno_versionstamps.json");
  auto items = dataset();
  ASSERT_EQ(versionstamps.size(), items.size());
  auto db = Database::open(path);
  for (size_t i = 0; i < items.size(); ++i) {
    EntryMaybe e = db->get(items[i].key);
    ASSERT_TRUE(e.exists()) << key_to_display_string(items[i].key);
    EXPECT_TRUE(*e.value == items[i].value) << key_to_display_string(items[i].key);
    EXPECT_EQ(e.versionstamp->to_hex(), versionstamps[i]) << key_to_display_string(items[i].key);
  }
  // The entry Deno wrote with expireIn: 1 is never returned.
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  EXPECT_FALSE(db->get(kExpiredKey).exists());
  size_t listed = 0;
  auto it = db->list(ListSelector::with_prefix({}));
  while (it.next()) ++listed;
  EXPECT_EQ(listed, items.size());

  // OpenKV writes to Deno's file: versionstamps continue above Deno's.
  CommitResult r = db->set({"appended", "by", "openkv"}, "hi");
  for (const auto& v : versionstamps) EXPECT_GT(r.versionstamp.to_hex(), v);
  db->close();
  // Deno's pending queue messages are untouched (the ready one may be
  // delivered by Deno later; both rows are still there).
  EXPECT_EQ(count_rows(path, "queue"), 2);
}

TEST_F(FileCompat, WritesAFileDenoReads) {
  std::string path = interop_dir() + "/openkv.sqlite";
  auto db = Database::open(path);
  nlohmann::json versionstamps = nlohmann::json::array();
  for (const auto& item : dataset()) {
    versionstamps.push_back(db->set(item.key, item.value, item.options).versionstamp.to_hex());
  }
  db->set(kExpiredKey, "gone", {.expire_in = std::chrono::milliseconds(1)});
  db->enqueue("deliver me");
  db->enqueue("later", {.delay = std::chrono::milliseconds(3600000),
                        .keys_if_undelivered = {{"undelivered"}}});
  db->close();
  std::ofstream(interop_dir() + "/openkv_versionstamps.json") << versionstamps.dump();
  EXPECT_EQ(count_rows(path, "queue"), 2);
}

TEST_F(FileCompat, SeesWhatDenoAppended) {
  auto db = Database::open(interop_dir() + "/openkv.sqlite");
  EntryMaybe e = db->get({"appended", "by", "deno"});
  ASSERT_TRUE(e.exists());
  EXPECT_EQ(e.value->as_string(), "hi");
  CommitResult r = db->set({"appended", "again"}, 1);
  EXPECT_GT(r.versionstamp, *e.versionstamp);
}

}  // namespace
}  // namespace openkv
