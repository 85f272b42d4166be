// Copyright (c) OpenKV authors.
//
// Database is a Deno KV database: the embedded SQLite engine on a file
// (byte-compatible with files Deno writes) or in memory, or a KV Connect
// server reached by URL — every operation behaves the same on all three.
//
//   auto db = openkv::Database::open("app.sqlite");
//   db->set({"users", "alice"}, openkv::Value::make_object({{"age", 31}}));
//   auto e = db->get({"users", "alice"});
//
// Errors are thrown as openkv::Error (errors.h) with Deno's texts.
//
// Thread-safety: a Database may be used from any number of threads at once.
// Commits from concurrent threads are grouped into one storage transaction
// without changing any commit's outcome. close() waits for commits in flight;
// every call after close() throws Error(kClosed, "Database is closed.").
#ifndef OPENKV_DATABASE_H_
#define OPENKV_DATABASE_H_

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "openkv/atomic.h"
#include "openkv/entry.h"
#include "openkv/key.h"
#include "openkv/list.h"
#include "openkv/options.h"
#include "openkv/queue.h"
#include "openkv/value.h"
#include "openkv/watch.h"

namespace openkv {

namespace engine {
class Engine;
}

class Database {
 public:
  // path: a file (created if missing), ":memory:" for a private in-memory
  // database, or an http:// URL of a KV Connect server (token from
  // options.access_token, else DENO_KV_ACCESS_TOKEN). "" and other paths
  // starting with ':' are rejected as in Deno.
  static std::unique_ptr<Database> open(std::string_view path, const Options& options = {});

  ~Database();  // closes
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  EntryMaybe get(const Key& key, const ReadOptions& options = {});
  // At most 10 keys; one consistent read; results in the order of `keys`.
  std::vector<EntryMaybe> get_many(const std::vector<Key>& keys, const ReadOptions& options = {});
  ListIterator list(const ListSelector& selector, const ListOptions& options = {});

  CommitResult set(const Key& key, const Value& value, const SetOptions& options = {});
  // Deleting a missing key is not an error (and still commits).
  void remove(const Key& key);
  CommitResult enqueue(const Value& message, const EnqueueOptions& options = {});
  AtomicOperation atomic();

  // Runs `handler` for every queued message (queue.h) and returns only when
  // the database is closed (or after options.max_messages), once the
  // messages being handled have finished and their outcomes are recorded.
  // Several listeners may run at once. Throws Error(kClosed, "Queue already
  // closed") on a closed database.
  void listen_queue(const QueueHandler& handler, const QueueListenOptions& options = {});

  // Follows up to 10 keys as they change (watch.h). Too many keys, key-part
  // errors and the 2049-byte read limit are thrown here, not by next().
  WatchStream watch(const std::vector<Key>& keys, const WatchOptions& options = {});

  // Writes a consistent copy of the database (its state after one commit)
  // to a new file at `path`, while other threads and processes keep writing.
  // Throws if `path` exists and is not empty.
  void backup_to(const std::string& path);

  void close();

  // The raw engine underneath, for the KV Connect server and tools that move
  // bytes without decoding them.
  engine::Engine& engine();

 private:
  explicit Database(std::unique_ptr<engine::Engine> engine);
  std::shared_ptr<engine::Engine> engine_;
};

}  // namespace openkv

#endif  // OPENKV_DATABASE_H_
