// Copyright (c) OpenKV authors.
//
// ConnectionPool hands out exclusive leases on a fixed set of connections.
// Readers of a file database share a pool of read-only connections (WAL lets
// them run beside the writer). A ":memory:" database has exactly one
// connection, so its reads and its writer share a pool of size one: holding
// the lease for a whole transaction is what keeps readers from seeing the
// writer's uncommitted changes.
//
// Thread-safety: acquire() and close() may be called from any thread.
#ifndef OPENKV_STORAGE_SQLITE_CONNECTION_POOL_H_
#define OPENKV_STORAGE_SQLITE_CONNECTION_POOL_H_

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

#include "storage/sqlite/sqlite_handle.h"

namespace openkv::storage::sqlite {

class ConnectionPool {
 public:
  // Returns its connection to the pool when destroyed.
  class Lease {
   public:
    Lease(ConnectionPool& pool, std::unique_ptr<Connection> c) : pool_(&pool), c_(std::move(c)) {}
    ~Lease() { pool_->release(std::move(c_)); }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    Connection& operator*() const { return *c_; }
    Connection* operator->() const { return c_.get(); }

   private:
    ConnectionPool* pool_;
    std::unique_ptr<Connection> c_;
  };

  explicit ConnectionPool(std::vector<std::unique_ptr<Connection>> connections);
  ~ConnectionPool();
  ConnectionPool(const ConnectionPool&) = delete;
  ConnectionPool& operator=(const ConnectionPool&) = delete;

  // Blocks until a connection is free. Throws Error(kClosed) after close().
  Lease acquire();

  // Refuses new leases, waits for outstanding ones to come back, then closes
  // every connection. Idempotent.
  void close();

 private:
  void release(std::unique_ptr<Connection> c);

  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  size_t leased_ = 0;
  bool closed_ = false;
};

}  // namespace openkv::storage::sqlite

#endif  // OPENKV_STORAGE_SQLITE_CONNECTION_POOL_H_
