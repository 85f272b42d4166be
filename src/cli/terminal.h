// Copyright (c) OpenKV authors.
//
// What the CLI needs to know about its output streams: whether a person is
// watching (tables, colours and progress are for terminals only; pipes and
// files get plain text that scripts can rely on) and how wide the screen is.
#ifndef OPENKV_CLI_TERMINAL_H_
#define OPENKV_CLI_TERMINAL_H_

namespace openkv::cli {

bool is_terminal(int fd);

// A terminal that accepts ANSI colours: not TERM=dumb, and no NO_COLOR
// (https://no-color.org).
bool colours_enabled(int fd);

// Columns of the terminal on `fd`; 0 when unknown.
int terminal_columns(int fd);

}  // namespace openkv::cli

#endif  // OPENKV_CLI_TERMINAL_H_
