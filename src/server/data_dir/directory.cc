// Copyright (c) OpenKV authors.

#include "server/data_dir/directory.h"

#include <spdlog/spdlog.h>

#include <set>

#include "engine/database_access.h"
#include "openkv/errors.h"

namespace openkv::server::data_dir {

// One served database. Services are handed out through the aliasing
// constructor of shared_ptr, so a request in progress keeps the whole
// database (service and engine) alive even if it is dropped meanwhile.
struct Directory::Open {
  DatabaseRecord record;
  std::unique_ptr<Database> db;
  std::shared_ptr<TokenTable> tokens;
  std::unique_ptr<kv_connect::Service> service;

  ~Open() {
    service.reset();  // before the engine it runs on
    if (db) db->close();
  }
};

Directory::Directory(Options options) : options_(std::move(options)), catalog_(options_.dir) {
  if (!std::filesystem::is_directory(options_.dir)) {
    throw Error(ErrorCode::kInvalidArgument,
                options_.dir.string() + " is not a directory (make a database in it with "
                                        "`openkv db create --data-dir DIR NAME`)");
  }
}

Directory::~Directory() { close(); }

void Directory::attach(boost::asio::any_io_executor executor) {
  executor_ = std::move(executor);
  reload();
  poller_ = std::thread([this] { poll(); });
}

std::shared_ptr<Directory::Open> Directory::open_database(const DatabaseRecord& record) {
  auto open = std::make_shared<Open>();
  open->record = record;
  const auto path = catalog_.path_of(record);
  // A missing file is a fault to report, not an empty database to serve.
  if (!std::filesystem::exists(path)) {
    throw Error(ErrorCode::kIoError, path.string() + " is missing");
  }
  open->db = Database::open(path.string());
  auto& engine = engine::engine_of(*open->db);
  // Remote consumers (the queue extension) may vanish; their messages must
  // still be retried or dead-lettered though no listener runs here.
  engine.start_queue_recovery();
  open->tokens = std::make_shared<TokenTable>();
  kv_connect::Service::Options service;
  service.authenticator = open->tokens;
  service.database_id = record.id;
  service.endpoint = "/" + record.name + "/v2";
  service.watch = options_.watch;
  open->service = std::make_unique<kv_connect::Service>(service, engine, *executor_);
  return open;
}

void Directory::reload() {
  std::lock_guard<std::mutex> reload_lock(reload_mu_);
  const std::string stamp = catalog_.stamp();
  CatalogState state;
  try {
    state = catalog_.read();
  } catch (const std::exception& e) {
    // Keep serving what was loaded; the next change of the file retries.
    spdlog::error("data directory {}: {}", options_.dir.string(), e.what());
    stamp_ = stamp;
    return;
  }
  stamp_ = stamp;

  std::set<std::string, std::less<>> wanted;
  std::vector<std::shared_ptr<Open>> dropped;
  for (const auto& record : state.databases) wanted.insert(record.name);
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto it = open_.begin(); it != open_.end();) {
      const DatabaseRecord* now = state.find_database(it->first);
      if (now == nullptr || now->id != it->second->record.id) {
        dropped.push_back(std::move(it->second));
        it = open_.erase(it);
      } else {
        ++it;
      }
    }
    std::erase_if(failed_, [&](const auto& f) { return !wanted.contains(f.first); });
  }
  for (auto& gone : dropped) {
    spdlog::info("database {} is no longer served", gone->record.name);
    gone->service->drain(options_.drain_timeout);
  }
  dropped.clear();  // closes each unless a request still holds it

  for (const auto& record : state.databases) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (open_.contains(record.name)) continue;
    }
    try {
      auto open = open_database(record);
      std::lock_guard<std::mutex> lock(mu_);
      failed_.erase(record.name);
      open_.emplace(record.name, std::move(open));
      spdlog::info("serving database {} ({})", record.name, record.id);
    } catch (const std::exception& e) {
      spdlog::error("database {} cannot be opened: {}", record.name, e.what());
      std::lock_guard<std::mutex> lock(mu_);
      failed_[record.name] = e.what();
    }
  }

  admin_tokens_.replace(TokenTable::grants_for(state, ""));
  std::lock_guard<std::mutex> lock(mu_);
  for (auto& [name, open] : open_) open->tokens->replace(TokenTable::grants_for(state, name));
}

void Directory::poll() {
  std::unique_lock<std::mutex> lock(mu_);
  while (!stopping_) {
    stop_cv_.wait_for(lock, options_.poll_interval);
    if (stopping_) break;
    lock.unlock();
    bool changed;
    {
      std::lock_guard<std::mutex> reload_lock(reload_mu_);
      changed = catalog_.stamp() != stamp_;
    }
    if (changed) reload();
    lock.lock();
  }
}

std::shared_ptr<Directory::Open> Directory::find_open(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = open_.find(name);
  return it == open_.end() ? nullptr : it->second;
}

std::shared_ptr<kv_connect::Service> Directory::find(std::string_view name) {
  auto open = find_open(name);
  if (!open) return nullptr;
  return std::shared_ptr<kv_connect::Service>(open, open->service.get());
}

std::shared_ptr<Database> Directory::database(std::string_view name) {
  auto open = find_open(name);
  if (!open) return nullptr;
  return std::shared_ptr<Database>(open, open->db.get());
}

std::vector<std::shared_ptr<Directory::Open>> Directory::opened() {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<std::shared_ptr<Open>> out;
  for (auto& [name, open] : open_) out.push_back(open);
  return out;
}

std::vector<Databases::Served> Directory::served() {
  std::vector<Served> out;
  for (auto& open : opened()) {
    out.push_back({open->record.name,
                   std::shared_ptr<kv_connect::Service>(open, open->service.get()),
                   catalog_.size_of(open->record)});
  }
  return out;
}

bool Directory::ready() {
  std::lock_guard<std::mutex> lock(mu_);
  return failed_.empty() && !stopping_;
}

bool Directory::drain(std::chrono::milliseconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  bool all = true;
  for (auto& open : opened()) {
    auto left = std::chrono::duration_cast<std::chrono::milliseconds>(
        deadline - std::chrono::steady_clock::now());
    all = open->service->drain(std::max(left, std::chrono::milliseconds(0))) && all;
  }
  return all;
}

void Directory::close() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  stop_cv_.notify_all();
  if (poller_.joinable()) poller_.join();
  std::map<std::string, std::shared_ptr<Open>, std::less<>> closing;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing.swap(open_);
  }
  closing.clear();
}

}  // namespace openkv::server::data_dir
