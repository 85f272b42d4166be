// Copyright (c) OpenKV authors.
#include "storage/remote/remote_backend.h"

#include <cstdlib>

#include "openkv/errors.h"
#include "protocol/convert.h"

namespace openkv::storage::remote {
namespace {

namespace pb = protocol::pb;

constexpr char kClosedMessage[] = "Database is closed.";

KvConnectClient::Options client_options(RemoteBackend::Options& o) {
  KvConnectClient::Options c;
  c.url = o.url;
  if (o.access_token) {
    c.access_token = *o.access_token;
  } else if (const char* env = std::getenv("DENO_KV_ACCESS_TOKEN")) {
    c.access_token = env;
  } else {
    throw Error(ErrorCode::kInvalidArgument,
                "Missing access token for the KV Connect server at '" + o.url +
                    "': set DENO_KV_ACCESS_TOKEN or Options::access_token.");
  }
  c.retry = o.retry;
  c.metadata_max_age = o.metadata_max_age;
  c.metadata_refresh_margin = o.metadata_refresh_margin;
  c.http = o.http;
  if (!o.tls_ca_file.empty()) c.http.connection.tls_ca_file = o.tls_ca_file;
  return c;
}

template <typename Message>
Message parse_reply(const std::string& body, const char* what) {
  Message message;
  if (!message.ParseFromString(body)) {
    throw Error(ErrorCode::kCorruption,
                std::string("KV Connect failed to decode the ") + what + " response");
  }
  return message;
}

// A watch as handed to the engine; the backend keeps a weak reference to the
// RemoteWatch so that close() can end it.
class Subscription : public WatchSubscription {
 public:
  explicit Subscription(std::shared_ptr<RemoteWatch> watch) : watch_(std::move(watch)) {}
  ~Subscription() override { cancel(); }
  void cancel() override { watch_->cancel(); }

 private:
  std::shared_ptr<RemoteWatch> watch_;
};

}  // namespace

RemoteBackend::RemoteBackend(Options options)
    : client_(client_options(options)),
      has_eventual_endpoint_(client_.has_eventual_endpoint()),
      queue_client_(client_),
      retry_(options.retry),
      watch_options_(options.watch) {
  for (int i = 0; i < std::max(1, options.writer_threads); ++i) {
    writers_.emplace_back([this] { writer_loop(); });
  }
}

RemoteBackend::~RemoteBackend() { close(); }

void RemoteBackend::check_open() const {
  if (closed_.load()) throw Error(ErrorCode::kClosed, kClosedMessage);
}

void RemoteBackend::saw(const Versionstamp& versionstamp) {
  std::lock_guard<std::mutex> lock(mu_);
  if (latest_seen_ < versionstamp) latest_seen_ = versionstamp;
}

core::ReadResult RemoteBackend::snapshot_read(const std::vector<core::ReadRange>& ranges, int64_t) {
  return read(ranges, KvConnectClient::Route::kStrong);
}

core::ReadResult RemoteBackend::eventual_read(const std::vector<core::ReadRange>& ranges, int64_t) {
  return read(ranges, KvConnectClient::Route::kEventual);
}

bool RemoteBackend::has_eventual_reads() const { return has_eventual_endpoint_; }

core::ReadResult RemoteBackend::read(const std::vector<core::ReadRange>& ranges,
                                     KvConnectClient::Route route) {
  check_open();
  std::string body;
  protocol::to_proto(ranges).SerializeToString(&body);
  auto reply = parse_reply<pb::SnapshotReadOutput>(client_.call("snapshot_read", body, route),
                                                   "snapshot_read");
  // Protocol v3 reports through `status`, v1/v2 through `read_disabled`.
  if (reply.read_disabled() || reply.status() == pb::SR_READ_DISABLED) {
    throw Error(ErrorCode::kUnavailable, "Reads are disabled for this database");
  }
  if (client_.metadata().version >= 3 && reply.status() != pb::SR_SUCCESS) {
    throw Error(ErrorCode::kUnavailable,
                "Unspecified read error (code=" + std::to_string(reply.status()) + ")");
  }
  // An eventual endpoint may answer from a lagging copy; a strong read
  // must not accept such an answer (Deno's client fails it the same way).
  if (route == KvConnectClient::Route::kStrong && !reply.read_is_strongly_consistent()) {
    throw Error(ErrorCode::kUnavailable,
                "Strong consistency reads are not available for this database");
  }
  core::ReadResult result;
  result.ranges = protocol::to_raw(reply);
  if (result.ranges.size() != ranges.size()) {
    throw Error(ErrorCode::kCorruption, "KV Connect snapshot_read returned " +
                                            std::to_string(result.ranges.size()) + " ranges for " +
                                            std::to_string(ranges.size()));
  }
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& range : result.ranges) {
    for (const auto& entry : range) {
      if (latest_seen_ < entry.versionstamp) latest_seen_ = entry.versionstamp;
    }
  }
  return result;
}

