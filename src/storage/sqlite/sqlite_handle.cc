// Copyright (c) OpenKV authors.

#include "storage/sqlite/sqlite_handle.h"

#include <chrono>
#include <random>
#include <thread>

#include "openkv/errors.h"

namespace openkv::storage::sqlite {
namespace {

// Spec 03 §1: on SQLITE_BUSY sleep a random 5–19 ms and try again, forever.
// Another process holding the write lock is a normal, transient state.
int busy_sleep_and_retry(void* /*unused*/, int /*attempts*/) {
  thread_local std::minstd_rand rng{std::random_device{}()};
  std::uniform_int_distribution<int> ms(5, 19);
  std::this_thread::sleep_for(std::chrono::milliseconds(ms(rng)));
  return 1;
}

}  // namespace

void throw_sqlite_error(sqlite3* db, int rc) {
  // sqlite3_errmsg describes the most recent failure on `db`; fall back to the
  // generic text when the connection itself could not be created.
  std::string message =
      (db != nullptr && sqlite3_errcode(db) == rc) ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  int primary = rc & 0xff;
  ErrorCode code = (primary == SQLITE_CORRUPT || primary == SQLITE_NOTADB) ? ErrorCode::kCorruption
                                                                           : ErrorCode::kIoError;
  throw Error(code, message);
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  int rc = sqlite3_prepare_v3(db, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) throw_sqlite_error(db, rc);
}

Statement::~Statement() { sqlite3_finalize(stmt_); }

void Statement::bind_blob(int index, std::span<const uint8_t> bytes) {
  int rc = bytes.empty()
               ? sqlite3_bind_zeroblob(stmt_, index, 0)
               : sqlite3_bind_blob64(stmt_, index, bytes.data(), bytes.size(), SQLITE_TRANSIENT);
  if (rc != SQLITE_OK) throw_sqlite_error(db_, rc);
}

void Statement::bind_int64(int index, int64_t value) {
  int rc = sqlite3_bind_int64(stmt_, index, value);
  if (rc != SQLITE_OK) throw_sqlite_error(db_, rc);
}

void Statement::bind_text(int index, std::string_view text) {
  int rc =
      sqlite3_bind_text64(stmt_, index, text.data(), text.size(), SQLITE_TRANSIENT, SQLITE_UTF8);
  if (rc != SQLITE_OK) throw_sqlite_error(db_, rc);
}

bool Statement::step() {
  int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  throw_sqlite_error(db_, rc);
}

int64_t Statement::column_int64(int index) { return sqlite3_column_int64(stmt_, index); }

core::Bytes Statement::column_blob(int index) {
  // Call order matters: sqlite3_column_blob first, then _bytes (SQLite docs).
  const auto* data = static_cast<const uint8_t*>(sqlite3_column_blob(stmt_, index));
  int size = sqlite3_column_bytes(stmt_, index);
  if (data == nullptr || size <= 0) return {};
  return core::Bytes(data, data + size);
}

std::string Statement::column_text(int index) {
  const auto* text = sqlite3_column_text(stmt_, index);
  int size = sqlite3_column_bytes(stmt_, index);
  if (text == nullptr || size <= 0) return {};
  return std::string(reinterpret_cast<const char*>(text), size);
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

Connection::Connection(const std::string& path, Mode mode) {
  // No-mutex mode: each connection is used by one thread at a time, like the
  // reference (spec 03 §1), so SQLite's per-connection mutex is pure cost.
  int flags =
      SQLITE_OPEN_NOMUTEX | (mode == Mode::kReadWrite ? SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE
                                                      : SQLITE_OPEN_READONLY);
  int rc = sqlite3_open_v2(path.c_str(), &db_, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string reason = db_ != nullptr ? sqlite3_errmsg(db_) : sqlite3_errstr(rc);
    sqlite3_close_v2(db_);
    db_ = nullptr;
    throw Error(ErrorCode::kIoError, "Cannot open database '" + path + "': " + reason);
  }
  sqlite3_busy_handler(db_, busy_sleep_and_retry, nullptr);
}

Connection::~Connection() {
  cache_.clear();  // statements must be finalized before the connection closes
  sqlite3_close_v2(db_);
}

void Connection::exec(const char* sql) {
  int rc = sqlite3_exec(db_, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) throw_sqlite_error(db_, rc);
}

void Connection::run(const char* sql) {
  auto s = prepare(sql);
  while (s->step()) {
  }
}

StatementRef Connection::prepare(std::string_view sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    it = cache_.emplace(std::string(sql), std::make_unique<Statement>(db_, sql)).first;
  }
  return StatementRef(*it->second);
}

bool Connection::is_read_only() const { return sqlite3_db_readonly(db_, "main") == 1; }

bool Connection::in_transaction() const { return sqlite3_get_autocommit(db_) == 0; }

Transaction::Transaction(Connection& c, const char* begin) : c_(c) { c_.run(begin); }

Transaction::~Transaction() {
  // SQLite may already have rolled back on its own after an I/O error; an
  // explicit ROLLBACK would then fail, so only issue it while one is open.
  if (open_ && c_.in_transaction()) {
    try {
      c_.run("ROLLBACK");
    } catch (const std::exception&) {
      // Nothing more can be done from a destructor; SQLite rolls back the
      // transaction at the latest when the connection closes.
    }
  }
}

void Transaction::commit() {
  c_.run("COMMIT");
  open_ = false;
}

}  // namespace openkv::storage::sqlite
