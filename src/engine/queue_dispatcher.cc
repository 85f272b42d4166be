// Copyright (c) OpenKV authors.
#include "engine/queue_dispatcher.h"

#include <algorithm>
#include <chrono>
#include <iostream>
#include <optional>
#include <string>
#include <system_error>
#include <utility>

#include "engine/engine.h"
#include "openkv/errors.h"

namespace openkv::engine {
namespace {

// The dispatcher whose handler this thread is running, so that close()
// called from a handler does not wait for that handler.
thread_local const QueueDispatcher* t_handling_for = nullptr;

class HandlingScope {
 public:
  explicit HandlingScope(const QueueDispatcher* d) : previous_(t_handling_for) {
    t_handling_for = d;
  }
  ~HandlingScope() { t_handling_for = previous_; }
  HandlingScope(const HandlingScope&) = delete;
  HandlingScope& operator=(const HandlingScope&) = delete;

 private:
  const QueueDispatcher* previous_;
};

}  // namespace

QueueDispatcher::QueueDispatcher(storage::Backend& backend, KeysWritten on_keys_written,
                                 Options options)
    : backend_(backend),
      on_keys_written_(std::move(on_keys_written)),
      options_(options),
      jitter_(std::random_device{}()) {}

QueueDispatcher::~QueueDispatcher() { close(); }

void QueueDispatcher::listen(const Handler& handler, int concurrency,
                             std::optional<uint64_t> max_messages) {
  if (concurrency < 1) {
    throw Error(ErrorCode::kInvalidArgument,
                "concurrency must be at least 1: received " + std::to_string(concurrency));
  }
  {
    std::lock_guard lock(mu_);
    if (closed_) throw Error(ErrorCode::kClosed, "Queue already closed");
    workers_ += static_cast<size_t>(concurrency);
    start_locked();
  }
  Quota quota{max_messages};
  std::vector<std::thread> helpers;
  helpers.reserve(static_cast<size_t>(concurrency - 1));
  for (int i = 1; i < concurrency; ++i) {
    try {
      helpers.emplace_back([this, &handler, &quota] { work(handler, quota); });
    } catch (const std::system_error&) {
      // Out of threads: run with the workers that did start.
      std::lock_guard lock(mu_);
      workers_ -= static_cast<size_t>(concurrency - i);
      break;
    }
  }
  work(handler, quota);
  for (std::thread& t : helpers) t.join();
}

void QueueDispatcher::notify_enqueued() {
  {
    std::lock_guard lock(mu_);
    look_now_ = true;
  }
  dispatcher_cv_.notify_one();
}

void QueueDispatcher::start() {
  std::lock_guard lock(mu_);
  if (!closed_) start_locked();
}

void QueueDispatcher::start_locked() {
  if (thread_.joinable()) return;
  dispatching_ = true;
  thread_ = std::thread([this] { run(); });
}

void QueueDispatcher::close() {
  std::thread dispatcher;
  {
    std::lock_guard lock(mu_);
    closed_ = true;
    dispatcher = std::move(thread_);
  }
  dispatcher_cv_.notify_all();
  workers_cv_.notify_all();
  if (dispatcher.joinable()) dispatcher.join();
  // Workers drain what was dequeued (it is already running in storage),
  // settle it, and leave.
  std::unique_lock lock(mu_);
  const size_t self = t_handling_for == this ? 1 : 0;
  workers_cv_.wait(lock, [&] { return workers_ <= self; });
}

void QueueDispatcher::work(const Handler& handler, Quota& quota) {
  std::unique_lock lock(mu_);
  for (;;) {
    if (quota.limit && quota.reserved >= *quota.limit) break;
    ++quota.reserved;
    ++idle_workers_;
    dispatcher_cv_.notify_one();  // one more message can be taken
    // Leave only once nothing more can arrive: a pull in progress at close
    // still hands its messages to the workers.
    workers_cv_.wait(lock, [&] { return !ready_.empty() || (closed_ && !dispatching_); });
    --idle_workers_;
    if (ready_.empty()) {
      --quota.reserved;
      break;
    }
    Delivery delivery = std::move(ready_.front());
    ready_.pop_front();
    lock.unlock();

    storage::DeliveryOutcome outcome = storage::DeliveryOutcome::kSuccess;
    try {
      HandlingScope scope(this);
      handler(delivery.message.payload);
    } catch (const std::exception& e) {
      std::cerr << "Exception in queue handler: " << e.what() << '\n';
      outcome = storage::DeliveryOutcome::kFailure;
    } catch (...) {
      std::cerr << "Exception in queue handler\n";
      outcome = storage::DeliveryOutcome::kFailure;
    }
    settle(delivery.seq, outcome);
    lock.lock();
  }
  --workers_;
  // Notified under the lock: close() may destroy this object as soon as it
  // sees the count drop.
  workers_cv_.notify_all();
}

void QueueDispatcher::settle(uint64_t seq, storage::DeliveryOutcome outcome) {
  {
    std::shared_lock no_keep_alive(lease_change_mu_);
    storage::RunningLease lease;
    {
      std::lock_guard lock(mu_);
      lease = leases_.at(seq);
    }
    try {
      absorb(backend_.finish_message(lease, outcome, now_ms()));
    } catch (const std::exception& e) {
      // The message stays running in storage and is recovered as a failure
      // once its deadline passes: delivery stays at-least-once.
      std::cerr << "Failed to record the outcome of queue message " << lease.id << ": " << e.what()
                << '\n';
    }
  }
  {
    std::lock_guard lock(mu_);
    leases_.erase(seq);
  }
  dispatcher_cv_.notify_one();  // room for one more message in flight
}

void QueueDispatcher::absorb(const storage::QueueSettlement& settlement) {
  given_up_.fetch_add(static_cast<uint64_t>(settlement.given_up), std::memory_order_relaxed);
  if (!settlement.dead_letter_keys.empty()) on_keys_written_(settlement.dead_letter_keys);
  if (settlement.requeued > 0) notify_enqueued();
}

size_t QueueDispatcher::capacity_locked() const {
  size_t free_workers = idle_workers_ > ready_.size() ? idle_workers_ - ready_.size() : 0;
  size_t room =
      options_.max_in_flight > leases_.size() ? options_.max_in_flight - leases_.size() : 0;
  return std::min(free_workers, room);
}

void QueueDispatcher::run() {
  int64_t now = now_ms();
  int64_t next_recovery = now;  // recover what dead processes left, first
  int64_t next_keep_alive = now + jittered(options_.keep_alive_interval_ms);
  int64_t next_look = now;
  std::unique_lock lock(mu_);
  while (!closed_) {
    now = now_ms();
    if (look_now_) {
      look_now_ = false;
      next_look = now;
    }
    const size_t capacity = capacity_locked();
    const bool look_due = capacity > 0 && next_look <= now;
    const bool keep_alive_due = next_keep_alive <= now;
    const bool recovery_due = next_recovery <= now;
    if (!look_due && !keep_alive_due && !recovery_due) {
      int64_t until = std::min(next_keep_alive, next_recovery);
      if (capacity > 0) until = std::min(until, next_look);
      dispatcher_cv_.wait_for(lock, std::chrono::milliseconds(until - now));
      continue;
    }
    lock.unlock();
    if (keep_alive_due) {
      keep_alive();
      next_keep_alive = now_ms() + jittered(options_.keep_alive_interval_ms);
    }
    if (recovery_due) {
      recover();
      next_recovery = now_ms() + jittered(options_.recovery_interval_ms);
    }
    if (look_due) next_look = pull(capacity);
    lock.lock();
  }
  dispatching_ = false;
  workers_cv_.notify_all();
}

int64_t QueueDispatcher::pull(size_t capacity) {
  const int64_t now = now_ms();
  try {
    std::optional<int64_t> next_ts = backend_.next_queue_ts();
    if (next_ts && *next_ts <= now) {
      std::vector<storage::DequeuedMessage> messages =
          backend_.dequeue_ready(now, now + options_.running_deadline_ms, capacity);
      if (!messages.empty()) {
        {
          std::lock_guard lock(mu_);
          for (storage::DequeuedMessage& m : messages) {
            uint64_t seq = next_seq_++;
            leases_.emplace(seq, m.lease);
            ready_.push_back(Delivery{seq, std::move(m)});
          }
        }
        workers_cv_.notify_all();
        return now;  // more may be ready; the next look reads ts again
      }
    }
    int64_t next = now + options_.poll_interval_ms;
    if (next_ts) next = std::min(next, std::max(*next_ts, now));
    return next;
  } catch (const std::exception&) {
    // A read-only database or a transient storage error: poll again later.
    return now + options_.poll_interval_ms;
  }
}

void QueueDispatcher::keep_alive() {
  std::unique_lock no_settlement(lease_change_mu_);
  std::vector<storage::RunningLease> leases;
  {
    std::lock_guard lock(mu_);
    leases.reserve(leases_.size());
    for (const auto& [seq, lease] : leases_) leases.push_back(lease);
  }
  if (leases.empty()) return;
  const int64_t deadline = now_ms() + options_.running_deadline_ms;
  try {
    backend_.extend_deadlines(leases, deadline);
  } catch (const std::exception&) {
    return;  // the old deadlines stand; the next keep-alive tries again
  }
  std::lock_guard lock(mu_);
  for (auto& [seq, lease] : leases_) lease.deadline_ms = deadline;
}

void QueueDispatcher::recover() {
  try {
    absorb(backend_.requeue_overdue(now_ms()));
  } catch (const std::exception&) {
    // A read-only database cannot recover; other errors: the next pass.
  }
}

int64_t QueueDispatcher::jittered(int64_t interval_ms) {
  std::uniform_int_distribution<int64_t> spread(interval_ms * 9 / 10, interval_ms * 11 / 10);
  return spread(jitter_);
}

}  // namespace openkv::engine
