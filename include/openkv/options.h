// Copyright (c) OpenKV authors.
//
// Options for opening a database and for individual operations. Defaults
// match Deno KV: durable commits, strong reads.
#ifndef OPENKV_OPTIONS_H_
#define OPENKV_OPTIONS_H_

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "openkv/key.h"
#include "openkv/value.h"

namespace openkv {

struct Options {
  // Open without write access: no migrations, no background writes, and every
  // write fails with "Can not write to a read-only database.".
  bool read_only = false;

  // true (default, like Deno): every commit is fsynced before it is
  // acknowledged (SQLite synchronous=FULL). false trades durability of the
  // last commits on power loss for speed (synchronous=NORMAL in WAL mode).
  bool durable = true;

  // Read connections that serve reads in parallel beside the writer.
  int reader_connections = 4;

  // Seed for the random 1..9 versionstamp increments, for reproducible tests.
  std::optional<uint64_t> seed;

  // For an http:// or https:// path (a KV Connect server): the access token
  // sent in the metadata exchange. nullopt reads the environment variable
  // DENO_KV_ACCESS_TOKEN, as Deno does. Ignored for local paths.
  std::optional<std::string> access_token;

  // For an https:// path: a PEM file of CA certificates trusted besides the
  // system's (to reach a server whose certificate a private CA signed). Empty
  // reads the environment variable DENO_CERT, as Deno does; SSL_CERT_FILE /
  // SSL_CERT_DIR replace the system store. Ignored for other paths.
  std::string tls_ca_file;

  // For a postgresql:// path that names a hot standby: the URL of the
  // primary (a libpq URI; several hosts with target_session_attrs=read-write
  // follow a failover). Writes, sweeps and queue moves go to the primary;
  // eventual reads are served by the standby as it is; strong reads wait
  // until the standby has replayed everything the primary had flushed when
  // the read began (docs/DISTRIBUTED.md §Replicas). Empty: the path is the
  // primary. Rejected with kInvalidArgument for any other kind of path.
  std::string primary;
};

// kStrong: the read sees every commit acknowledged before it started.
// kEventual: the read may be served from a replica and lag behind; it never
// goes back in time for one open database. A PostgreSQL database opened on
// a hot standby (Options::primary) serves it from the standby at once; a
// remote database sends it to the server's eventual endpoint when the
// server lists one (a server in front of a replica); every other backend
// serves it strongly.
enum class Consistency { kStrong, kEventual };

struct ReadOptions {
  Consistency consistency = Consistency::kStrong;
};

struct SetOptions {
  // The entry disappears this long after the commit (it is never returned
  // once expired, and is deleted soon after).
  std::optional<std::chrono::milliseconds> expire_in;
};

struct EnqueueOptions {
  std::chrono::milliseconds delay{0};
  // Written with the message as value when delivery finally fails.
  std::vector<Key> keys_if_undelivered;
  // Milliseconds between retries; nullopt = Deno's default
  // [100, 1000, 5000, 30000, 60000]; empty = never retry.
  std::optional<std::vector<int64_t>> backoff_schedule;
};

}  // namespace openkv

#endif  // OPENKV_OPTIONS_H_
