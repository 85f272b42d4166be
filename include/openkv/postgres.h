// Copyright (c) OpenKV authors.
//
// PostgreSQL databases (postgresql:// and postgres:// paths, docs/DISTRIBUTED.md)
// for Database::open.
//
// The PostgreSQL backend is its own library (CMake: OpenKV::postgres; archive
// libopenkv_storage_postgres.a) because it brings libpq, which an embedder
// using only local files does not want to link. A program that links it
// calls this once:
//
//   openkv::register_postgres_backend();
//   auto db = openkv::Database::open("postgresql://kv@db.example.com/kv");
//
// Without it, Database::open of a postgresql:// path throws
// Error(kUnsupported) naming this function.
#ifndef OPENKV_POSTGRES_H_
#define OPENKV_POSTGRES_H_

namespace openkv {

// Lets Database::open use PostgreSQL databases. Calling it again has no
// further effect. Thread-safe; never throws.
void register_postgres_backend();

}  // namespace openkv

#endif  // OPENKV_POSTGRES_H_
