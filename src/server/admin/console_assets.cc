// Copyright (c) OpenKV authors.

#include "server/admin/console_assets.h"

#include <string>

namespace openkv::server::admin {
namespace {

constexpr std::string_view kConsole = "/console";

std::string_view content_type(std::string_view name) {
  auto ends = [&](std::string_view ext) { return name.ends_with(ext); };
  if (ends(".html")) return "text/html; charset=utf-8";
  if (ends(".js")) return "text/javascript; charset=utf-8";
  if (ends(".css")) return "text/css; charset=utf-8";
  if (ends(".svg")) return "image/svg+xml";
  return "application/octet-stream";
}

}  // namespace

bool is_console_path(std::string_view path) {
  return path == kConsole || (path.starts_with(kConsole) && path[kConsole.size()] == '/');
}

transport::Response console_response(const transport::Request& request) {
  if (request.method != "GET" && request.method != "HEAD") {
    return {405, "text/plain; charset=utf-8", "Method not allowed."};
  }
  std::string_view name = std::string_view(request.path).substr(kConsole.size());
  if (!name.empty()) name.remove_prefix(1);  // the '/'
  if (name.empty()) name = "index.html";
  for (size_t i = 0; i < kConsoleFileCount; ++i) {
    const EmbeddedFile& file = kConsoleFiles[i];
    if (name == file.name) {
      return {200, std::string(content_type(name)),
              std::string(reinterpret_cast<const char*>(file.data), file.size)};
    }
  }
  return {404, "text/plain; charset=utf-8", "Resource not found."};
}

}  // namespace openkv::server::admin
