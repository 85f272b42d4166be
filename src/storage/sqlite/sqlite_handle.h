// Copyright (c) OpenKV authors.
//
// Thin RAII wrappers over the SQLite C API: a connection with a cache of
// prepared statements, and the binding rules of spec 03 §4 (keys and values
// are always BLOBs, even when empty; JSON columns are TEXT).
//
// Every SQLite failure surfaces as openkv::Error: kCorruption for
// SQLITE_CORRUPT / SQLITE_NOTADB, kIoError for everything else, with SQLite's
// own message. SQLITE_BUSY never surfaces: each connection has a busy handler
// that sleeps a random 5–19 ms and retries forever, as the reference does
// (spec 03 §1).
//
// Thread-safety: a Connection and its statements belong to one thread at a
// time (connections are opened in SQLite's no-mutex mode); callers serialise
// access, see ConnectionPool.
#ifndef OPENKV_STORAGE_SQLITE_SQLITE_HANDLE_H_
#define OPENKV_STORAGE_SQLITE_SQLITE_HANDLE_H_

#include <sqlite3.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/raw.h"

namespace openkv::storage::sqlite {

// Throws the openkv::Error that corresponds to result code `rc` on `db`.
[[noreturn]] void throw_sqlite_error(sqlite3* db, int rc);

// A prepared statement. Obtained from Connection::prepare(), which resets it
// and clears its bindings when the returned handle goes out of scope.
class Statement {
 public:
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  // Binds as BLOB, never NULL: a zero-length span binds a zero-length BLOB
  // (sqlite3_bind_blob with a null pointer would bind NULL, spec 03 §4).
  void bind_blob(int index, std::span<const uint8_t> bytes);
  void bind_int64(int index, int64_t value);
  void bind_text(int index, std::string_view text);

  // Advances; true when a row is available, false when done.
  bool step();

  int64_t column_int64(int index);
  core::Bytes column_blob(int index);
  std::string column_text(int index);

  void reset();

 private:
  sqlite3* db_;
  sqlite3_stmt* stmt_ = nullptr;
};

// Resets its statement on destruction so the next user starts clean (and so
// a finished read statement does not hold its snapshot open).
class StatementRef {
 public:
  explicit StatementRef(Statement& s) : s_(&s) {}
  ~StatementRef() { s_->reset(); }
  StatementRef(const StatementRef&) = delete;
  StatementRef& operator=(const StatementRef&) = delete;
  Statement* operator->() const { return s_; }

 private:
  Statement* s_;
};

class Connection {
 public:
  enum class Mode { kReadWrite, kReadOnly };

  // Opens (read-write also creates) `path` or ":memory:". Throws
  // Error(kIoError) naming the path when SQLite cannot open it.
  Connection(const std::string& path, Mode mode);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one or more statements that return no rows, parsing them each
  // time: for one-off work (pragmas, migrations).
  void exec(const char* sql);
  // Runs the single statement `sql` to completion, prepared once and cached
  // (transaction control on every commit must not be re-parsed).
  void run(const char* sql);
  // Prepares `sql` (cached after the first use) and hands it out for binding.
  StatementRef prepare(std::string_view sql);

  // True when SQLite opened the file read-only (even if read-write was
  // asked for, e.g. because the file is not writable).
  bool is_read_only() const;
  bool in_transaction() const;
  sqlite3* raw() const { return db_; }

 private:
  // Looked up by string_view, so a cache hit allocates nothing.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };

  sqlite3* db_ = nullptr;
  std::unordered_map<std::string, std::unique_ptr<Statement>, SqlHash, std::equal_to<>> cache_;
};

// A transaction that rolls back unless committed. `begin` is the statement
// that starts it ("BEGIN" for reads, "BEGIN IMMEDIATE" for writes). Every
// statement it issues is prepared once per connection (Connection::run).
class Transaction {
 public:
  Transaction(Connection& c, const char* begin);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;
  void commit();

 private:
  Connection& c_;
  bool open_ = true;
};

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_SQLITE_HANDLE_H_
