// Copyright (c) OpenKV authors.

#include "storage/postgres/pg_pool.h"

#include "openkv/errors.h"

namespace openkv::storage::postgres {

ConnectionPool::ConnectionPool(std::string url, int size) : url_(std::move(url)), size_(size) {}

ConnectionPool::Lease ConnectionPool::acquire() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [&] { return closed_ || !idle_.empty() || open_ < size_; });
  if (closed_) throw Error(ErrorCode::kClosed, "Database is closed.");
  while (!idle_.empty()) {
    std::unique_ptr<Connection> c = std::move(idle_.back());
    idle_.pop_back();
    if (c->alive()) return Lease(*this, std::move(c));
    --open_;  // closed by the server while idle: open a fresh one instead
  }
  ++open_;
  lock.unlock();
  try {
    return Lease(*this, std::make_unique<Connection>(url_));  // connects outside the lock
  } catch (...) {
    std::lock_guard relock(mu_);
    --open_;
    cv_.notify_one();
    throw;
  }
}

void ConnectionPool::release(std::unique_ptr<Connection> c) {
  std::lock_guard lock(mu_);
  if (closed_ || !c->ok()) {
    --open_;
    c.reset();
  } else {
    idle_.push_back(std::move(c));
  }
  cv_.notify_one();
}

void ConnectionPool::close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  open_ -= static_cast<int>(idle_.size());
  idle_.clear();
  cv_.notify_all();
}

}  // namespace openkv::storage::postgres
