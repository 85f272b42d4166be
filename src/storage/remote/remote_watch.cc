// Copyright (c) OpenKV authors.
#include "storage/remote/remote_watch.h"

#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>

#include "protocol/convert.h"
#include "storage/remote/transport_error.h"

namespace openkv::storage::remote {
namespace {

// Deno's cap; a longer frame means the stream is not what we think it is.
constexpr uint32_t kMaxFrameBytes = 16u << 20;

// Whether two states differ in what a watcher can see: presence or
// versionstamp of some key.
bool differs(const WatchState& a, const WatchState& b) {
  if (a.size() != b.size()) return true;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].has_value() != b[i].has_value()) return true;
    if (a[i] && a[i]->versionstamp != b[i]->versionstamp) return true;
  }
  return false;
}

}  // namespace

// Shared with the reader thread so that a watch cancelled from inside its
// own callback can let the thread finish on its own.
struct RemoteWatch::State {
  KvConnectClient& client;
  std::vector<core::Bytes> keys;
  std::function<void(const WatchState&)> on_change;
  std::function<void(std::exception_ptr)> on_end;
  Options options;

  std::mutex mu;
  std::condition_variable cv;
  bool stopped = false;                        // guarded by mu
  bool ended = false;                          // on_end ran or must not run; guarded by mu
  std::shared_ptr<HttpConnection> connection;  // guarded by mu
  bool started = false;  // reader_id is set; guarded by mu
  std::thread thread;
  std::thread::id reader_id;  // set before the reader can run a callback
  std::mutex join_mu;         // one stop() joins, concurrent ones wait

  State(KvConnectClient& c, std::vector<core::Bytes> k,
        std::function<void(const WatchState&)> change, std::function<void(std::exception_ptr)> end,
        Options o)
      : client(c),
        keys(std::move(k)),
        on_change(std::move(change)),
        on_end(std::move(end)),
        options(o) {}

  bool is_stopped() {
    std::lock_guard<std::mutex> lock(mu);
    return stopped;
  }

  // Returns false when stopped meanwhile.
  bool sleep(std::chrono::milliseconds delay) {
    std::unique_lock<std::mutex> lock(mu);
    return !cv.wait_for(lock, delay, [this] { return stopped; });
  }

  void run() {
    std::string body;
    protocol::to_proto(keys).SerializeToString(&body);
    WatchState last;
    bool delivered = false;
    int attempt = 0;
    std::exception_ptr fatal;
    while (!is_stopped()) {
      try {
        auto [url, request] = client.prepare("watch", body);
        std::shared_ptr<HttpConnection> conn = client.http().connect(url);
        {
          std::lock_guard<std::mutex> lock(mu);
          if (stopped) break;
          connection = conn;
        }
        std::string buffer;
        BodySink sink = [&](std::string_view piece) {
          buffer.append(piece);
          while (buffer.size() >= 4) {
            uint32_t length = 0;
            for (int i = 3; i >= 0; --i) length = (length << 8) | static_cast<uint8_t>(buffer[i]);
            if (length > kMaxFrameBytes) throw NetworkError("watch frame too large");
            if (buffer.size() < 4 + length) break;
            std::string frame = buffer.substr(4, length);
            buffer.erase(0, 4 + length);
            if (length == 0) continue;  // keep-alive
            protocol::pb::WatchOutput output;
            if (!output.ParseFromString(frame)) throw NetworkError("undecodable watch frame");
            if (output.status() != protocol::pb::SR_SUCCESS) {
              throw Error(ErrorCode::kUnavailable, "Reads are disabled for this database");
            }
            WatchState state = protocol::to_raw(output, delivered ? last : WatchState{});
            attempt = 0;  // the stream works; a later drop starts backing off afresh
            if (!delivered || differs(state, last)) {
              last = std::move(state);
              delivered = true;
              on_change(last);
            }
          }
          return !is_stopped();
        };
        HttpResponse response = conn->post(request, &sink);
        if (response.status != 200 && response.status < 500) {
          throw KvConnectClient::status_error(response.status, response.body);
        }
      } catch (const NetworkError&) {
        // Dropped, refused or timed out: reconnect below.
      } catch (...) {
        fatal = std::current_exception();
        break;
      }
      {
        std::lock_guard<std::mutex> lock(mu);
        connection.reset();
      }
      if (!sleep(backoff_delay({options.initial_backoff, options.max_backoff, {}}, attempt++))) {
        break;
      }
    }
    std::function<void(std::exception_ptr)> end;
    {
      std::lock_guard<std::mutex> lock(mu);
      connection.reset();
      if (fatal && !ended) {
        ended = true;
        end = on_end;
      }
    }
    if (end) end(fatal);
  }

  // Stops the reader and waits for it (unless called on it).
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mu);
      stopped = true;
      if (connection) connection->cancel();
    }
    cv.notify_all();
    if (std::this_thread::get_id() == reader_id) {
      // Called from a callback: the reader exits on its own once the
      // callback returns (it holds a reference to this State). If nobody
      // else is joining it, nobody will, so let it go.
      std::unique_lock<std::mutex> lock(join_mu, std::try_to_lock);
      if (lock.owns_lock() && thread.joinable()) thread.detach();
      return;
    }
    std::lock_guard<std::mutex> lock(join_mu);
    if (thread.joinable()) thread.join();
  }
};

RemoteWatch::RemoteWatch(KvConnectClient& client, std::vector<core::Bytes> keys,
                         std::function<void(const WatchState&)> on_change,
                         std::function<void(std::exception_ptr)> on_end, Options options)
    : state_(std::make_shared<State>(client, std::move(keys), std::move(on_change),
                                     std::move(on_end), options)) {
  // The reader waits on `started` (under mu, not join_mu): a stop() that
  // runs before the new thread was first scheduled holds join_mu while it
  // joins, so a reader blocked on join_mu would never start and never end.
  std::lock_guard<std::mutex> join(state_->join_mu);
  state_->thread = std::thread([state = state_] {
    {
      std::unique_lock<std::mutex> lock(state->mu);
      state->cv.wait(lock, [&] { return state->started; });
    }
    state->run();
  });
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->reader_id = state_->thread.get_id();
    state_->started = true;
  }
  state_->cv.notify_all();
}

RemoteWatch::~RemoteWatch() { cancel(); }

void RemoteWatch::cancel() {
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    state_->ended = true;
  }
  state_->stop();
}

void RemoteWatch::end() {
  state_->stop();
  std::function<void(std::exception_ptr)> end;
  {
    std::lock_guard<std::mutex> lock(state_->mu);
    if (!state_->ended) {
      state_->ended = true;
      end = state_->on_end;
    }
  }
  if (end) end(nullptr);
}

}  // namespace openkv::storage::remote
