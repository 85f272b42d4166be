// Copyright (c) OpenKV authors.
//
// What the opaque handles of include/openkv/openkv_c.h hold, and the helpers
// every C entry point shares: turning C arguments into C++ ones and C++
// exceptions into an openkv_status plus an openkv_error (docs/C_API.md).
#ifndef OPENKV_C_API_HANDLES_H_
#define OPENKV_C_API_HANDLES_H_

#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/raw.h"
#include "openkv/database.h"
#include "openkv/errors.h"
#include "openkv/openkv_c.h"

struct openkv_error {
  openkv_status code;
  std::string message;
};

// A borrowed Value with its two C forms, each made on first request and then
// kept, so the pointers handed out stay valid as long as the handle.
struct openkv_value {
  explicit openkv_value(openkv::Value v) : value(std::move(v)) {}
  openkv::Value value;
  std::mutex mu;  // guards the two caches: readers may share a value
  std::optional<std::string> json;
  std::optional<openkv::core::RawValue> raw;
};

struct openkv_entry {
  std::string key_json;
  std::optional<std::string> versionstamp;
  std::unique_ptr<openkv_value> value;  // null when the key does not exist
};

struct openkv_options {
  openkv::Options options;
};

struct openkv_db {
  std::unique_ptr<openkv::Database> db;
};

struct openkv_list_iterator {
  openkv::ListIterator it;
  std::string cursor;  // the last text openkv_list_cursor handed out
};

struct openkv_atomic {
  openkv::AtomicOperation op;
};

struct openkv_watch {
  openkv::WatchStream stream;
  size_t key_count;
};

namespace openkv::c_api {

// Runs `body`; returns OPENKV_OK, or the status of the exception it threw
// after storing a new openkv_error in *error (when error is not null). No
// exception leaves: every C entry point is a call to this.
template <typename Body>
openkv_status guarded(openkv_error** error, Body&& body) noexcept;

openkv_status fail(openkv_error** error, openkv_status code, const char* message) noexcept;
openkv_status status_of(ErrorCode code);
const char* status_name(openkv_status status);

// REQUIRES nothing of the pointers: NULL is an InvalidArgument error naming
// `what`. Bad notation throws the codec's Error(kInvalidArgument).
Key parse_key(const char* json, const char* what);
Value parse_value(const char* json);
// Decodes caller-supplied bytes in one of the three storage encodings.
Value parse_raw_value(const uint8_t* data, size_t size, openkv_encoding encoding);
SetOptions set_options(int64_t expire_in_ms);
// The options of openkv_enqueue / openkv_atomic_enqueue (see openkv_c.h).
EnqueueOptions enqueue_options(int64_t delay_ms, const char* const* keys_if_undelivered,
                               size_t undelivered_count, const int64_t* backoff_ms,
                               size_t backoff_count);

openkv_entry* new_entry(const EntryMaybe& entry);
openkv_entry* new_entry(const Entry& entry);
void fill_result(const CommitResult& result, openkv_commit_result* out);

template <typename Body>
openkv_status guarded(openkv_error** error, Body&& body) noexcept {
  try {
    body();
    return OPENKV_OK;
  } catch (const Error& e) {
    return fail(error, status_of(e.code()), e.what());
  } catch (const std::exception& e) {
    return fail(error, OPENKV_INTERNAL, e.what());
  } catch (...) {
    return fail(error, OPENKV_INTERNAL, "unknown exception");
  }
}

}  // namespace openkv::c_api

#endif  // OPENKV_C_API_HANDLES_H_
