// Copyright (c) OpenKV authors.
//
// QueueDispatcher delivers queued messages of one engine to its listeners
// (spec 02 §9.4–§9.5). It owns the policy; the Backend owns the rows:
//
//  - Listeners are threads. listen() turns the calling thread, plus
//    `concurrency - 1` threads it starts, into workers that run `handler`
//    one message at a time, until close() or until the listener has taken
//    its `max_messages`. All workers of all listeners share one stream of
//    messages.
//  - One dispatcher thread (started by the first listen() or by start())
//    takes ready messages out of the queue, never more than there are idle
//    workers and never more than max_in_flight dequeued-but-unsettled
//    messages in total.
//    It looks at the queue right after a local commit with enqueues or a
//    retry (notify_enqueued), at the next message's ts, and every
//    poll_interval_ms (messages enqueued by other processes).
//  - It remembers the lease of every message it runs and pushes their
//    deadlines to now + running_deadline_ms every keep_alive_interval_ms
//    (±10 %), so a handler may run as long as it needs without another
//    process recovering its message (reference defect D3).
//  - Crash recovery (overdue running rows are failures) runs when the
//    dispatcher starts and then every recovery_interval_ms (±10 %).
//  - A handler that returns settles its message as a success; one that
//    throws logs "Exception in queue handler" and settles it as a failure
//    (retry, dead letter or drop, by the backend). Dead-letter keys go to
//    `on_keys_written` so watchers hear about them (D8).
//
// Delivery is at-least-once: a message whose settlement fails stays running
// in storage and is recovered once its deadline passes.
//
// Thread-safety: all methods may be called from any thread. close() stops
// dispatching, waits for every dequeued message to be handled and settled
// and for every listen() to return; called from inside a handler it cannot
// wait for that handler, whose outcome is then recorded only if the backend
// is still open (otherwise the message is recovered later).
#ifndef OPENKV_ENGINE_QUEUE_DISPATCHER_H_
#define OPENKV_ENGINE_QUEUE_DISPATCHER_H_

#include <atomic>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <random>
#include <shared_mutex>
#include <thread>
#include <vector>

#include "core/raw.h"
#include "storage/backend.h"

namespace openkv::engine {

class QueueDispatcher {
 public:
  // Handles one message (its V8 payload); throwing means delivery failed.
  using Handler = std::function<void(const core::Bytes& payload)>;
  // Keys a dead letter wrote; must not block.
  using KeysWritten = std::function<void(const std::vector<core::Bytes>& keys)>;

  struct Options {
    size_t max_in_flight = 100;
    int64_t running_deadline_ms = 5000;
    int64_t keep_alive_interval_ms = 2000;
    int64_t recovery_interval_ms = 60000;
    int64_t poll_interval_ms = 1000;
  };

  // `backend` must outlive the dispatcher's close().
  QueueDispatcher(storage::Backend& backend, KeysWritten on_keys_written, Options options);
  ~QueueDispatcher();  // closes
  QueueDispatcher(const QueueDispatcher&) = delete;
  QueueDispatcher& operator=(const QueueDispatcher&) = delete;

  // Blocks until close(), or until `max_messages` (if given) messages were
  // handled and settled. Throws Error(kClosed, "Queue already closed") once
  // closed, Error(kInvalidArgument) when concurrency < 1.
  void listen(const Handler& handler, int concurrency, std::optional<uint64_t> max_messages);

  // A local commit inserted messages: look at the queue now.
  void notify_enqueued();

  // Starts the dispatcher thread without a listener, for an engine whose
  // consumers are elsewhere (a KV Connect server): it then only runs crash
  // recovery, so messages of consumers that vanished are retried or
  // dead-lettered. Idempotent; a no-op once closed.
  void start();

  // Wakes whoever must hear about a settlement made outside the dispatcher
  // (by a remote consumer): watchers of dead-letter keys, and the
  // dispatcher when a message went back into the queue.
  void absorb(const storage::QueueSettlement& settlement);

  // Messages given up after their last attempt (dead-lettered or dropped)
  // in the settlements seen so far.
  uint64_t given_up() const { return given_up_.load(std::memory_order_relaxed); }

  void close();

 private:
  void run();
  // A dequeued message and the number naming its lease in leases_ (ids are
  // not unique enough: a message recovered elsewhere may come back while
  // its first delivery still runs here).
  struct Delivery {
    uint64_t seq;
    storage::DequeuedMessage message;
  };

  // How many messages one listener may still take. A worker reserves one
  // before it goes idle (the dispatcher only takes as many messages as
  // there are idle workers), so a listener never takes more than its limit
  // and no taken message is left without a worker.
  struct Quota {
    std::optional<uint64_t> limit;
    uint64_t reserved = 0;  // guarded by mu_
  };

  void work(const Handler& handler, Quota& quota);
  void settle(uint64_t seq, storage::DeliveryOutcome outcome);
  void start_locked();
  // Returns when the queue should be looked at next.
  int64_t pull(size_t capacity);
  void keep_alive();
  void recover();
  int64_t jittered(int64_t interval_ms);
  size_t capacity_locked() const;

  storage::Backend& backend_;
  KeysWritten on_keys_written_;
  std::atomic<uint64_t> given_up_{0};
  Options options_;

  std::mutex mu_;
  std::condition_variable dispatcher_cv_;  // wakes the dispatcher thread
  std::condition_variable workers_cv_;     // wakes idle workers and close()
  bool closed_ = false;                    // guarded by mu_
  bool look_now_ = false;                  // guarded by mu_
  bool dispatching_ = false;               // the thread runs; guarded by mu_
  std::deque<Delivery> ready_;             // dequeued, waiting for a worker; guarded by mu_
  size_t idle_workers_ = 0;                // guarded by mu_
  size_t workers_ = 0;                     // threads inside work(); guarded by mu_
  // The lease of every dequeued, unsettled message (in ready_ or being
  // handled): its size is the number in flight.
  std::map<uint64_t, storage::RunningLease> leases_;  // guarded by mu_
  uint64_t next_seq_ = 0;                             // guarded by mu_

  // Held exclusively while deadlines are extended and shared while a
  // message is settled, so a settlement never names a deadline that a
  // concurrent keep-alive is replacing.
  std::shared_mutex lease_change_mu_;

  std::mt19937_64 jitter_;  // dispatcher thread only
  std::thread thread_;      // started by listen() or start(); guarded by mu_
};

}  // namespace openkv::engine

#endif  // OPENKV_ENGINE_QUEUE_DISPATCHER_H_
