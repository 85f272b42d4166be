// Copyright (c) OpenKV authors.
//
// Where a command writes its data: standard output, or a file given with
// --output. Bytes go out as they are produced (an export of any size streams),
// and a write error such as a full disk is an error, not a short file.
#ifndef OPENKV_CLI_OUTPUT_FILE_H_
#define OPENKV_CLI_OUTPUT_FILE_H_

#include <cstdio>
#include <string>
#include <string_view>

namespace openkv::cli {

class OutputFile {
 public:
  // "" means standard output; otherwise the file is created or truncated.
  // Throws Error(kIoError) naming the path.
  explicit OutputFile(const std::string& path);
  ~OutputFile();
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  void write(std::string_view bytes);
  // Flushes; throws Error(kIoError) if any write failed.
  void close();

 private:
  std::string name_;
  std::FILE* file_;
  bool owned_;
};

}  // namespace openkv::cli

#endif  // OPENKV_CLI_OUTPUT_FILE_H_
