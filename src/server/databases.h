// Copyright (c) OpenKV authors.
//
// What a KvConnectServer serves: one database at the root (`openkv serve
// --path`, metadata at `/`) or the databases of a data directory, each at
// `/<name>` (data_dir/directory.h). The Router finds a request's database
// here; /metrics and /readyz report on all of them.
//
// Thread-safety: find(), served() and ready() are called concurrently by
// the transport threads.
#ifndef OPENKV_SERVER_DATABASES_H_
#define OPENKV_SERVER_DATABASES_H_

#include <chrono>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <boost/asio/any_io_executor.hpp>

#include "server/kv_connect/service.h"

namespace openkv::server {

class Databases {
 public:
  struct Served {
    std::string name;  // empty for the database at the root
    std::shared_ptr<kv_connect::Service> service;
    std::optional<uint64_t> size_bytes;  // of its files, when it has any
  };

  virtual ~Databases() = default;
  // Called once before the server accepts requests; `executor` runs the
  // services' timers and outlives them.
  virtual void attach(boost::asio::any_io_executor executor) = 0;
  // Whether the one database is served at the root rather than at /<name>.
  virtual bool at_root() const = 0;
  // The service of database `name` (ignored at the root), or nullptr. The
  // pointer keeps the database open while the caller holds it.
  virtual std::shared_ptr<kv_connect::Service> find(std::string_view name) = 0;
  virtual std::vector<Served> served() = 0;
  // Whether every database that should be served is open.
  virtual bool ready() = 0;
  // Drains every service (data-path requests get 503 from now on, watches
  // end) and waits up to `timeout` for commits in flight. Returns whether
  // they all finished.
  virtual bool drain(std::chrono::milliseconds timeout) = 0;
  // After the transport stopped: releases the services (and, for a data
  // directory, closes its databases).
  virtual void close() = 0;
};

}  // namespace openkv::server

#endif  // OPENKV_SERVER_DATABASES_H_
