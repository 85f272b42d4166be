// Copyright (c) OpenKV authors.

#include "server/kv_server.h"

#include <spdlog/spdlog.h>

namespace openkv::server {

KvConnectServer::KvConnectServer(Options options, engine::Engine& engine)
    : options_(std::move(options)) {
  // The handler is only called once start() runs the pool, by which time
  // service_ exists.
  http_ = std::make_unique<transport::HttpServer>(
      options_.http,
      [this](transport::Request request, std::shared_ptr<transport::Exchange> exchange) {
        service_->handle(std::move(request), std::move(exchange));
      });
  service_ = std::make_unique<kv_connect::Service>(options_.service, engine,
                                                   http_->io_context().get_executor());
}

KvConnectServer::~KvConnectServer() { shutdown(); }

void KvConnectServer::start() { http_->start(); }

void KvConnectServer::shutdown() {
  if (!http_) return;
  http_->stop_accepting();
  if (!service_->drain(options_.drain_timeout)) {
    spdlog::warn("shutdown: commits still in flight after {} ms", options_.drain_timeout.count());
  }
  http_->shutdown();
  http_.reset();
  service_.reset();
}

}  // namespace openkv::server
