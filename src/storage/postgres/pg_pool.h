// Copyright (c) OpenKV authors.
//
// ConnectionPool hands out exclusive leases on up to `size` connections to
// one PostgreSQL URL, opened on first need. A connection found broken when
// its lease ends, or closed by the server while it sat idle
// (Connection::alive), is dropped, and a fresh one is opened instead: how
// the backend rides out a server restart or a failover without reopening.
//
// Thread-safety: acquire() and close() may be called from any thread.
#ifndef OPENKV_STORAGE_POSTGRES_PG_POOL_H_
#define OPENKV_STORAGE_POSTGRES_PG_POOL_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "storage/postgres/pg_connection.h"

namespace openkv::storage::postgres {

class ConnectionPool {
 public:
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> c) : pool_(&pool), c_(std::move(c)) {}
    Lease(Lease&&) = default;
    ~Lease() {
      if (c_) pool_->release(std::move(c_));
    }
    Connection& operator*() const { return *c_; }
    Connection* operator->() const { return c_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> c_;
  };

  ConnectionPool(std::string url, int size);
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Blocks while every connection is leased. Throws Error(kUnavailable) when
  // a new connection cannot be opened, Error(kClosed) after close().
  Lease acquire();

  // Closes idle connections now and leased ones when their lease ends.
  void close();

 private:
  void release(std::unique_ptr<Connection> c);

  const std::string url_;
  const int size_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int open_ = 0;  // idle + leased
  bool closed_ = false;
};

}  // namespace openkv::storage::postgres

#endif  // OPENKV_STORAGE_POSTGRES_PG_POOL_H_
