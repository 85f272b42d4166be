// Copyright (c) OpenKV authors.
//
// Database::listen_queue: the typed face of the engine's queue dispatcher.
#include "core/value_encoding.h"
#include "engine/engine.h"
#include "openkv/database.h"
#include "openkv/errors.h"

namespace openkv {

void Database::listen_queue(const QueueHandler& handler, const QueueListenOptions& options) {
  if (engine_->is_closed()) throw Error(ErrorCode::kClosed, "Queue already closed");
  // Payloads are always V8 (spec 02 §9.3). One that cannot be decoded
  // throws here, which counts as a failed attempt like a throwing handler.
  engine_->listen_queue(
      [&handler](const core::Bytes& payload) {
        handler(core::decode_value(core::RawValue{payload, core::Encoding::kV8}));
      },
      options.concurrency, options.max_messages);
}

}  // namespace openkv
