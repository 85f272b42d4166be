// Copyright (c) OpenKV authors.
//
// Spec 03 §1–§3: the schema text, header fields, migrations from older
// files, refusal of newer ones, replica files and opening errors.
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <string>

#include "openkv/errors.h"
#include "storage/sqlite/sqlite_backend.h"
#include "unit/storage/sqlite_test_util.h"

namespace openkv::storage::sqlite {
namespace {

using openkv::testing::RawDb;
using openkv::testing::read_file_bytes;
using openkv::testing::TempDir;
using openkv::testing::write_file_bytes;

constexpr int64_t kNow = 1'700'000'000'000;

// Spec 03 §2, verbatim.
constexpr const char* kDenoSchema = R"(CREATE TABLE migration_state(
  k integer not null primary key,
  version integer not null
);
CREATE TABLE data_version (
  k integer primary key,
  version integer not null
, seq integer not null default 0);
CREATE TABLE kv (
  k blob primary key,
  v blob not null,
  v_encoding integer not null,
  version integer not null
, seq integer not null default 0, expiration_ms integer not null default -1) without rowid;
CREATE TABLE queue (
  ts integer not null,
  id text not null,
  data blob not null,
  backoff_schedule text not null,
  keys_if_undelivered blob not null,

  primary key (ts, id)
);
CREATE TABLE queue_running(
  deadline integer not null,
  id text not null,
  data blob not null,
  backoff_schedule text not null,
  keys_if_undelivered blob not null,

  primary key (deadline, id)
);
CREATE INDEX kv_expiration_ms_idx on kv (expiration_ms);
)";

// The reference's version-1 and version-2 layouts (spec 03 §3), to build
// files written by older Deno releases.
constexpr const char* kVersion1Script = R"(create table if not exists migration_state(
  k integer not null primary key,
  version integer not null
);
create table data_version (
  k integer primary key,
  version integer not null
);
insert into data_version (k, version) values (0, 0);
create table kv (
  k blob primary key,
  v blob not null,
  v_encoding integer not null,
  version integer not null
) without rowid;
replace into migration_state (k, version) values(0, 1);
)";

constexpr const char* kVersion2Script = R"(create table queue (
  ts integer not null,
  id text not null,
  data blob not null,
  backoff_schedule text not null,
  keys_if_undelivered blob not null,

  primary key (ts, id)
);
create table queue_running(
  deadline integer not null,
  id text not null,
  data blob not null,
  backoff_schedule text not null,
  keys_if_undelivered blob not null,

  primary key (deadline, id)
);
replace into migration_state (k, version) values(0, 2);
)";

std::unique_ptr<SqliteBackend> open_backend(const std::string& path, bool read_only = false) {
  SqliteBackend::Options o;
  o.path = path;
  o.read_only = read_only;
  return std::make_unique<SqliteBackend>(o);
}

// The schema as SQLite stores it, in creation order, as `.schema` prints it.
std::string stored_schema(const std::string& path) {
  RawDb db(path);
  return db.query(
             "SELECT sql || ';' FROM sqlite_master WHERE sql IS NOT NULL "
             "ORDER BY rowid") +
         "\n";
}

std::string cli_schema(const std::string& path) {
  std::string cmd = "sqlite3 '" + path + "' .schema";
  FILE* p = popen(cmd.c_str(), "r");
  if (p == nullptr) return "<popen failed>";
  std::string out;
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  pclose(p);
  return out;
}

bool have_sqlite3_cli() { return std::system("sqlite3 -version >/dev/null 2>&1") == 0; }

core::CommitResult put(Backend& backend, std::string_view key, std::string_view value) {
  core::AtomicWrite w;
  core::Mutation m;
  m.key.assign(key.begin(), key.end());
  m.value.data.assign(value.begin(), value.end());
  w.mutations.push_back(m);
  return commit_and_wait(backend, std::move(w), kNow);
}

TEST(SqliteSchema, NewFileSchemaIsByteIdenticalToDeno) {
  TempDir dir;
  std::string path = dir.file("kv.sqlite3");
  open_backend(path)->close();
  EXPECT_EQ(stored_schema(path), kDenoSchema);
  if (have_sqlite3_cli()) {
    EXPECT_EQ(cli_schema(path), kDenoSchema);
  }
}

TEST(SqliteSchema, NewFileHeaderFieldsAndRows) {
  TempDir dir;
  std::string path = dir.file("kv.sqlite3");
  open_backend(path)->close();
  RawDb db(path);
  EXPECT_EQ(db.query("SELECT k, version FROM migration_state"), "0|3");
  EXPECT_EQ(db.query("SELECT k, version, seq FROM data_version"), "0|0|0");
  EXPECT_EQ(db.query("PRAGMA journal_mode"), "wal");
  EXPECT_EQ(db.query("PRAGMA page_size"), "4096");
  EXPECT_EQ(db.query("PRAGMA auto_vacuum"), "0");
  EXPECT_EQ(db.query("PRAGMA user_version"), "0");
  EXPECT_EQ(db.query("PRAGMA application_id"), "0");
  EXPECT_EQ(db.query("SELECT name FROM sqlite_master WHERE sql IS NULL ORDER BY name"),
            "sqlite_autoindex_queue_1\nsqlite_autoindex_queue_running_1");
}

