// Copyright (c) OpenKV authors.
//
// Spec 03 §4, §5, §7: rows as Deno writes them are read back exactly, and
// rows OpenKV writes have the storage classes and texts Deno expects.
#include <gtest/gtest.h>

#include <regex>
#include <string>

#include "openkv/errors.h"
#include "storage/sqlite/sqlite_backend.h"
#include "unit/codec/hex_bytes.h"
#include "unit/storage/sqlite_test_util.h"

namespace openkv::storage::sqlite {
namespace {

using openkv::testing::hex_bytes;
using openkv::testing::RawDb;
using openkv::testing::TempDir;

constexpr int64_t kNow = 1'700'000'000'000;

std::unique_ptr<SqliteBackend> open_backend(const std::string& path,
                                            std::optional<uint64_t> seed = {}) {
  SqliteBackend::Options o;
  o.path = path;
  o.seed = seed;
  return std::make_unique<SqliteBackend>(o);
}

struct GoldenRow {
  const char* key_hex;
  const char* value_hex;
  int encoding;
  int64_t version;
  const char* versionstamp;
  int64_t expiration_ms;
};

// Spec 03 §7.1, all 29 rows, in key order.
const GoldenRow kGolden[] = {
    {"02616273656E7400", "FF104902", 1, 135, "00000000000000870000", -1},
    {"0261727200", "FF104103490222016154240003", 1, 78, "000000000000004e0000", -1},
    {"02620026", "FF10220966616C73652D6B6579", 1, 106, "000000000000006a0000", -1},
    {"02620027", "2A00000000000000", 2, 22, "00000000000000160000", -1},
    {"026269670013F5", "FF10220A6E656720626967696E74", 1, 112, "00000000000000700000", -1},
    {"026269670014", "FF10220B7A65726F20626967696E74", 1, 116, "00000000000000740000", -1},
    {"0262696700150A", "0001FF", 3, 26, "000000000000001a0000", -1},
    {"02626967001D09400000000000000000", "FF10220B6875676520626967696E74", 1, 125,
     "000000000000007d0000", -1},
    {"02626967696E7400", "FF105A100A00000000000000", 1, 45, "000000000000002d0000", -1},
    {"02626F6F6C00", "FF1046", 1, 49, "00000000000000310000", -1},
    {"02636F756E74657200", "0F00000000000000", 2, 144, "00000000000000900000", -1},
    {"026461746500", "FF10440000000000000000", 1, 70, "00000000000000460000", -1},
    {"026D617000", "FF103B22016B49023A02", 1, 83, "00000000000000530000", -1},
    {"026D6E00", "0300000000000000", 2, 144, "00000000000000900000", -1},
    {"026D7800", "0900000000000000", 2, 144, "00000000000000900000", -1},
    {"026E00214007FFFFFFFFFFFF", "FF1022036E6567", 1, 96, "00000000000000600000", -1},
    {"026E00218000000000000000", "FF1022047A65726F", 1, 98, "00000000000000620000", -1},
    {"026E0021BFF0000000000000", "FF1022036F6E65", 1, 13, "000000000000000d0000", -1},
    {"026E756D00", "FF10490E", 1, 36, "00000000000000240000", -1},
    {"0273000200", "FF102210656D7074792D737472696E672D6B6579", 1, 100, "00000000000000640000", -1},
    {"027300026100FF6200", "FF10220D6E756C2D696E2D737472696E67", 1, 101, "00000000000000650000",
     -1},
    {"02730002C3A900", "FF10220475746638", 1, 104, "00000000000000680000", -1},
    {"0273747200", "FF10220568656C6C6F", 1, 33, "00000000000000210000", -1},
    {"0274746C00", "FF10220474656D70", 1, 162, "00000000000000a20000", 1795754421671},
    {"027536346D617800", "FFFFFFFFFFFFFFFF", 2, 91, "000000000000005b0000", -1},
    {"027538000100FF01FF00", "FF104E0000000000E05E40", 1, 30, "000000000000001e0000", -1},
    {"02756E64656600", "FF105F", 1, 63, "000000000000003f0000", -1},
    {"0275736572730002616C69636500", "FF106F22046E616D652205416C6963652203616765493E7B02", 1, 133,
     "00000000000000850000", -1},
    {"027700", "FF1022076368616E676564", 1, 165, "00000000000000a50000", -1},
};

// A file laid out exactly as Deno 2.9.6 left it (spec 03 §7.1): OpenKV
// creates the schema, then the rows are written with plain SQL as Deno's
// engine would.
std::string make_golden_file(const TempDir& dir) {
  std::string path = dir.file("deno.sqlite3");
  open_backend(path)->close();
  RawDb db(path);
  for (const GoldenRow& r : kGolden) {
    db.exec(std::string("insert into kv (k, v, v_encoding, version, expiration_ms) values (x'") +
            r.key_hex + "', x'" + r.value_hex + "', " + std::to_string(r.encoding) + ", " +
            std::to_string(r.version) + ", " + std::to_string(r.expiration_ms) + ")");
  }
  db.exec("update data_version set version = 176 where k = 0");
  return path;
}

TEST(SqliteRows, ReadsDenoGoldenRows) {
  TempDir dir;
  std::string path = make_golden_file(dir);
  auto backend = open_backend(path);
  EXPECT_EQ(backend->current_version().to_hex(), "00000000000000b00000");

  const int64_t before_ttl = 1795754421671 - 1;
  auto r = backend->snapshot_read({core::ReadRange{{}, {0xff}, 1000, false}}, before_ttl);
  ASSERT_EQ(r.ranges[0].size(), std::size(kGolden));
  for (size_t i = 0; i < std::size(kGolden); ++i) {
    const auto& e = r.ranges[0][i];
    SCOPED_TRACE(kGolden[i].key_hex);
    EXPECT_EQ(e.key, hex_bytes(kGolden[i].key_hex));
    EXPECT_EQ(e.value.data, hex_bytes(kGolden[i].value_hex));
    EXPECT_EQ(static_cast<int>(e.value.encoding), kGolden[i].encoding);
    EXPECT_EQ(e.versionstamp.to_hex(), kGolden[i].versionstamp);
  }
  EXPECT_EQ(backend->current_version().to_hex(), "00000000000000b00000");

  // Once ["ttl"] has expired the other 28 remain, in byte order.
  auto after = backend->snapshot_read({core::ReadRange{{}, {0xff}, 1000, false}}, 1795754421671);
  ASSERT_EQ(after.ranges[0].size(), std::size(kGolden) - 1);
  for (const auto& e : after.ranges[0]) EXPECT_NE(e.key, hex_bytes("0274746C00"));
  EXPECT_EQ(backend->next_expiration(), 1795754421671);
}

TEST(SqliteRows, WritesRowsAsDenoDoes) {
  TempDir dir;
  std::string path = dir.file("kv.sqlite3");
  {
    auto backend = open_backend(path);
    core::AtomicWrite w;
    core::Mutation m;
    m.key = hex_bytes("0275736572730002616C69636500");
    m.value = {hex_bytes("FF0F6F22046E616D652205416C6963652203616765493E7B02"),
               core::Encoding::kV8};
    m.expire_at_ms = kNow + 60000;
    w.mutations.push_back(m);
    auto c = commit_and_wait(*backend, w, kNow);
    ASSERT_TRUE(c.ok);
    backend->close();
    RawDb db(path);
    EXPECT_EQ(db.query("select hex(k), typeof(k), typeof(v), v_encoding, "
                       "printf('%016x', version) || '0000', seq, expiration_ms from kv"),
              "0275736572730002616C69636500|blob|blob|1|" + c.versionstamp.to_hex() + "|0|" +
                  std::to_string(kNow + 60000));
  }
}

TEST(SqliteRows, EmptyKeyAndEmptyValueAreZeroLengthBlobs) {
  TempDir dir;
  std::string path = dir.file("kv.sqlite3");
  auto backend = open_backend(path);
  core::AtomicWrite w;
  w.mutations.push_back(core::Mutation{});  // empty key, empty bytes value
  ASSERT_TRUE(commit_and_wait(*backend, w, kNow).ok);
  auto r = backend->snapshot_read({core::ReadRange{{}, {0x00}, 1, false}}, kNow);
  ASSERT_EQ(r.ranges[0].size(), 1u);
  EXPECT_TRUE(r.ranges[0][0].key.empty());
  backend->close();
  RawDb db(path);
  EXPECT_EQ(db.query("select typeof(k), length(k), typeof(v), length(v), v_encoding from kv"),
            "blob|0|blob|0|3");
}

TEST(SqliteRows, QueueRowFormat) {
  TempDir dir;
  std::string path = dir.file("kv.sqlite3");
  auto backend = open_backend(path);
  core::AtomicWrite w;
  core::Enqueue e;
  e.payload = hex_bytes("FF1022056C61746572");
  e.deadline_ms = 1795757961886;
  e.keys_if_undelivered = {hex_bytes("02756E64656C69766572656400")};
  e.backoff_schedule = {100, 1000, 5000, 30000, 60000};
  w.enqueues.push_back(e);
  core::Enqueue bare;
  bare.payload = hex_bytes("FF0F49");
  bare.deadline_ms = kNow;
  w.enqueues.push_back(bare);
  ASSERT_TRUE(commit_and_wait(*backend, w, kNow).ok);
  backend->close();

  RawDb db(path);
  EXPECT_EQ(db.query("select ts, typeof(ts), typeof(id), hex(data), typeof(data), "
                     "backoff_schedule, typeof(backoff_schedule), keys_if_undelivered, "
                     "typeof(keys_if_undelivered) from queue order by ts desc"),
            "1795757961886|integer|text|FF1022056C61746572|blob|"
            "[100,1000,5000,30000,60000]|text|"
            "[[2,117,110,100,101,108,105,118,101,114,101,100,0]]|text\n" +
                std::to_string(kNow) + "|integer|text|FF0F49|blob|[]|text|[]|text");
  std::string ids = db.query("select id from queue");
  std::regex uuid4("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  auto nl = ids.find('\n');
  ASSERT_NE(nl, std::string::npos);
  EXPECT_TRUE(std::regex_match(ids.substr(0, nl), uuid4)) << ids;
  EXPECT_TRUE(std::regex_match(ids.substr(nl + 1), uuid4)) << ids;
  EXPECT_NE(ids.substr(0, nl), ids.substr(nl + 1));
  EXPECT_EQ(db.query("select count(*) from queue_running"), "0");
}

TEST(SqliteRows, VersionIncrementsAreOneToNineAndSeedable) {
  auto run = [](uint64_t seed) {
    auto backend = open_backend(":memory:", seed);
    std::vector<uint64_t> versions;
    uint64_t last = 0;
    for (int i = 0; i < 200; ++i) {
      auto c = commit_and_wait(*backend, core::AtomicWrite{}, kNow);
      uint64_t v = c.versionstamp.version();
      EXPECT_GE(v - last, 1u);
      EXPECT_LE(v - last, 9u);
      EXPECT_EQ(c.versionstamp.bytes()[8], 0);
      EXPECT_EQ(c.versionstamp.bytes()[9], 0);
      versions.push_back(v);
      last = v;
    }
    return versions;
  };
  auto a = run(42);
  EXPECT_EQ(a, run(42));
  EXPECT_NE(a, run(43));
  // With 200 draws every increment 1..9 shows up.
  std::set<uint64_t> steps;
  for (size_t i = 1; i < a.size(); ++i) steps.insert(a[i] - a[i - 1]);
  EXPECT_EQ(steps.size(), 9u);
}

TEST(SqliteRows, SweepWritesOnlyTheVersionBump) {
  TempDir dir;
  std::string path = dir.file("kv.sqlite3");
  auto backend = open_backend(path);
  core::AtomicWrite w;
  core::Mutation m;
  m.key = {'t'};
  m.expire_at_ms = kNow + 5;
  w.mutations.push_back(m);
  auto c = commit_and_wait(*backend, w, kNow);
  auto s = backend->sweep_expired(kNow + 5);
  EXPECT_EQ(s.deleted_keys.size(), 1u);
  EXPECT_EQ(s.versionstamp.version(), c.versionstamp.version() + 1);
  backend->close();
  RawDb db(path);
  EXPECT_EQ(db.query("select count(*) from kv"), "0");
  EXPECT_EQ(db.query("select version from data_version"),
            std::to_string(c.versionstamp.version() + 1));
}

}  // namespace
}  // namespace openkv::storage::sqlite
