// Copyright (c) OpenKV authors.
#include "cli/progress.h"

#include <unistd.h>

#include <cstdio>

#include "cli/terminal.h"

namespace openkv::cli {

Progress::Progress() : enabled_(is_terminal(STDERR_FILENO)) {}

Progress::~Progress() { clear(); }

void Progress::draw(const std::string& text) {
  // \r returns to column 0 and \x1b[K erases the rest of the previous text.
  std::fprintf(stderr, "\r%s\x1b[K", text.c_str());
  std::fflush(stderr);
  drawn_ = true;
}

void Progress::clear() {
  if (!drawn_) return;
  std::fputs("\r\x1b[K", stderr);
  std::fflush(stderr);
  drawn_ = false;
}

}  // namespace openkv::cli