void RemoteBackend::atomic_write(core::AtomicWrite write, int64_t, CommitCallback done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) throw Error(ErrorCode::kClosed, kClosedMessage);
    queue_.push_back({std::move(write), std::move(done)});
  }
  cv_.notify_one();
}

core::CommitResult RemoteBackend::send_atomic_write(const core::AtomicWrite& write) {
  std::string body;
  protocol::to_proto(write).SerializeToString(&body);
  auto reply =
      parse_reply<pb::AtomicWriteOutput>(client_.call("atomic_write", body), "atomic_write");
  switch (reply.status()) {
    case pb::AW_SUCCESS:
    case pb::AW_CHECK_FAILURE:
      break;
    case pb::AW_WRITE_DISABLED:
      throw Error(ErrorCode::kReadOnly, "Writes are disabled for this database");
    default:
      throw Error(ErrorCode::kUnavailable, "Unspecified write error");
  }
  core::CommitResult result = protocol::to_raw(reply);
  if (result.ok) saw(result.versionstamp);
  return result;
}

void RemoteBackend::writer_loop() {
  for (;;) {
    PendingWrite pending;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
      if (queue_.empty()) return;  // stopping and drained
      pending = std::move(queue_.front());
      queue_.pop_front();
    }
    core::CommitResult result;
    std::exception_ptr error;
    try {
      result = send_atomic_write(pending.write);
    } catch (...) {
      error = std::current_exception();
    }
    pending.done(std::move(result), error);
  }
}

SweepResult RemoteBackend::sweep_expired(int64_t) {
  check_open();
  return {};  // the server sweeps on its own clock
}

std::optional<int64_t> RemoteBackend::next_expiration() {
  check_open();
  return std::nullopt;
}

Versionstamp RemoteBackend::current_version() {
  check_open();
  std::lock_guard<std::mutex> lock(mu_);
  return latest_seen_;
}

std::unique_ptr<WatchSubscription> RemoteBackend::watch(
    const std::vector<core::Bytes>& keys, std::function<void(const WatchState&)> on_change,
    std::function<void(std::exception_ptr)> on_end) {
  check_open();
  if (client_.metadata().version < 3) return nullptr;
  std::lock_guard<std::mutex> lock(mu_);
  // Under the lock, so that close() either sees this watch and ends it or
  // has already refused it: a watch thread must not outlive the client.
  if (stopping_) throw Error(ErrorCode::kClosed, kClosedMessage);
  auto watch = std::make_shared<RemoteWatch>(client_, keys, std::move(on_change), std::move(on_end),
                                             watch_options_);
  std::erase_if(watches_, [](const auto& w) { return w.expired(); });
  watches_.push_back(watch);
  return std::make_unique<Subscription>(std::move(watch));
}

std::vector<DequeuedMessage> RemoteBackend::dequeue_ready(int64_t now_ms, int64_t deadline_ms,
                                                          size_t max_messages) {
  check_open();
  return queue_client_.dequeue_ready(now_ms, deadline_ms, max_messages);
}

QueueSettlement RemoteBackend::finish_message(const RunningLease& lease, DeliveryOutcome outcome,
                                              int64_t) {
  check_open();
  return queue_client_.finish_message(lease, outcome);
}

void RemoteBackend::extend_deadlines(const std::vector<RunningLease>& leases, int64_t deadline_ms) {
  check_open();
  queue_client_.extend_deadlines(leases, deadline_ms);
}

QueueSettlement RemoteBackend::requeue_overdue(int64_t) {
  check_open();
  return {};  // the server recovers (see the class comment)
}

std::optional<int64_t> RemoteBackend::next_queue_ts() {
  check_open();
  return queue_client_.next_queue_ts();
}

void RemoteBackend::close() {
  if (closed_.exchange(true)) return;
  // Queued writes still go out, but a server that is gone must not hold
  // close() for the whole retry budget of each of them.
  client_.stop_retrying();
  std::vector<std::weak_ptr<RemoteWatch>> watches;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    watches.swap(watches_);
  }
  cv_.notify_all();
  for (auto& writer : writers_) writer.join();
  for (auto& weak : watches) {
    if (auto watch = weak.lock()) watch->end();
  }
  client_.http().clear();
}

}  // namespace openkv::storage::remote