TEST(SqliteSchema, ReopenKeepsDataAndSchema) {
  TempDir dir;
  std::string path = dir.file("kv.sqlite3");
  core::CommitResult first;
  {
    auto backend = open_backend(path);
    first = put(*backend, "k", "v");
  }
  auto backend = open_backend(path);
  EXPECT_EQ(backend->current_version(), first.versionstamp);
  auto r = backend->snapshot_read({core::ReadRange{{}, {0xff}, 10, false}}, kNow);
  ASSERT_EQ(r.ranges[0].size(), 1u);
  EXPECT_EQ(r.ranges[0][0].versionstamp, first.versionstamp);
  backend->close();
  EXPECT_EQ(stored_schema(path), kDenoSchema);
}

TEST(SqliteSchema, MigratesVersion1File) {
  TempDir dir;
  std::string path = dir.file("v1.sqlite3");
  {
    RawDb db(path);
    db.exec(kVersion1Script);
    db.exec(
        "insert into kv (k, v, v_encoding, version) values (x'02610000', x'01', 3, 7);"
        "update data_version set version = 7;");
  }
  auto backend = open_backend(path);
  auto r = backend->snapshot_read({core::ReadRange{{}, {0xff}, 10, false}}, kNow);
  ASSERT_EQ(r.ranges[0].size(), 1u);
  EXPECT_EQ(r.ranges[0][0].versionstamp.to_hex(), "00000000000000070000");
  EXPECT_GT(put(*backend, "n", "v").versionstamp.version(), 7u);
  backend->close();
  EXPECT_EQ(stored_schema(path), kDenoSchema);
  EXPECT_EQ(open_backend(path, /*read_only=*/true)->schema_version(), 3);
  RawDb db(path);
  EXPECT_EQ(db.query("SELECT k, version FROM migration_state"), "0|3");
  EXPECT_EQ(db.query("SELECT hex(k), seq, expiration_ms FROM kv ORDER BY k LIMIT 1"),
            "02610000|0|-1");
}

TEST(SqliteSchema, MigratesVersion2File) {
  TempDir dir;
  std::string path = dir.file("v2.sqlite3");
  {
    RawDb db(path);
    db.exec(kVersion1Script);
    db.exec(kVersion2Script);
  }
  open_backend(path)->close();
  EXPECT_EQ(stored_schema(path), kDenoSchema);
}

TEST(SqliteSchema, ReadOnlyHandleReadsVersion2FileWithoutMigrating) {
  TempDir dir;
  std::string path = dir.file("v2.sqlite3");
  {
    RawDb db(path);
    db.exec(kVersion1Script);
    db.exec(kVersion2Script);
    db.exec("insert into kv (k, v, v_encoding, version) values (x'01', x'02', 3, 4);");
  }
  std::string before = read_file_bytes(path);
  auto backend = open_backend(path, /*read_only=*/true);
  auto r = backend->snapshot_read({core::ReadRange{{}, {0xff}, 10, false}}, kNow);
  ASSERT_EQ(r.ranges[0].size(), 1u);
  EXPECT_EQ(backend->current_version().to_hex(), "00000000000000000000");
  backend->close();
  EXPECT_EQ(read_file_bytes(path), before);
}

TEST(SqliteSchema, RefusesNewerSchemaForWritingAndLeavesFileUntouched) {
  TempDir dir;
  std::string path = dir.file("v4.sqlite3");
  open_backend(path)->close();
  {
    RawDb db(path);
    db.exec("update migration_state set version = 4");
  }
  std::string before = read_file_bytes(path);
  try {
    open_backend(path);
    FAIL() << "version 4 must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported);
    EXPECT_STREQ(e.what(), "Unsupported KV database schema version 4 (max 3)");
  }
  EXPECT_EQ(read_file_bytes(path), before);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal") &&
               std::filesystem::file_size(path + "-wal") > 0);
  // Reading it is allowed.
  auto ro = open_backend(path, /*read_only=*/true);
  EXPECT_EQ(ro->current_version().version(), 0u);
  EXPECT_EQ(ro->schema_version(), 4);
}

