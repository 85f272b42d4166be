// Copyright (c) OpenKV authors.

#include "storage/sqlite/schema.h"

#include <array>

#include "openkv/errors.h"

namespace openkv::storage::sqlite {
namespace {

// The statement texts below are normative down to the whitespace: SQLite
// stores each CREATE statement's text in sqlite_master, and `.schema` prints
// it back (spec 03 §3). Do not reformat them.

constexpr const char* kStep0 = R"(create table if not exists migration_state(
  k integer not null primary key,
  version integer not null
))";

constexpr const char* kMigration1 = R"(create table data_version (
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
)";

constexpr const char* kMigration2 = R"(create table queue (
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
)";

constexpr const char* kMigration3 = R"(alter table kv add column seq integer not null default 0;
alter table data_version add column seq integer not null default 0;
alter table kv add column expiration_ms integer not null default -1;
create index kv_expiration_ms_idx on kv (expiration_ms);
)";

constexpr std::array<const char*, kLatestSchemaVersion> kMigrations = {kMigration1, kMigration2,
                                                                       kMigration3};

bool object_exists(Connection& c, const char* name) {
  auto s = c.prepare("SELECT 1 FROM sqlite_master WHERE name = ?1");
  s->bind_text(1, name);
  return s->step();
}

int64_t stored_version(Connection& c) {
  if (!object_exists(c, "migration_state")) return 0;
  auto s = c.prepare("SELECT version FROM migration_state WHERE k = 0");
  return s->step() ? s->column_int64(0) : 0;
}

}  // namespace

SchemaInfo inspect_schema(Connection& c, const std::string& path) {
  SchemaInfo info;
  try {
    {
      auto kv = c.prepare("SELECT type FROM sqlite_master WHERE name = 'kv'");
      if (kv->step()) {
        info.has_kv = true;
        info.kv_is_view = kv->column_text(0) == "view";
      }
    }
    if (info.has_kv) {
      // pragma_table_info works for views too (replica files).
      auto col = c.prepare("SELECT 1 FROM pragma_table_info('kv') WHERE name = 'expiration_ms'");
      info.kv_has_expiration = col->step();
    }
    info.has_data_version = object_exists(c, "data_version");
    info.version = stored_version(c);
  } catch (const Error& e) {
    if (e.code() == ErrorCode::kCorruption) {
      throw Error(ErrorCode::kCorruption, "Cannot open database '" + path + "': " + e.what());
    }
    throw;
  }
  return info;
}

void migrate_schema(Connection& c) {
  Transaction txn(c, "BEGIN IMMEDIATE");
  c.exec(kStep0);
  int64_t version = stored_version(c);
  if (version > kLatestSchemaVersion) {
    throw Error(ErrorCode::kUnsupported,
                "Unsupported KV database schema version " + std::to_string(version) + " (max 3)");
  }
  for (int64_t next = version + 1; next <= kLatestSchemaVersion; ++next) {
    c.exec(kMigrations[next - 1]);
    auto s = c.prepare("replace into migration_state (k, version) values(?, ?)");
    s->bind_int64(1, 0);
    s->bind_int64(2, next);
    s->step();
  }
  txn.commit();
}

}  // namespace openkv::storage::sqlite
