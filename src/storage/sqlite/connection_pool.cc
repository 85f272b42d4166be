// Copyright (c) OpenKV authors.

#include "storage/sqlite/connection_pool.h"

#include <utility>

#include "openkv/errors.h"

namespace openkv::storage::sqlite {

ConnectionPool::ConnectionPool(std::vector<std::unique_ptr<Connection>> connections)
    : idle_(std::move(connections)) {}

ConnectionPool::~ConnectionPool() { close(); }

ConnectionPool::Lease ConnectionPool::acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return closed_ || !idle_.empty(); });
  if (closed_) throw Error(ErrorCode::kClosed, "Database is closed.");
  std::unique_ptr<Connection> c = std::move(idle_.back());
  idle_.pop_back();
  ++leased_;
  return Lease(*this, std::move(c));
}

void ConnectionPool::release(std::unique_ptr<Connection> c) {
  {
    std::lock_guard lock(mu_);
    idle_.push_back(std::move(c));
    --leased_;
  }
  cv_.notify_all();
}

void ConnectionPool::close() {
  std::vector<std::unique_ptr<Connection>> doomed;
  {
    std::unique_lock lock(mu_);
    closed_ = true;
    cv_.notify_all();
    cv_.wait(lock, [&] { return leased_ == 0; });
    doomed.swap(idle_);
  }
  // Connections close here, outside the lock.
}

}  // namespace openkv::storage::sqlite
