// Copyright (c) OpenKV authors.
//
// A program that includes a SQLite-backend header. layering_test.sh builds it
// twice: linked to openkv_storage_sqlite it must compile (the control); linked
// only to openkv_server, which sits above the engine and must not reach
// around it to a backend, it must fail to compile.
#include "storage/sqlite/sqlite_backend.h"

int main() {
  openkv::storage::sqlite::SqliteBackend::Options options;
  return options.path == ":memory:" ? 0 : 1;
}
