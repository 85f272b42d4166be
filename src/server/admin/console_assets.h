// Copyright (c) OpenKV authors.
//
// The web console's static files (console/ in the source tree), compiled
// into the binary at build time (cmake/EmbedFiles.cmake writes the byte
// arrays), so `openkv serve` needs no files beside it and the page loads
// nothing from elsewhere. /console and /console/ are index.html;
// /console/<file> is that file.
//
// Thread-safety: immutable data and pure functions.
#ifndef OPENKV_SERVER_ADMIN_CONSOLE_ASSETS_H_
#define OPENKV_SERVER_ADMIN_CONSOLE_ASSETS_H_

#include <cstddef>
#include <string_view>

#include "server/transport/http.h"

namespace openkv::server::admin {

// One embedded file, as the generated table lists it.
struct EmbeddedFile {
  const char* name;  // relative to console/, e.g. "index.html"
  const unsigned char* data;
  size_t size;
};
// Defined in the generated console_files.cc.
extern const EmbeddedFile kConsoleFiles[];
extern const size_t kConsoleFileCount;

// Whether `path` is /console or below it.
bool is_console_path(std::string_view path);

// The file `request` asks for (GET or HEAD), 404 for an unknown one, 405
// for another method. REQUIRES: is_console_path(request.path).
transport::Response console_response(const transport::Request& request);

}  // namespace openkv::server::admin

#endif  // OPENKV_SERVER_ADMIN_CONSOLE_ASSETS_H_
