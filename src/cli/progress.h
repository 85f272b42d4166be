// Copyright (c) OpenKV authors.
//
// A one-line progress indicator on standard error for long commands (export,
// import). It draws only when standard error is a terminal, so logs and
// scripts never see it, and at most ten times a second, so it costs nothing
// per entry.
#ifndef OPENKV_CLI_PROGRESS_H_
#define OPENKV_CLI_PROGRESS_H_

#include <chrono>
#include <string>

namespace openkv::cli {

class Progress {
 public:
  Progress();
  ~Progress();  // erases the line
  Progress(const Progress&) = delete;
  Progress& operator=(const Progress&) = delete;

  // `text` is only built when it will be drawn.
  template <typename MakeText>
  void update(MakeText make_text) {
    if (!enabled_) return;
    auto now = std::chrono::steady_clock::now();
    if (now < next_draw_) return;
    next_draw_ = now + std::chrono::milliseconds(100);
    draw(make_text());
  }

  // Erases the line, so that a message printed next starts clean.
  void clear();

 private:
  void draw(const std::string& text);

  bool enabled_;
  bool drawn_ = false;
  std::chrono::steady_clock::time_point next_draw_{};
};

}  // namespace openkv::cli

#endif  // OPENKV_CLI_PROGRESS_H_
