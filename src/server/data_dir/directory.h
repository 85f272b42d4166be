// Copyright (c) OpenKV authors.
//
// The databases of a data directory as one server serves them: each catalog
// database open in its own engine behind its own KV Connect Service (own
// versionstamps, queues, watches and tokens) at `/<name>`. A background
// thread re-reads the catalog whenever its file changes (checked every
// poll_interval), so databases made or dropped and tokens made or revoked by
// `openkv db|token` or the admin API take effect without a restart. A
// database that fails to open is logged and left out (/readyz reports it);
// the others are served regardless.
//
// Thread-safety: as Databases; reload() may be called from any thread.
#ifndef OPENKV_SERVER_DATA_DIR_DIRECTORY_H_
#define OPENKV_SERVER_DATA_DIR_DIRECTORY_H_

#include <chrono>
#include <condition_variable>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>

#include "openkv/database.h"
#include "server/data_dir/catalog.h"
#include "server/data_dir/token_table.h"
#include "server/databases.h"

namespace openkv::server::data_dir {

class Directory : public Databases {
 public:
  struct Options {
    std::filesystem::path dir;
    kv_connect::WatchOptions watch;
    std::chrono::milliseconds poll_interval{200};
    // How long a dropped database waits for its commits in flight.
    std::chrono::milliseconds drain_timeout{10000};
  };

  // Reads nothing yet; attach() opens the databases. Throws Error when `dir`
  // is not a directory.
  explicit Directory(Options options);
  ~Directory() override;  // close()

  void attach(boost::asio::any_io_executor executor) override;
  bool at_root() const override { return false; }
  std::shared_ptr<kv_connect::Service> find(std::string_view name) override;
  std::vector<Served> served() override;
  bool ready() override;
  bool drain(std::chrono::milliseconds timeout) override;
  void close() override;

  // The open database `name` through the typed API (for the admin data
  // API), or nullptr when it is not served. Like find(), the pointer keeps
  // the database open while held, even if it is dropped meanwhile.
  std::shared_ptr<Database> database(std::string_view name);

  Catalog& catalog() { return catalog_; }
  // The admin tokens, for the admin API.
  const TokenTable& admin_tokens() const { return admin_tokens_; }
  // Applies the catalog as it is now (the admin API calls it after a change
  // so the reply describes what is served).
  void reload();

 private:
  struct Open;

  void poll();
  // The databases open now (the lock is not held while they are used).
  std::vector<std::shared_ptr<Open>> opened();
  // The open database `name`, or nullptr (the lock is held only to look).
  std::shared_ptr<Open> find_open(std::string_view name);
  std::shared_ptr<Open> open_database(const DatabaseRecord& record);

  Options options_;
  Catalog catalog_;
  TokenTable admin_tokens_;
  std::optional<boost::asio::any_io_executor> executor_;

  std::mutex reload_mu_;  // one reload at a time
  std::string stamp_;     // guarded by reload_mu_; the catalog version applied

  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Open>, std::less<>> open_;  // guarded by mu_
  std::map<std::string, std::string> failed_;  // name -> error; guarded by mu_
  bool stopping_ = false;                      // guarded by mu_
  std::condition_variable stop_cv_;
  std::thread poller_;
};

}  // namespace openkv::server::data_dir

#endif  // OPENKV_SERVER_DATA_DIR_DIRECTORY_H_
