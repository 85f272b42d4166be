// Copyright (c) OpenKV authors.
#include "engine/engine.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "core/versionstamped_key.h"
#include "engine/watch_hub.h"
#include "openkv/errors.h"

namespace openkv::engine {
namespace {

constexpr char kClosedMessage[] = "Database is closed.";

// The key a mutation actually writes: a versionstamp-suffixed set stores
// key ‖ String(<20 hex chars of the commit versionstamp>) (spec 01 §1.9), and
// that stored key is what watchers of it must hear about (spec 02 §7, D7).
core::Bytes written_key(core::MutationType type, const core::Bytes& mutation_key,
                        const Versionstamp& versionstamp) {
  if (type != core::MutationType::kSetSuffixVersionstampedKey) return mutation_key;
  return core::versionstamped_key(mutation_key, versionstamp);
}

// A watch served by the backend's own Backend::watch.
// `live` counts the handles not yet cancelled (Engine::watch_count).
class BackendWatchHandle : public WatchHandle {
 public:
  BackendWatchHandle(std::unique_ptr<storage::WatchSubscription> subscription,
                     std::shared_ptr<std::atomic<size_t>> live)
      : subscription_(std::move(subscription)), live_(std::move(live)) {
    ++*live_;
  }
  ~BackendWatchHandle() override { cancel(); }
  void cancel() override {
    subscription_->cancel();
    if (!cancelled_.exchange(true)) --*live_;
  }

 private:
  std::unique_ptr<storage::WatchSubscription> subscription_;
  std::shared_ptr<std::atomic<size_t>> live_;
  std::atomic<bool> cancelled_{false};
};

}  // namespace

int64_t now_ms() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// One background thread does all timed work, so there is a single place that
// decides what runs next: expiry sweeps (at the earliest known expiration, at
// least every max_sweep_interval_ms), polls of the storage version (commits of
// other processes), and watch re-reads.
class Engine::Impl {
 public:
  Impl(std::unique_ptr<storage::Backend> backend, Options options)
      : backend_(std::move(backend)),
        options_(options),
        queue_(
            *backend_,
            [this](const std::vector<core::Bytes>& keys) {
              watch_hub_.mark_dirty(keys);
              wake();
            },
            QueueDispatcher::Options{}) {
    try {
      last_seen_version_ = backend_->current_version();
    } catch (const Error&) {
      // A backend that cannot report its version yet simply starts polling.
    }
    background_ = std::thread([this] { run(); });
    backend_->on_external_change([this] {
      {
        std::lock_guard<std::mutex> lock(mu_);
        poll_requested_ = true;
        work_pending_ = true;
      }
      cv_.notify_all();
      queue_.notify_enqueued();  // another process may have enqueued
    });
  }

  ~Impl() { close(); }

  void check_open() const {
    if (closed_.load()) throw Error(ErrorCode::kClosed, kClosedMessage);
  }

  core::ReadResult snapshot_read(const std::vector<core::ReadRange>& ranges,
                                 Consistency consistency) {
    check_open();
    if (consistency == Consistency::kEventual) return backend_->eventual_read(ranges, now_ms());
    return backend_->snapshot_read(ranges, now_ms());
  }

  storage::Backend& backend() {
    check_open();
    return *backend_;
  }

  // What the engine must know of a write after it committed. The write is
  // moved into the backend, so its keys are kept apart.
  struct Footprint {
    std::vector<std::pair<core::MutationType, core::Bytes>> keys;
    std::optional<int64_t> earliest_expiry;
    bool enqueues = false;
  };

  static Footprint footprint_of(const core::AtomicWrite& write) {
    Footprint f;
    f.keys.reserve(write.mutations.size());
    for (const auto& m : write.mutations) {
      f.keys.emplace_back(m.type, m.key);
      if (m.expire_at_ms && (!f.earliest_expiry || *m.expire_at_ms < *f.earliest_expiry)) {
        f.earliest_expiry = m.expire_at_ms;
      }
    }
    f.enqueues = !write.enqueues.empty();
    return f;
  }

