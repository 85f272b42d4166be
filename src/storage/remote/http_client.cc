// Copyright (c) OpenKV authors.
#include "storage/remote/http_client.h"

#include "storage/remote/transport_error.h"

namespace openkv::storage::remote {

std::unique_ptr<HttpConnection> HttpClient::connect(const Url& url) {
  const std::string origin = url.authority();
  bool http1 = uses_http1(url);
  if (!http1) {
    try {
      return connect_http2(url, options_.connection);
    } catch (const NotHttp2&) {
      std::lock_guard<std::mutex> lock(mu_);
      http1_[origin] = true;
    }
  }
  return connect_http1(url, options_.connection);
}

bool HttpClient::uses_http1(const Url& url) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = http1_.find(url.authority());
  return it != http1_.end() && it->second;
}

HttpResponse HttpClient::post(const Url& url, HttpRequest request) {
  const std::string origin = url.authority();
  request.path = url.path;
  std::unique_ptr<HttpConnection> connection = take_idle(origin);
  if (connection) {
    // A kept-alive connection may have been closed by the server while idle
    // (restart, idle timeout); that is not a failure of this request, so
    // it gets one more try on a fresh connection.
    try {
      HttpResponse response = connection->post(request, nullptr);
      if (connection->reusable()) give_back(origin, std::move(connection));
      return response;
    } catch (const NetworkError&) {
    }
  }
  connection = connect(url);
  HttpResponse response = connection->post(request, nullptr);
  if (connection->reusable()) give_back(origin, std::move(connection));
  return response;
}

void HttpClient::clear() {
  std::lock_guard<std::mutex> lock(mu_);
  idle_.clear();
}

std::unique_ptr<HttpConnection> HttpClient::take_idle(const std::string& origin) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& pool = idle_[origin];
  if (pool.empty()) return nullptr;
  auto connection = std::move(pool.back());
  pool.pop_back();
  return connection;
}

void HttpClient::give_back(const std::string& origin, std::unique_ptr<HttpConnection> connection) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& pool = idle_[origin];
  if (pool.size() < options_.max_idle_per_origin) pool.push_back(std::move(connection));
}

}  // namespace openkv::storage::remote
