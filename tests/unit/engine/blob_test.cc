// Copyright (c) OpenKV authors.
//
// Blobs through the library: the kv-toolbox layout byte for byte (expected
// rows written by Deno 2.9.6 itself), one commit per put and remove of any
// size, and readers racing an overwriter.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <fstream>
#include <sstream>
#include <thread>

#include "openkv/blob.h"
#include "openkv/openkv.h"
#include "support/temp_dir.h"

namespace openkv {
namespace {

std::vector<uint8_t> pattern(size_t n, uint8_t seed) {
  std::vector<uint8_t> out(n);
  for (size_t i = 0; i < n; ++i) out[i] = static_cast<uint8_t>(seed + i * 7 + i / 251);
  return out;
}

// key hex -> (value hex, encoding), read with a separate SQLite connection.
std::map<std::string, std::pair<std::string, int>> rows(const std::string& path) {
  std::map<std::string, std::pair<std::string, int>> out;
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT hex(k), hex(v), v_encoding FROM kv", -1, &s, nullptr);
  while (sqlite3_step(s) == SQLITE_ROW) {
    out[reinterpret_cast<const char*>(sqlite3_column_text(s, 0))] = {
        reinterpret_cast<const char*>(sqlite3_column_text(s, 1)), sqlite3_column_int(s, 2)};
  }
  sqlite3_finalize(s);
  sqlite3_close(db);
  return out;
}

int64_t data_version(const std::string& path) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* s = nullptr;
  sqlite3_prepare_v2(db, "SELECT version FROM data_version", -1, &s, nullptr);
  int64_t v = sqlite3_step(s) == SQLITE_ROW ? sqlite3_column_int64(s, 0) : -1;
  sqlite3_finalize(s);
  sqlite3_close(db);
  return v;
}

class BlobTest : public ::testing::Test {
 protected:
  testing::TempDir dir_;
  std::string path_ = dir_.file("blobs.sqlite");
  std::unique_ptr<Database> db_ = Database::open(path_);
  Blobs blobs_{*db_};
};

// The rows Deno 2.9.6 writes for kv.set(["a", "__kv_toolbox_meta__"],
// {kind:"file", type:"text/plain", lastModified:1700000000123, name:"a.txt",
// size:130000}) and for the chunk keys ["a", "__kv_toolbox_blob__", 1..3].
// OpenKV's V8 serializer writes format version 15 (FF 0F), Deno 2.9.6 writes
// 16 (FF 10); both read either. Everything after that header must match.
std::string after_v8_header(const std::string& hex) { return hex.substr(4); }

constexpr char kMetaKeyA[] = "026100025F5F6B765F746F6F6C626F785F6D6574615F5F00";
constexpr char kFileMetaA[] =
    "FF106F22046B696E64220466696C65220474797065220A746578742F706C61696E220C6C6173744D6F646966696564"
    "4E00B08756FEBC784222046E616D652205612E747874220473697A6549A0EF0F7B05";
constexpr char kChunkKeyA1[] = "026100025F5F6B765F746F6F6C626F785F626C6F625F5F0021BFF0000000000000";
constexpr char kChunkKeyA2[] = "026100025F5F6B765F746F6F6C626F785F626C6F625F5F0021C000000000000000";
constexpr char kChunkKeyA3[] = "026100025F5F6B765F746F6F6C626F785F626C6F625F5F0021C008000000000000";

TEST_F(BlobTest, FileLayoutIsKvToolboxByteForByte) {
  auto data = pattern(130000, 1);
  auto r = blobs_.put({"a"}, data,
                      {.type = "text/plain", .name = "a.txt", .last_modified = 1700000000123});
  ASSERT_TRUE(r.ok);
  auto stored = rows(path_);
  ASSERT_EQ(stored.size(), 4u);
  EXPECT_EQ(after_v8_header(stored[kMetaKeyA].first), after_v8_header(kFileMetaA));
  EXPECT_EQ(stored[kMetaKeyA].second, 1);
  // 130000 = 63000 + 63000 + 4000, raw bytes (encoding 3).
  EXPECT_EQ(stored[kChunkKeyA1].first.size(), 2u * 63000);
  EXPECT_EQ(stored[kChunkKeyA2].first.size(), 2u * 63000);
  EXPECT_EQ(stored[kChunkKeyA3].first.size(), 2u * 4000);
  EXPECT_EQ(stored[kChunkKeyA3].second, 3);

  auto meta = blobs_.meta({"a"});
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->kind, BlobMeta::Kind::kFile);
  EXPECT_EQ(meta->name, "a.txt");
  EXPECT_EQ(meta->type, "text/plain");
  EXPECT_EQ(meta->last_modified, 1700000000123);
  EXPECT_EQ(meta->size, 130000u);
  EXPECT_EQ(meta->versionstamp, r.versionstamp);
  EXPECT_EQ(blobs_.get({"a"}), data);
}

