// Copyright (c) OpenKV authors.
//
// Listening to a database's queue (Database::listen_queue), as Deno's
// kv.listenQueue does:
//
//   db->enqueue(Value("hello"), {.delay = std::chrono::seconds(1)});
//   db->listen_queue([](const Value& message) { ... });  // until db->close()
//
// Delivery is at-least-once: a message is retried when its handler throws
// (after each interval of its backoff schedule), and then written to its
// keys_if_undelivered keys; a message whose process dies is delivered again
// once its 5 s deadline passes. Make handlers idempotent (e.g. a nonce key
// checked in an atomic operation). Ordering is best-effort: the oldest ready
// message is taken first, but handlers run concurrently.
#ifndef OPENKV_QUEUE_H_
#define OPENKV_QUEUE_H_

#include <cstdint>
#include <functional>
#include <optional>

#include "openkv/value.h"

namespace openkv {

// Handles one message. Returning marks it delivered; throwing marks the
// attempt failed. Runs on a thread of its listener (see QueueListenOptions).
using QueueHandler = std::function<void(const Value& message)>;

struct QueueListenOptions {
  // Threads that run this listener's handler, one message each at a time:
  // the thread that called listen_queue plus concurrency - 1 more. Every
  // listener of a database takes messages from the same queue, and a
  // database has at most 100 messages in flight over all its listeners.
  int concurrency = 1;
  // When set, listen_queue returns once this listener has handled (and
  // recorded the outcome of) this many messages, instead of at close.
  std::optional<uint64_t> max_messages;
};

}  // namespace openkv

#endif  // OPENKV_QUEUE_H_