TEST(SqliteSchema, ReplicaFileWithKvViewOpensReadOnly) {
  TempDir dir;
  std::string path = dir.file("replica.sqlite3");
  {
    RawDb db(path);
    db.exec(
        "create table kv_snapshot (k blob primary key, v blob not null, "
        "v_encoding integer not null, version integer not null, "
        "seq integer not null default 0, expiration_ms integer not null default -1) "
        "without rowid;"
        "create view kv as select k, v, v_encoding, version, seq, expiration_ms "
        "from kv_snapshot;"
        "create view migration_state as select 0 as k, 3 as version;"
        "create table data_version (k integer primary key, version integer not null, "
        "seq integer not null default 0);"
        "insert into data_version values (0, 9, 0);"
        "insert into kv_snapshot (k, v, v_encoding, version) values (x'0161', x'00', 3, 9);");
  }
  std::string before = read_file_bytes(path);
  auto backend = open_backend(path);  // asked for read-write
  EXPECT_TRUE(backend->is_read_only());
  auto r = backend->snapshot_read({core::ReadRange{{}, {0xff}, 10, false}}, kNow);
  ASSERT_EQ(r.ranges[0].size(), 1u);
  EXPECT_EQ(backend->current_version().to_hex(), "00000000000000090000");
  try {
    put(*backend, "k", "v");
    FAIL() << "write on a replica must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kReadOnly);
    EXPECT_STREQ(e.what(), "Can not write to a read-only database.");
  }
  EXPECT_TRUE(backend->sweep_expired(kNow).deleted_keys.empty());
  backend->close();
  EXPECT_EQ(read_file_bytes(path), before);
}

TEST(SqliteSchema, ReadOnlyOptionRefusesWrites) {
  TempDir dir;
  std::string path = dir.file("kv.sqlite3");
  {
    auto rw = open_backend(path);
    put(*rw, "k", "v");
  }
  std::string before = read_file_bytes(path);
  auto ro = open_backend(path, /*read_only=*/true);
  EXPECT_TRUE(ro->is_read_only());
  try {
    put(*ro, "k", "w");
    FAIL() << "write must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kReadOnly);
    EXPECT_STREQ(e.what(), "Can not write to a read-only database.");
  }
  auto r = ro->snapshot_read({core::ReadRange{{'k'}, {'k', 0}, 1, false}}, kNow);
  EXPECT_EQ(r.ranges[0].size(), 1u);
  ro->close();
  EXPECT_EQ(read_file_bytes(path), before);
}

TEST(SqliteSchema, NotADatabaseIsCorruptionNamingThePath) {
  TempDir dir;
  std::string path = dir.file("notes.txt");
  std::string text(4096, 'x');
  write_file_bytes(path, text);
  try {
    open_backend(path);
    FAIL() << "must refuse a non-database";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_EQ(read_file_bytes(path), text);
  EXPECT_FALSE(std::filesystem::exists(path + "-wal"));
}

TEST(SqliteSchema, MissingFileOpenedReadOnlyFailsNamingThePath) {
  TempDir dir;
  std::string path = dir.file("absent.sqlite3");
  try {
    open_backend(path, /*read_only=*/true);
    FAIL() << "must fail";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kIoError);
    EXPECT_NE(std::string(e.what()).find(path), std::string::npos) << e.what();
  }
  EXPECT_FALSE(std::filesystem::exists(path));
}

// Opening an unwritable file for writing. Root ignores file permissions, so
// when running as root the attempt is made in a child process that drops to
// an unprivileged user.
TEST(SqliteSchema, ReadOnlyFileOpenedForWritingFailsAndStaysUntouched) {
  TempDir dir;
  std::string path = dir.file("kv.sqlite3");
  {
    auto rw = open_backend(path);
    put(*rw, "k", "v");
  }
  std::filesystem::permissions(dir.path(), std::filesystem::perms(0755));
  std::filesystem::permissions(path, std::filesystem::perms(0444));
  std::string before = read_file_bytes(path);

  auto attempt = [&]() -> int {  // 0: refused as expected
    try {
      open_backend(path);
      return 1;
    } catch (const Error& e) {
      bool ok =
          e.code() == ErrorCode::kReadOnly && std::string(e.what()).find(path) != std::string::npos;
      return ok ? 0 : 2;
    } catch (...) {
      return 3;
    }
  };
  if (geteuid() == 0) {
    pid_t pid = fork();
    ASSERT_GE(pid, 0);
    if (pid == 0) {
      if (setgid(65534) != 0 || setuid(65534) != 0) _exit(4);
      _exit(attempt());
    }
    int status = 0;
    ASSERT_EQ(waitpid(pid, &status, 0), pid);
    ASSERT_TRUE(WIFEXITED(status));
    EXPECT_EQ(WEXITSTATUS(status), 0);
  } else {
    EXPECT_EQ(attempt(), 0);
  }
  EXPECT_EQ(read_file_bytes(path), before);
  std::filesystem::permissions(path, std::filesystem::perms(0644));
}

}  // namespace
}  // namespace openkv::storage::sqlite
