// Copyright (c) OpenKV authors.

#include "storage/postgres/pg_connection.h"

#include <poll.h>

#include <cstring>

#include "openkv/errors.h"

namespace openkv::storage::postgres {
namespace {

// Type OIDs of the parameters sent in binary (pg_type.oid, fixed since 7.x).
constexpr Oid kByteaOid = 17;
constexpr Oid kInt8Oid = 20;
constexpr Oid kUnknownOid = 0;  // text parameters: the server infers the type

uint64_t read_be(const char* p, int n) {
  uint64_t v = 0;
  for (int i = 0; i < n; ++i) v = (v << 8) | static_cast<uint8_t>(p[i]);
  return v;
}

}  // namespace

SqlStateClass classify_sqlstate(std::string_view sqlstate) {
  // Class 08: connection exceptions. 57P01-57P03: the server is shutting
  // down (fast shutdown, crash, a standby being promoted) or starting up.
  if (sqlstate.starts_with("08") || sqlstate == "57P01" || sqlstate == "57P02" ||
      sqlstate == "57P03") {
    return {.transient = true, .poisons = true};
  }
  // read_only_sql_transaction: a write reached a server that is (now) a
  // standby, e.g. the old primary after a failover, still reachable.
  if (sqlstate == "25006") return {.transient = true, .poisons = true};
  // serialization_failure, deadlock_detected, too_many_connections: the
  // transaction was rolled back and may simply be run again.
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "53300") {
    return {.transient = true, .poisons = false};
  }
  return {};
}

Params& Params::bytes(const core::Bytes& b) {
  params_.push_back(Param{std::string(b.begin(), b.end()), kByteaOid, 1});
  return *this;
}

Params& Params::int64(int64_t v) {
  std::string be(8, '\0');
  for (int i = 0; i < 8; ++i) be[i] = static_cast<char>(static_cast<uint64_t>(v) >> (56 - 8 * i));
  params_.push_back(Param{std::move(be), kInt8Oid, 1});
  return *this;
}

Params& Params::text(std::string_view s) {
  params_.push_back(Param{std::string(s), kUnknownOid, 0});
  return *this;
}

core::Bytes Result::bytes(int row, int col) const {
  const char* p = PQgetvalue(r_.get(), row, col);
  int n = PQgetlength(r_.get(), row, col);
  return core::Bytes(p, p + n);
}

int64_t Result::int64(int row, int col) const {
  return static_cast<int64_t>(read_be(PQgetvalue(r_.get(), row, col), 8));
}

int32_t Result::int32(int row, int col) const {
  return static_cast<int32_t>(read_be(PQgetvalue(r_.get(), row, col), 4));
}

int64_t Result::affected() const {
  const char* n = PQcmdTuples(r_.get());
  return *n ? std::stoll(n) : 0;
}

Connection::Connection(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
  if (PQstatus(conn_) != CONNECTION_OK) {
    std::string message = conn_ ? PQerrorMessage(conn_) : "out of memory";
    PQfinish(conn_);
    conn_ = nullptr;
    throw Error(ErrorCode::kUnavailable, "Cannot connect to PostgreSQL: " + message);
  }
  // Warnings (e.g. "there is no transaction in progress") are not errors.
  PQsetNoticeProcessor(conn_, [](void*, const char*) {}, nullptr);
}

Connection::~Connection() { PQfinish(conn_); }

Result Connection::exec(const char* sql, const Params& params) {
  auto it = prepared_.find(sql);
  if (it == prepared_.end()) {
    std::string name = "s" + std::to_string(prepared_.size());
    std::vector<Oid> types;
    for (const auto& p : params.params_) types.push_back(p.type);
    Result r(PQprepare(conn_, name.c_str(), sql, static_cast<int>(types.size()), types.data()));
    if (PQresultStatus(r.r_.get()) != PGRES_COMMAND_OK) fail(r.r_.get(), sql);
    it = prepared_.emplace(sql, std::move(name)).first;
  }
  return run(it->second.c_str(), sql, params);
}

Result Connection::exec_once(const std::string& sql, const Params& params) {
  return run(nullptr, sql, params);
}

Result Connection::run(const char* statement_name, const std::string& sql, const Params& params) {
  std::vector<const char*> values;
  std::vector<int> lengths;
  std::vector<int> formats;
  std::vector<Oid> types;
  for (const auto& p : params.params_) {
    values.push_back(p.data.data());
    lengths.push_back(static_cast<int>(p.data.size()));
    formats.push_back(p.format);
    types.push_back(p.type);
  }
  const int n = static_cast<int>(values.size());
  PGresult* raw =
      statement_name
          ? PQexecPrepared(conn_, statement_name, n, values.data(), lengths.data(), formats.data(),
                           /*resultFormat=*/1)
          : PQexecParams(conn_, sql.c_str(), n, types.data(), values.data(), lengths.data(),
                         formats.data(), /*resultFormat=*/1);
  Result r(raw);
  ExecStatusType status = PQresultStatus(raw);
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(raw, sql);
  return r;
}

void Connection::command(const std::string& sql) {
  Result r(PQexec(conn_, sql.c_str()));
  ExecStatusType status = PQresultStatus(r.r_.get());
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) fail(r.r_.get(), sql);
}

bool Connection::alive() {
  // An idle connection has nothing to read unless the server sent its FATAL
  // message and closed: one poll(2) tells, and nothing is read otherwise.
  // Then the first read takes the message and the second sees the
  // end-of-file, on which libpq marks the connection bad.
  pollfd fd{PQsocket(conn_), POLLIN, 0};
  if (poll(&fd, 1, 0) > 0) {
    PQconsumeInput(conn_);
    PQconsumeInput(conn_);
  }
  return ok();
}

int Connection::take_notifications() {
  PQconsumeInput(conn_);
  int n = 0;
  while (PGnotify* notify = PQnotifies(conn_)) {
    PQfreemem(notify);
    ++n;
  }
  return n;
}

void Connection::rollback_quietly() noexcept { PQclear(PQexec(conn_, "ROLLBACK")); }

void Connection::fail(const PGresult* r, const std::string& what) {
  std::string message = r ? PQresultErrorMessage(r) : PQerrorMessage(conn_);
  while (!message.empty() && message.back() == '\n') message.pop_back();
  const char* sqlstate = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : nullptr;
  SqlStateClass c = classify_sqlstate(sqlstate ? sqlstate : "");
  if (c.poisons) poisoned_ = true;
  ErrorCode code = !ok() || c.transient ? ErrorCode::kUnavailable : ErrorCode::kIoError;
  throw Error(code, "PostgreSQL: " + message + " (in: " + what.substr(0, 80) + ")");
}

}  // namespace openkv::storage::postgres
