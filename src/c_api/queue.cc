// Copyright (c) OpenKV authors.
//
// Enqueue and listen with a C callback.
#include <vector>

#include "c_api/handles.h"

using openkv::c_api::guarded;

namespace {

// Thrown out of the C++ handler when the C handler returns nonzero, so the
// dispatcher records a failed attempt (it never reaches the C caller).
struct HandlerFailed : std::runtime_error {
  HandlerFailed() : std::runtime_error("the queue handler returned nonzero") {}
};

}  // namespace

namespace openkv::c_api {

EnqueueOptions enqueue_options(int64_t delay_ms, const char* const* keys_if_undelivered,
                               size_t undelivered_count, const int64_t* backoff_ms,
                               size_t backoff_count) {
  EnqueueOptions options;
  options.delay = std::chrono::milliseconds(delay_ms);
  if (undelivered_count > 0 && keys_if_undelivered == nullptr) {
    throw Error(ErrorCode::kInvalidArgument, "keys_if_undelivered is NULL");
  }
  for (size_t i = 0; i < undelivered_count; ++i) {
    options.keys_if_undelivered.push_back(
        parse_key(keys_if_undelivered[i], "a keys_if_undelivered key"));
  }
  if (backoff_ms != nullptr) options.backoff_schedule.emplace(backoff_ms, backoff_ms + backoff_count);
  return options;
}

}  // namespace openkv::c_api

extern "C" {

openkv_status openkv_enqueue(openkv_db* db, const char* value_json, int64_t delay_ms,
                             const char* const* keys_if_undelivered, size_t undelivered_count,
                             const int64_t* backoff_ms, size_t backoff_count,
                             openkv_commit_result* result, openkv_error** error) {
  return guarded(error, [&] {
    openkv::Value message = openkv::c_api::parse_value(value_json);
    openkv::EnqueueOptions options = openkv::c_api::enqueue_options(
        delay_ms, keys_if_undelivered, undelivered_count, backoff_ms, backoff_count);
    openkv::c_api::fill_result(db->db->enqueue(message, options), result);
  });
}

openkv_status openkv_listen(openkv_db* db, openkv_queue_handler handler, void* user_data,
                            int concurrency, uint64_t max_messages, openkv_error** error) {
  return guarded(error, [&] {
    if (handler == nullptr) {
      throw openkv::Error(openkv::ErrorCode::kInvalidArgument, "handler is NULL");
    }
    openkv::QueueListenOptions options{.concurrency = concurrency};
    if (max_messages > 0) options.max_messages = max_messages;
    db->db->listen_queue(
        [&](const openkv::Value& message) {
          openkv_value borrowed(message);
          if (handler(&borrowed, user_data) != 0) throw HandlerFailed();
        },
        options);
  });
}

}  // extern "C"