TEST_F(BlobTest, BufferAndBlobMetaAreKvToolboxByteForByte) {
  ASSERT_TRUE(blobs_.put({"b"}, pattern(5, 2)).ok);
  ASSERT_TRUE(blobs_.put({"c"}, pattern(70000, 3), {.type = "image/png"}).ok);
  auto stored = rows(path_);
  EXPECT_EQ(after_v8_header(stored["026200025F5F6B765F746F6F6C626F785F6D6574615F5F00"].first),
            after_v8_header("FF106F22046B696E642206627566666572220473697A65490A7B02"));
  EXPECT_EQ(after_v8_header(stored["026300025F5F6B765F746F6F6C626F785F6D6574615F5F00"].first),
            after_v8_header("FF106F22046B696E642204626C6F622204747970652209696D6167652F706E672204"
                            "73697A6549E0C5087B03"));
}

TEST_F(BlobTest, OverwriteDropsStaleChunksInTheSameCommit) {
  ASSERT_TRUE(blobs_.put({"a"}, pattern(200000, 1)).ok);  // 4 chunks
  int64_t before = data_version(path_);
  auto small = pattern(10, 9);
  auto r = blobs_.put({"a"}, small);
  ASSERT_TRUE(r.ok);
  EXPECT_EQ(r.versionstamp.version(), static_cast<uint64_t>(data_version(path_)));
  EXPECT_LE(data_version(path_) - before, 9);  // one version increment: one commit
  EXPECT_EQ(rows(path_).size(), 2u);           // meta + one chunk
  EXPECT_EQ(blobs_.get({"a"}), small);
}

TEST_F(BlobTest, MissingBlobAndReaderStopAtGap) {
  EXPECT_FALSE(blobs_.meta({"nothing"}));
  EXPECT_FALSE(blobs_.get({"nothing"}));
  EXPECT_EQ(blobs_.open({"nothing"}), nullptr);
  // Chunks without meta are not a blob (kv-toolbox's rule).
  db_->set({"x", "__kv_toolbox_blob__", 1}, Value::bytes({1, 2}));
  EXPECT_FALSE(blobs_.get({"x"}));
  // Uneven chunk sizes join in order and stop at the first gap.
  db_->set({"y", "__kv_toolbox_blob__", 1}, Value::bytes({1}));
  db_->set({"y", "__kv_toolbox_blob__", 2}, Value::bytes({2, 3}));
  db_->set({"y", "__kv_toolbox_blob__", 4}, Value::bytes({4}));
  db_->set({"y", "__kv_toolbox_meta__"},
           Value::make_object({{"kind", "buffer"}, {"size", 3}}));
  EXPECT_EQ(blobs_.get({"y"}), (std::vector<uint8_t>{1, 2, 3}));
}

TEST_F(BlobTest, StreamFileAndChunkReader) {
  auto data = pattern(150001, 4);
  std::string file = dir_.file("in.bin");
  std::ofstream(file, std::ios::binary).write(reinterpret_cast<const char*>(data.data()),
                                              static_cast<std::streamsize>(data.size()));
  ASSERT_TRUE(blobs_.put_file({"f"}, file, {.type = "application/octet-stream"}).ok);
  auto meta = blobs_.meta({"f"});
  ASSERT_TRUE(meta);
  EXPECT_EQ(meta->kind, BlobMeta::Kind::kFile);
  EXPECT_EQ(meta->name, "in.bin");
  std::stringstream in(std::string(data.begin(), data.end()));
  ASSERT_TRUE(blobs_.put_stream({"s"}, in).ok);
  auto reader = blobs_.open({"s"});
  ASSERT_NE(reader, nullptr);
  EXPECT_EQ(reader->meta().kind, BlobMeta::Kind::kBuffer);
  std::vector<uint8_t> joined;
  while (auto chunk = reader->next()) joined.insert(joined.end(), chunk->begin(), chunk->end());
  EXPECT_EQ(joined, data);
  std::ostringstream out;
  ASSERT_TRUE(blobs_.get_to({"f"}, out));
  EXPECT_EQ(out.str(), std::string(data.begin(), data.end()));
}

TEST_F(BlobTest, FailingSourceLeavesTheOldBlob) {
  auto old = pattern(100000, 5);
  ASSERT_TRUE(blobs_.put({"a"}, old).ok);
  size_t calls = 0;
  EXPECT_THROW(blobs_.put_source({"a"},
                                 [&](std::span<uint8_t> buf) -> size_t {
                                   if (++calls > 3) throw Error(ErrorCode::kIoError, "disk gone");
                                   return std::min<size_t>(buf.size(), 40000);
                                 }),
               Error);
  EXPECT_EQ(blobs_.get({"a"}), old);
}