  // Tells watchers, the sweeper and the queue about a successful commit.
  // The background thread is woken only when the commit gave it work: waking
  // it on every commit would cost a thread switch per commit.
  void committed(const Footprint& f, const core::CommitResult& result) {
    if (!result.ok) return;
    bool work = false;
    if (watch_hub_.size() != 0) {
      std::vector<core::Bytes> written;
      written.reserve(f.keys.size());
      for (const auto& [type, key] : f.keys) {
        written.push_back(written_key(type, key, result.versionstamp));
      }
      work = watch_hub_.mark_dirty(written);
    }
    if (f.earliest_expiry) work = arm_sweep(*f.earliest_expiry) || work;
    if (f.enqueues) queue_.notify_enqueued();
    if (work) wake();
  }

  void atomic_write(core::AtomicWrite write, storage::CommitCallback done) {
    check_open();
    Footprint f = footprint_of(write);
    backend_->atomic_write(std::move(write), now_ms(),
                           [this, f = std::move(f), done = std::move(done)](
                               core::CommitResult result, std::exception_ptr error) {
                             if (!error) committed(f, result);
                             done(std::move(result), error);
                           });
  }

  // Blocking, and on the calling thread where the backend allows it.
  core::CommitResult commit(core::AtomicWrite write) {
    check_open();
    Footprint f = footprint_of(write);
    core::CommitResult result = backend_->commit(std::move(write), now_ms());
    committed(f, result);
    return result;
  }

  core::CommitResult streamed_write(storage::StreamedWrite write) {
    check_open();
    std::optional<int64_t> earliest_expiry;
    write.next = [next = std::move(write.next), &earliest_expiry](core::Mutation& m) {
      if (!next(m)) return false;
      if (m.expire_at_ms && (!earliest_expiry || *m.expire_at_ms < *earliest_expiry)) {
        earliest_expiry = m.expire_at_ms;
      }
      return true;
    };
    core::CommitResult result = backend_->streamed_write(std::move(write), now_ms());
    if (result.ok) {
      watch_hub_.mark_all_dirty();
      if (earliest_expiry) arm_sweep(*earliest_expiry);
      wake();
    }
    return result;
  }

  std::unique_ptr<WatchHandle> watch(std::vector<core::Bytes> keys, WatchCallback on_change,
                                     WatchEndCallback on_end, WatchMode mode) {
    check_open();
    // A backend that pushes changes (remote) watches by itself; polling it
    // would miss other clients' commits.
    if (auto subscription = backend_->watch(keys, on_change, on_end)) {
      return std::make_unique<BackendWatchHandle>(std::move(subscription), backend_watches_);
    }
    auto handle = watch_hub_.add(std::move(keys), std::move(on_change), std::move(on_end), mode);
    wake();
    return handle;
  }

  void listen_queue(const QueueDispatcher::Handler& handler, int concurrency,
                    std::optional<uint64_t> max_messages) {
    // A backend without queues (a KV Connect server without the OpenKV
    // queue extension) fails here, rather than being polled for ever.
    try {
      backend().next_queue_ts();
    } catch (const Error& e) {
      if (e.code() == ErrorCode::kUnsupported) throw;
    }
    queue_.listen(handler, concurrency, max_messages);
  }

  storage::QueueSettlement settled(storage::QueueSettlement settlement) {
    queue_.absorb(settlement);
    return settlement;
  }

  QueueDispatcher& queue() { return queue_; }

  void close() {
    // First, while the database is still open: handlers being drained may
    // still read and write (Deno's nonce pattern commits inside handlers).
    queue_.close();
    if (closed_.exchange(true)) return;
    {
      std::lock_guard<std::mutex> lock(mu_);
      stop_ = true;
    }
    cv_.notify_all();
    if (background_.joinable()) background_.join();
    watch_hub_.close();
    backend_->close();
  }

