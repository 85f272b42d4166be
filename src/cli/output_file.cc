// Copyright (c) OpenKV authors.
#include "cli/output_file.h"

#include <cerrno>
#include <cstring>

#include "openkv/errors.h"

namespace openkv::cli {
namespace {

[[noreturn]] void fail(const std::string& name) {
  throw Error(ErrorCode::kIoError, "Cannot write " + name + ": " + std::strerror(errno));
}

}  // namespace

OutputFile::OutputFile(const std::string& path)
    : name_(path.empty() ? "standard output" : path),
      file_(path.empty() ? stdout : std::fopen(path.c_str(), "wb")),
      owned_(!path.empty()) {
  if (!file_) fail(name_);
}

OutputFile::~OutputFile() {
  if (owned_ && file_) std::fclose(file_);
}

void OutputFile::write(std::string_view bytes) {
  if (std::fwrite(bytes.data(), 1, bytes.size(), file_) != bytes.size()) fail(name_);
}

void OutputFile::close() {
  bool failed = std::fflush(file_) != 0 || std::ferror(file_);
  if (owned_) {
    failed = std::fclose(file_) != 0 || failed;
    file_ = nullptr;
  }
  if (failed) fail(name_);
}

}  // namespace openkv::cli
