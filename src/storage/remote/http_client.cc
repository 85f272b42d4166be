// Copyright (c) OpenKV authors.
#include "storage/remote/http_client.h"

#include "storage/remote/socket.h"
#include "storage/remote/transport_error.h"

namespace openkv::storage::remote {

std::unique_ptr<HttpConnection> HttpClient::connect(const Url& url) {
  const std::string origin = url.authority();
  const ConnectionOptions& o = options_.connection;
  auto tcp = [&] {
    auto socket = std::make_unique<Socket>(url.host, url.port, o.connect_timeout);
    socket->set_idle_timeout(o.idle_timeout);
    return socket;
  };
  if (url.scheme == "https") {
    auto tls = std::make_unique<TlsStream>(tcp(), *tls_context(), url.host);
    const bool http2 = tls->alpn_protocol() == "h2";
    {
      std::lock_guard<std::mutex> lock(mu_);
      http1_[origin] = !http2;
    }
    return http2 ? connect_http2(std::move(tls), url) : connect_http1(std::move(tls), url);
  }
  if (!uses_http1(url)) {
    try {
      return connect_http2(tcp(), url);
    } catch (const NotHttp2&) {
      std::lock_guard<std::mutex> lock(mu_);
      http1_[origin] = true;
    }
  }
  return connect_http1(tcp(), url);
}

std::shared_ptr<const TlsContext> HttpClient::tls_context() {
  std::lock_guard<std::mutex> lock(mu_);
  if (!tls_) tls_ = std::make_shared<const TlsContext>(options_.connection.tls_ca_file);
  return tls_;
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
