// Copyright (c) OpenKV authors.
#include "cli/terminal.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace openkv::cli {

bool is_terminal(int fd) { return isatty(fd) == 1; }

bool colours_enabled(int fd) {
  const char* term = std::getenv("TERM");
  const char* no_colour = std::getenv("NO_COLOR");
  return is_terminal(fd) && !(term && std::strcmp(term, "dumb") == 0) && !(no_colour && *no_colour);
}

int terminal_columns(int fd) {
  winsize size{};
  if (ioctl(fd, TIOCGWINSZ, &size) == 0 && size.ws_col > 0) return size.ws_col;
  // Some terminals (and `script`) report no size; shells export COLUMNS.
  const char* columns = std::getenv("COLUMNS");
  return columns ? std::atoi(columns) : 0;
}

}  // namespace openkv::cli
