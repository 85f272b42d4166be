// Copyright (c) OpenKV authors.
//
// KvConnectClient is the KV Connect client below the protobuf level: it
// holds the database metadata (exchanged at construction and refreshed
// before it expires, spec 04 §2), adds the data-path headers (§3.2), calls
// the data-path methods and retries what a retry can fix.
//
// Retry policy (spec 04 §8): 5xx replies and network errors are retried with
// exponential backoff and jitter until `max_elapsed` has passed, so a server
// restart of a few seconds is invisible; every other status fails at once
// with an openkv::Error carrying the server's text. Like Deno's client, a
// write whose reply was lost to a network error is sent again, so it may be
// applied twice; checks make a write safe against that.
//
// Thread-safety: all methods are thread-safe.
#ifndef OPENKV_STORAGE_REMOTE_KV_CONNECT_CLIENT_H_
#define OPENKV_STORAGE_REMOTE_KV_CONNECT_CLIENT_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "openkv/errors.h"
#include "storage/remote/http_client.h"
#include "storage/remote/metadata.h"

namespace openkv::storage::remote {

struct RetryOptions {
  std::chrono::milliseconds initial_backoff{100};
  std::chrono::milliseconds max_backoff{2000};
  // A call gives up (Error kUnavailable) once this much time has passed
  // since its first attempt.
  std::chrono::milliseconds max_elapsed{30000};
};

class KvConnectClient {
 public:
  struct Options {
    std::string url;           // the metadata URL the user gave
    std::string access_token;  // the user's token, for the metadata exchange
    RetryOptions retry;
    // Metadata is refreshed when it is this old, or this close to expiresAt,
    // whichever comes first (Deno: 60 s and 10 s).
    std::chrono::milliseconds metadata_max_age{60000};
    std::chrono::milliseconds metadata_refresh_margin{10000};
    HttpClient::Options http;
  };

  // Performs the metadata exchange once, without retries, like Deno's
  // openKv(): a server that is down or refuses fails the open. Throws
  // openkv::Error.
  explicit KvConnectClient(Options options);

  // Which of the metadata's endpoints a call goes to.
  enum class Route {
    kStrong,    // the first strong endpoint (what Deno's client always uses)
    kEventual,  // the first eventual endpoint, or the strong one if none is listed
  };

  // POSTs `body` to <endpoint>/<method> and returns the body of the 200
  // reply. Throws openkv::Error.
  std::string call(std::string_view method, const std::string& body, Route route = Route::kStrong);
  // As call(), but nullopt when the server answers 404: it does not have
  // the endpoint (how a client finds out that a server lacks an extension).
  std::optional<std::string> call_if_offered(std::string_view method, const std::string& body);

  // For streams (watch): the URL and request of one attempt, with fresh
  // metadata. Throws NetworkError when a refresh is needed and fails
  // transiently, openkv::Error when it fails for good.
  std::pair<Url, HttpRequest> prepare(std::string_view method, const std::string& body,
                                      Route route = Route::kStrong);
  HttpClient& http() { return http_; }

  // The openkv::Error for a non-200, non-5xx reply from `url`.
  static Error status_error(int status, const std::string& body);

  DatabaseMetadata metadata();
  // True when the metadata lists an eventual endpoint (a server in front of
  // a replica, docs/DISTRIBUTED.md §Replicas).
  bool has_eventual_endpoint();

  // From now on calls are no longer retried and backoff sleeps end at once:
  // close() must not wait for a server that is gone.
  void stop_retrying();
  bool stopping() const { return stopping_.load(); }
  // Sleeps up to `delay` unless stop_retrying() is called; false if it was.
  bool sleep_unless_stopped(std::chrono::milliseconds delay);

 private:
  DatabaseMetadata fetch_metadata();
  std::optional<std::string> call_with_retries(std::string_view method, const std::string& body,
                                               Route route, bool absent_ok);

  Options options_;
  Url base_;
  HttpClient http_;

  std::mutex metadata_mu_;  // held during a refresh, so only one runs
  DatabaseMetadata metadata_;
  std::chrono::steady_clock::time_point refresh_at_;

  std::atomic<bool> stopping_{false};
  std::mutex stop_mu_;
  std::condition_variable stop_cv_;
};

// The backoff before retry number `attempt` (0-based): exponential, capped,
// with jitter in [50 %, 100 %] so that clients do not retry in lockstep.
std::chrono::milliseconds backoff_delay(const RetryOptions& options, int attempt);

}  // namespace openkv::storage::remote

#endif  // OPENKV_STORAGE_REMOTE_KV_CONNECT_CLIENT_H_