TEST_F(BlobTest, ListAndRemove) {
  ASSERT_TRUE(blobs_.put({"p"}, pattern(3, 1)).ok);
  ASSERT_TRUE(blobs_.put({"p", "big"}, pattern(200000, 1)).ok);
  ASSERT_TRUE(blobs_.put({"p", "x", "deep"}, pattern(1, 1), {.type = "text/plain"}).ok);
  db_->set({"p", "plain"}, Value(1));
  ASSERT_TRUE(blobs_.put({"q"}, pattern(1, 1)).ok);
  auto listed = blobs_.list({"p"});
  ASSERT_EQ(listed.size(), 3u);
  EXPECT_EQ(listed[0].first, (Key{"p"}));
  EXPECT_EQ(listed[1].first, (Key{"p", "big"}));
  EXPECT_EQ(listed[1].second.size, 200000u);
  EXPECT_EQ(listed[2].first, (Key{"p", "x", "deep"}));
  EXPECT_EQ(blobs_.list({}).size(), 4u);

  ASSERT_TRUE(blobs_.remove({"p", "big"}).ok);
  EXPECT_FALSE(blobs_.get({"p", "big"}));
  EXPECT_EQ(blobs_.list({"p"}).size(), 2u);
  EXPECT_TRUE(blobs_.remove({"never"}).ok);
}

TEST_F(BlobTest, AtomicCheckOnMetaVersionstamp) {
  auto r = blobs_.put({"a"}, pattern(10, 1));
  auto op = db_->atomic();
  Blobs::check(op, {"a"}, r.versionstamp).set({"note"}, Value("seen"));
  EXPECT_TRUE(op.commit().ok);
  blobs_.put({"a"}, pattern(10, 2));
  auto stale = db_->atomic();
  Blobs::check(stale, {"a"}, r.versionstamp).set({"note"}, Value("stale"));
  EXPECT_FALSE(stale.commit().ok);
}

TEST_F(BlobTest, ExpiringBlobGoesAsAWhole) {
  ASSERT_TRUE(blobs_.put({"e"}, pattern(70000, 1), {.expire_in = std::chrono::milliseconds(1)}).ok);
  std::this_thread::sleep_for(std::chrono::milliseconds(20));
  EXPECT_FALSE(blobs_.meta({"e"}));
  EXPECT_FALSE(blobs_.get({"e"}));
}

TEST_F(BlobTest, ReaderRacingOverwriterSeesOldOrNewNeverAMix) {
  const size_t n = 20 * 1000 * 1000;
  auto a = pattern(n, 1), b = pattern(n, 2);
  ASSERT_TRUE(blobs_.put({"r"}, a).ok);
  std::atomic<bool> stop{false};
  std::thread writer([&] {
    for (int i = 0; i < 6; ++i) blobs_.put({"r"}, i % 2 ? a : b);
    stop = true;
  });
  int reads = 0;
  while (!stop || reads == 0) {
    auto got = blobs_.get({"r"});
    ASSERT_TRUE(got);
    ASSERT_TRUE(*got == a || *got == b) << "a torn read";
    ++reads;
  }
  writer.join();
}

TEST_F(BlobTest, HundredMegabytesInOneCommitEach) {
  const size_t n = 100 * 1000 * 1000;  // 1588 chunks: past the 1000-mutation client limit
  uint64_t produced = 0;
  int64_t before = data_version(path_);
  auto r = blobs_.put_source({"h"}, [&](std::span<uint8_t> buf) {
    size_t k = std::min<uint64_t>(buf.size(), n - produced);
    for (size_t i = 0; i < k; ++i) buf[i] = static_cast<uint8_t>((produced + i) % 251);
    produced += k;
    return k;
  });
  ASSERT_TRUE(r.ok);
  EXPECT_LE(data_version(path_) - before, 9);
  EXPECT_EQ(blobs_.meta({"h"})->size, n);
  auto reader = blobs_.open({"h"});
  uint64_t seen = 0;
  while (auto chunk = reader->next()) {
    for (uint8_t byte : *chunk) ASSERT_EQ(byte, static_cast<uint8_t>(seen++ % 251));
  }
  EXPECT_EQ(seen, n);
  before = data_version(path_);
  ASSERT_TRUE(blobs_.remove({"h"}).ok);
  EXPECT_LE(data_version(path_) - before, 9);
  EXPECT_TRUE(rows(path_).empty());
}

}  // namespace
}  // namespace openkv
