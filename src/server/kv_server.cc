// Copyright (c) OpenKV authors.

#include "server/kv_server.h"

#include <spdlog/spdlog.h>

#include "server/admin/admin_api.h"
#include "server/data_dir/directory.h"
#include "server/router.h"

namespace openkv::server {
namespace {

// One engine at `/`, with the token and database id of the options.
class RootDatabase : public Databases {
 public:
  RootDatabase(kv_connect::Service::Options options, engine::Engine& engine)
      : options_(std::move(options)), engine_(engine) {}

  void attach(boost::asio::any_io_executor executor) override {
    service_ = std::make_shared<kv_connect::Service>(options_, engine_, std::move(executor));
  }
  bool at_root() const override { return true; }
  std::shared_ptr<kv_connect::Service> find(std::string_view) override { return service_; }
  std::vector<Served> served() override { return {{"", service_, std::nullopt}}; }
  bool ready() override { return true; }
  bool drain(std::chrono::milliseconds timeout) override { return service_->drain(timeout); }
  void close() override { service_.reset(); }

 private:
  kv_connect::Service::Options options_;
  engine::Engine& engine_;
  std::shared_ptr<kv_connect::Service> service_;
};

}  // namespace

KvConnectServer::KvConnectServer(Options options, engine::Engine& engine)
    : options_(std::move(options)),
      root_(std::make_unique<RootDatabase>(options_.service, engine)),
      databases_(*root_) {
  wire();
}

KvConnectServer::KvConnectServer(Options options, data_dir::Directory& directory)
    : options_(std::move(options)),
      databases_(directory),
      admin_(std::make_unique<admin::AdminApi>(directory)) {
  wire();
}

void KvConnectServer::wire() {
  // The router's handler is only called once start() runs the pool, by
  // which time everything here exists.
  router_ = std::make_unique<Router>(databases_, admin_.get(),
                                     [this] { return http_->open_connections(); });
  http_ = std::make_unique<transport::HttpServer>(
      options_.http,
      [this](transport::Request request, std::shared_ptr<transport::Exchange> exchange) {
        router_->handle(std::move(request), std::move(exchange));
      });
  databases_.attach(http_->io_context().get_executor());
}

KvConnectServer::~KvConnectServer() { shutdown(); }

void KvConnectServer::start() { http_->start(); }

void KvConnectServer::shutdown() {
  if (!http_) return;
  http_->stop_accepting();
  router_->set_draining();
  if (!databases_.drain(options_.drain_timeout)) {
    spdlog::warn("shutdown: commits still in flight after {} ms", options_.drain_timeout.count());
  }
  http_->shutdown();
  databases_.close();
  http_.reset();
}

}  // namespace openkv::server