  bool is_closed() const { return closed_.load(); }
  size_t watch_count() { return watch_hub_.size() + backend_watches_->load(); }

 private:
  void wake() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      work_pending_ = true;
    }
    cv_.notify_all();
  }

  // Returns true when the next sweep moved earlier (the background thread
  // must then recompute how long it sleeps).
  bool arm_sweep(int64_t at_ms) {
    std::lock_guard<std::mutex> lock(mu_);
    if (at_ms >= next_sweep_ms_) return false;
    next_sweep_ms_ = at_ms;
    return true;
  }

  void run() {
    next_sweep_ms_ = now_ms();  // sweep once at open
    int64_t next_poll_ms = now_ms() + options_.poll_interval_ms;
    std::unique_lock<std::mutex> lock(mu_);
    while (!stop_) {
      int64_t wake_at = std::min(next_sweep_ms_, next_poll_ms);
      int64_t now = now_ms();
      if (!work_pending_ && wake_at > now) {
        cv_.wait_for(lock, std::chrono::milliseconds(wake_at - now));
        continue;
      }
      work_pending_ = false;
      bool sweep_due = next_sweep_ms_ <= now;
      bool poll_due = next_poll_ms <= now || poll_requested_;
      poll_requested_ = false;
      lock.unlock();

      if (poll_due) {
        // Only watches need to hear of other processes' commits; without any,
        // an open database does no periodic reads. A watch added later starts
        // from a fresh read anyway.
        if (watch_hub_.size() > 0) poll_version();
        next_poll_ms = now_ms() + options_.poll_interval_ms;
      }
      std::optional<int64_t> next_sweep;
      if (sweep_due) next_sweep = sweep();
      if (watch_hub_.has_dirty()) {
        watch_hub_.dispatch(
            [this](const std::vector<core::Bytes>& keys) { return read_keys(keys); });
      }

      lock.lock();
      if (next_sweep) next_sweep_ms_ = *next_sweep;
    }
  }

  // Commits of other processes sharing the storage are invisible to the hub;
  // a changed version is the only sign of them.
  void poll_version() {
    try {
      Versionstamp v = backend_->current_version();
      if (v != last_seen_version_) {
        last_seen_version_ = v;
        watch_hub_.mark_all_dirty();
      }
    } catch (const Error&) {
      // Transient storage errors surface through reads; polling tries again.
    }
  }

  // Returns when the next sweep should run.
  int64_t sweep() {
    int64_t now = now_ms();
    int64_t next = now + options_.max_sweep_interval_ms;
    if (sweeps_disabled_) return next;
    try {
      storage::SweepResult result = backend_->sweep_expired(now);
      if (!result.deleted_keys.empty()) watch_hub_.mark_dirty(result.deleted_keys);
      if (auto expiry = backend_->next_expiration()) next = std::min(next, std::max(*expiry, now));
    } catch (const Error& e) {
      // A read-only database cannot sweep; reads hide expired rows anyway.
      if (e.code() == ErrorCode::kReadOnly) sweeps_disabled_ = true;
    }
    return next;
  }

  WatchSnapshot read_keys(const std::vector<core::Bytes>& keys) {
    std::vector<core::ReadRange> ranges;
    ranges.reserve(keys.size());
    for (const auto& key : keys) {
      core::Bytes end = key;
      end.push_back(0);
      ranges.push_back({key, std::move(end), 1, false});
    }
    core::ReadResult result = backend_->snapshot_read(ranges, now_ms());
    WatchSnapshot snapshot;
    snapshot.reserve(keys.size());
    for (auto& range : result.ranges) {
      if (range.empty()) {
        snapshot.emplace_back(std::nullopt);
      } else {
        snapshot.emplace_back(std::move(range.front()));
      }
    }
    return snapshot;
  }

  std::unique_ptr<storage::Backend> backend_;
  Options options_;
  WatchHub watch_hub_;
  std::shared_ptr<std::atomic<size_t>> backend_watches_ =
      std::make_shared<std::atomic<size_t>>(0);
  QueueDispatcher queue_;  // after backend_ and watch_hub_, which it uses
  std::atomic<bool> closed_{false};

  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;            // guarded by mu_
  bool work_pending_ = false;    // guarded by mu_
  bool poll_requested_ = false;  // guarded by mu_; another process may have committed
  int64_t next_sweep_ms_ = 0;    // guarded by mu_
  // Touched only by the background thread after construction.
  Versionstamp last_seen_version_;
  bool sweeps_disabled_ = false;
  std::thread background_;
};

