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
namespace internal {
class DatabaseAccess;  // the server and CLI reach the raw engine through it
}

class Database {
 public:
  // Opens `path`: a file (created if missing unless options.read_only),
  // ":memory:" for a private in-memory database, an http(s):// URL of a
  // KV Connect server (token from options.access_token, else
  // DENO_KV_ACCESS_TOKEN; REQUIRES openkv::register_remote_backend(),
  // openkv/remote.h) or a postgresql:// URL (REQUIRES
  // openkv::register_postgres_backend(), openkv/postgres.h). Returns the open
  // database; never null.
  // Throws Error(kInvalidArgument) for "" and other paths starting with ':'
  // (as Deno does) or a malformed URL, kIoError when the file cannot be
  // opened or created, kCorruption/kUnsupported for a file that is not a
  // Deno KV database this build reads, kUnsupported for a server URL whose
  // backend is not registered, kUnavailable/kPermissionDenied when a
  // server cannot be reached or rejects the token.
  static std::unique_ptr<Database> open(std::string_view path, const Options& options = {});

  ~Database();  // closes
  Database(const Database&) = delete;
  Database& operator=(const Database&) = delete;

  // The entry at `key`: value and versionstamp, or !exists() when there is
  // none (an expired entry counts as none). Throws Error(kInvalidArgument)
  // for an empty key or one over the 2048-byte read limit, kCorruption when
  // the stored value cannot be decoded, kClosed after close().
  // options.consistency: see Consistency (openkv/options.h).
  EntryMaybe get(const Key& key, const ReadOptions& options = {});
  // At most 10 keys (more throw kInvalidArgument); one consistent read;
  // results in the order of `keys`. Errors as for get().
  std::vector<EntryMaybe> get_many(const std::vector<Key>& keys, const ReadOptions& options = {});
  // An iterator over the entries `selector` selects, in key order (reverse
  // if options.reverse), read in batches of options.batch_size; see list.h.
  // Throws Error(kInvalidArgument) for an invalid selector or cursor at
  // once; read errors are thrown by ListIterator::next(). The iterator keeps
  // the database's engine alive but fails with kClosed after close().
  ListIterator list(const ListSelector& selector, const ListOptions& options = {});

  // Stores `value` at `key` (expiring after options.expire_in, if set) and
  // returns the commit's versionstamp (ok is always true). Throws
  // Error(kInvalidArgument) for an empty key, a key over 2048 bytes, a value
  // over 65536 bytes or one that cannot be serialized; kReadOnly on a
  // read-only database; kIoError when the commit fails; kClosed after
  // close(). Durable when it returns.
  CommitResult set(const Key& key, const Value& value, const SetOptions& options = {});
  // Deletes the entry at `key`. Deleting a missing key is not an error (and
  // still commits). Errors as for set().
  void remove(const Key& key);
  // Queues `message` for listen_queue() (after options.delay_ms) and returns
  // the commit's versionstamp. Throws Error(kInvalidArgument) for bad options
  // (delay over 30 days, over 5 backoff entries, …) or a message over
  // 65536 bytes; otherwise as set().
  CommitResult enqueue(const Value& message, const EnqueueOptions& options = {});
  // A builder for one atomic write (atomic.h). The builder refers to this
  // database's engine and must be committed before the database is closed.
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

  // Stops queue delivery (handlers running finish first), ends watch
  // streams, waits for commits in flight, and releases the storage. Later
  // calls of any method throw Error(kClosed, "Database is closed.").
  // Idempotent; the destructor calls it.
  void close();

 private:
  friend class internal::DatabaseAccess;
  explicit Database(std::unique_ptr<engine::Engine> engine);
  std::shared_ptr<engine::Engine> engine_;
};

}  // namespace openkv

#endif  // OPENKV_DATABASE_H_
