// Copyright (c) OpenKV authors.
//
// Stands in for libFuzzer in builds without it (GCC, or OPENKV_FUZZ off):
// runs a fuzz target's LLVMFuzzerTestOneInput once on every file named on
// the command line or found under a named directory, so ctest checks each
// target's properties on its corpus in every build. Exit 0 when all ran;
// a broken property aborts, as under libFuzzer.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "fuzz_check.h"

namespace {

bool run_file(const std::filesystem::path& file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", file.c_str());
    return false;
  }
  std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  namespace fs = std::filesystem;
  size_t ran = 0;
  for (int i = 1; i < argc; ++i) {
    fs::path arg(argv[i]);
    if (!fs::is_directory(arg)) {
      if (!run_file(arg)) return 1;
      ++ran;
      continue;
    }
    for (const auto& entry : fs::recursive_directory_iterator(arg)) {
      if (!entry.is_regular_file()) continue;
      if (!run_file(entry.path())) return 1;
      ++ran;
    }
  }
  if (ran == 0) {
    std::fprintf(stderr, "no inputs\n");
    return 1;
  }
  std::printf("%zu inputs ran\n", ran);
  return 0;
}