Engine::Engine(std::unique_ptr<storage::Backend> backend, Options options)
    : impl_(std::make_unique<Impl>(std::move(backend), options)) {}
Engine::~Engine() = default;

core::ReadResult Engine::snapshot_read(const std::vector<core::ReadRange>& ranges,
                                       Consistency consistency) {
  return impl_->snapshot_read(ranges, consistency);
}

bool Engine::has_eventual_reads() { return impl_->backend().has_eventual_reads(); }

Versionstamp Engine::current_version() { return impl_->backend().current_version(); }

void Engine::scan(const core::Bytes& start, const core::Bytes& end, bool reverse,
                  const storage::ScanVisitor& visit) {
  impl_->backend().scan(start, end, reverse, now_ms(), visit);
}

void Engine::backup_to(const std::string& path) { impl_->backend().backup_to(path); }

std::optional<int64_t> Engine::schema_version() { return impl_->backend().schema_version(); }

Engine::Stats Engine::stats() {
  storage::Backend& backend = impl_->backend();
  return Stats{backend.writer_stats(), backend.queue_depth(), impl_->queue().given_up()};
}

void Engine::atomic_write(core::AtomicWrite write, storage::CommitCallback done) {
  impl_->atomic_write(std::move(write), std::move(done));
}

core::CommitResult Engine::atomic_write_and_wait(core::AtomicWrite write) {
  return impl_->commit(std::move(write));
}

core::CommitResult Engine::streamed_write(storage::StreamedWrite write) {
  return impl_->streamed_write(std::move(write));
}

std::unique_ptr<WatchHandle> Engine::watch(std::vector<core::Bytes> keys, WatchCallback on_change,
                                           WatchEndCallback on_end, WatchMode mode) {
  return impl_->watch(std::move(keys), std::move(on_change), std::move(on_end), mode);
}

void Engine::listen_queue(const QueueDispatcher::Handler& handler, int concurrency,
                          std::optional<uint64_t> max_messages) {
  impl_->listen_queue(handler, concurrency, max_messages);
}

std::vector<storage::DequeuedMessage> Engine::dequeue_ready(int64_t deadline_ms,
                                                            size_t max_messages) {
  return impl_->backend().dequeue_ready(now_ms(), deadline_ms, max_messages);
}

storage::QueueSettlement Engine::finish_message(const storage::RunningLease& lease,
                                                storage::DeliveryOutcome outcome) {
  return impl_->settled(impl_->backend().finish_message(lease, outcome, now_ms()));
}

void Engine::extend_deadlines(const std::vector<storage::RunningLease>& leases,
                              int64_t deadline_ms) {
  impl_->backend().extend_deadlines(leases, deadline_ms);
}

std::optional<int64_t> Engine::next_queue_ts() { return impl_->backend().next_queue_ts(); }

storage::QueueSettlement Engine::requeue_overdue() {
  return impl_->settled(impl_->backend().requeue_overdue(now_ms()));
}

void Engine::start_queue_recovery() {
  impl_->check_open();
  impl_->queue().start();
}

void Engine::close() { impl_->close(); }
bool Engine::is_closed() const { return impl_->is_closed(); }
size_t Engine::watch_count() { return impl_->watch_count(); }

}  // namespace openkv::engine
