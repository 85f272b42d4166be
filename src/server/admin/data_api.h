// Copyright (c) OpenKV authors.
//
// The data half of the admin API (docs/OPERATIONS.md, "Console and data
// API"): the entries of one served database in the JSON notation of
// @deno/kv-utils (codec/json_notation.h) — list with selectors and cursors,
// get, set (optionally checked against a versionstamp, with expireIn),
// delete many in one atomic commit, child counts per prefix for a tree view,
// a live watch (server-sent events), NDJSON export and import in the format
// of `openkv export`/`import`. The console (/console) is built on it.
//
// It goes through the typed openkv::Database of each served database, so
// writes get the same validation and error texts as the library; only the
// scans (children, export) and the watch use the raw engine beneath it, to
// read one snapshot or to be told about changes without a thread per watch.
//
// Authentication is the caller's (AdminApi checks the admin token first).
// Requests run on the API's own two threads, not the transport's, so a long
// import or export never stalls KV Connect traffic.
//
// Thread-safety: handle() may be called concurrently from any thread.
#ifndef OPENKV_SERVER_ADMIN_DATA_API_H_
#define OPENKV_SERVER_ADMIN_DATA_API_H_

#include <memory>
#include <mutex>
#include <set>
#include <string>

#include <boost/asio/thread_pool.hpp>

#include "server/data_dir/directory.h"
#include "server/transport/http.h"
#include "server/watch_stream.h"

namespace openkv::server::admin {

class DataApi {
 public:
  // `directory` must outlive the API.
  explicit DataApi(data_dir::Directory& directory);
  // Ends every watch stream and waits for requests in progress.
  ~DataApi();
  DataApi(const DataApi&) = delete;
  DataApi& operator=(const DataApi&) = delete;

  // Whether `rest` (the path after /admin/v1/databases/<name>) names a data
  // API resource: /entries, /entry, /delete, /children, /watch, /export,
  // /import.
  static bool is_data_path(std::string_view rest);

  // Answers a request for database `name` and data path `rest` (see
  // is_data_path) on `exchange`, later and on another thread.
  void handle(std::string name, std::string rest, transport::Request request,
              std::shared_ptr<transport::Exchange> exchange);

 private:
  void run(const std::string& name, const std::string& rest, const transport::Request& request,
           const std::shared_ptr<transport::Exchange>& exchange);

  data_dir::Directory& directory_;
  std::mutex mu_;
  std::set<std::shared_ptr<WatchStream>> streams_;  // guarded by mu_; open watches
  bool closing_ = false;                             // guarded by mu_
  boost::asio::thread_pool pool_{2};                 // last: joined before the rest goes
};

}  // namespace openkv::server::admin

#endif  // OPENKV_SERVER_ADMIN_DATA_API_H_
