// Copyright (c) OpenKV authors.
//
// A thin RAII layer over one libpq connection: statements with parameters,
// prepared once per connection and sent in binary (bytea and int8 travel as
// raw bytes, so no escaping is involved), and results read in binary.
// Failures become openkv::Error with PostgreSQL's message. Errors a retry
// can cure are kUnavailable (the server answers them with a retryable 503):
// a lost or refused connection, and the SQLSTATEs classify_sqlstate() calls
// transient.
// Every other server error is kIoError.
//
// Thread-safety: a Connection is used by one thread at a time.
#ifndef OPENKV_STORAGE_POSTGRES_PG_CONNECTION_H_
#define OPENKV_STORAGE_POSTGRES_PG_CONNECTION_H_

#include <libpq-fe.h>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/raw.h"

namespace openkv::storage::postgres {

// How a failed statement's SQLSTATE (PostgreSQL's Appendix A error codes)
// is handled: `transient` errors may succeed when retried (the statement or
// transaction had no effect, or may have committed only when the
// connection died during COMMIT); `poisons` errors mean the connection is
// pointed at a server that cannot serve it any more (shutting down, or a
// standby now: read-only after a failover) and must be replaced.
struct SqlStateClass {
  bool transient = false;
  bool poisons = false;
};
SqlStateClass classify_sqlstate(std::string_view sqlstate);

// The parameters of one statement, in $1, $2, … order.
class Params {
 public:
  Params& bytes(const core::Bytes& b);
  Params& int64(int64_t v);
  Params& text(std::string_view s);  // sent as text: PostgreSQL parses it ($n::int[] …)

 private:
  friend class Connection;
  struct Param {
    std::string data;
    Oid type;
    int format;  // 0 text, 1 binary
  };
  std::vector<Param> params_;
};

// The rows a statement returned; cells are binary unless the statement had
// no result columns.
class Result {
 public:
  explicit Result(PGresult* r) : r_(r, &PQclear) {}
  int rows() const { return PQntuples(r_.get()); }
  bool is_null(int row, int col) const { return PQgetisnull(r_.get(), row, col) != 0; }
  core::Bytes bytes(int row, int col) const;
  int64_t int64(int row, int col) const;  // an int8 column
  int32_t int32(int row, int col) const;  // an int4 column
  // The number of rows an INSERT/UPDATE/DELETE touched.
  int64_t affected() const;

 private:
  friend class Connection;
  std::unique_ptr<PGresult, decltype(&PQclear)> r_;
};

class Connection {
 public:
  // Connects to `url` (a postgresql:// URI or libpq conninfo). Throws
  // Error(kUnavailable) when the server cannot be reached or refuses.
  explicit Connection(const std::string& url);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  // Runs one statement with `params`, prepared on first use (statements are
  // identified by their text, which must outlive the connection: pass string
  // literals). Throws Error (see above).
  Result exec(const char* sql, const Params& params = Params());
  // Runs a statement built at run time, unprepared.
  Result exec_once(const std::string& sql, const Params& params = Params());
  // Runs SQL without parameters (BEGIN, SAVEPOINT, DDL, several statements).
  void command(const std::string& sql);

  // For a connection that has run LISTEN: reads what has arrived (without
  // blocking) and returns how many notifications it held; 0 when none. A
  // lost connection shows as ok() == false afterwards.
  int take_notifications();
  // The socket, to wait for the server with poll(2).
  int socket() const { return PQsocket(conn_); }

  // ROLLBACK, ignoring failures: for cleanup paths that already carry an
  // error (a dead connection rolls back by itself).
  void rollback_quietly() noexcept;

  // False once the server connection is lost, or a statement failed in a
  // way that makes it useless (classify_sqlstate().poisons): the owner
  // should replace it.
  bool ok() const { return !poisoned_ && PQstatus(conn_) == CONNECTION_OK; }
  // ok(), after reading whatever the server has sent meanwhile, without a
  // round trip and without blocking: a connection the server closed while
  // it sat idle (a restart, a failover, a terminated session: the server
  // says so, then closes the socket) is found dead here instead of failing
  // the next statement.
  bool alive();

 private:
  Result run(const char* statement_name, const std::string& sql, const Params& params);
  [[noreturn]] void fail(const PGresult* r, const std::string& what);

  PGconn* conn_ = nullptr;
  bool poisoned_ = false;
  std::unordered_map<const char*, std::string> prepared_;  // SQL text → statement name
};

// An open transaction on `c` that rolls back unless commit() succeeded
// (after a failed statement PostgreSQL has aborted it anyway).
class Transaction {
 public:
  explicit Transaction(Connection& c, const char* begin = "BEGIN") : c_(c) { c_.command(begin); }
  ~Transaction() {
    if (open_) c_.rollback_quietly();
  }
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // COMMIT, after `before_commit` (a statement of the transaction, or ""),
  // sent together in one round trip. If either fails, the destructor rolls
  // back.
  void commit(const std::string& before_commit = "") {
    c_.command(before_commit.empty() ? "COMMIT" : before_commit + "; COMMIT");
    open_ = false;
  }

 private:
  Connection& c_;
  bool open_ = true;
};

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_PG_CONNECTION_H_
