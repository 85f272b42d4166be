// Copyright (c) OpenKV authors.
//
// RemoteQueue is the client of the OpenKV queue extension of KV Connect
// (docs/kv-connect-queue-extension.md): the queue operations of Backend
// over HTTP, so that the engine's unchanged dispatcher consumes a remote
// queue as it would a local one. Calls go through KvConnectClient and so get
// the data path's headers, metadata refresh and retry policy.
//
// Clocks: the server stamps every deadline on its own clock, and a client
// only asks for durations (deadline_ms - now). Backend callers, however,
// name a running message by the deadline they asked for on their clock. So
// RemoteQueue keeps, for every message it dequeued and has not settled, the
// server's lease under the caller's one, and translates both ways; the
// caller sees exactly the Backend contract, whatever the clock skew.
//
// A server without the extension answers 404; every call then throws
// Error(kUnsupported).
//
// Thread-safety: all methods may be called concurrently. Calls on one lease
// must not overlap (the dispatcher never settles while it extends).
#ifndef OPENKV_STORAGE_REMOTE_REMOTE_QUEUE_H_
#define OPENKV_STORAGE_REMOTE_REMOTE_QUEUE_H_

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "storage/queue.h"
#include "storage/remote/kv_connect_client.h"

namespace openkv::storage::remote {

class RemoteQueue {
 public:
  // `client` must outlive this object.
  explicit RemoteQueue(KvConnectClient& client) : client_(client) {}

  std::vector<DequeuedMessage> dequeue_ready(int64_t now_ms, int64_t deadline_ms,
                                             size_t max_messages);
  // A lease this object did not hand out (or no longer holds) names no
  // running message: nothing happens, as with an unknown lease locally.
  QueueSettlement finish_message(const RunningLease& lease, DeliveryOutcome outcome);
  // On failure (thrown) the old leases stay valid here; the server may have
  // extended them anyway, and those messages are then recovered once their
  // new deadline passes (at-least-once).
  void extend_deadlines(const std::vector<RunningLease>& leases, int64_t deadline_ms);
  std::optional<int64_t> next_queue_ts();

 private:
  using LeaseKey = std::pair<std::string, int64_t>;  // id, caller's deadline

  // POSTs `request` to the extension's `method`; throws kUnsupported on 404.
  std::string call(std::string_view method, const std::string& request);

  KvConnectClient& client_;
  std::mutex mu_;
  // The server's deadline of every unsettled message, under the caller's lease.
  std::map<LeaseKey, int64_t> server_deadlines_;  // guarded by mu_
};

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_REMOTE_QUEUE_H_
