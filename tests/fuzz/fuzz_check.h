// Copyright (c) OpenKV authors.
//
// What the fuzz targets share: the libFuzzer entry point's signature and the
// check that turns a broken property into a crash libFuzzer records (an
// exception would only be swallowed or, uncaught, lose the explanation).
#ifndef OPENKV_TESTS_FUZZ_FUZZ_CHECK_H_
#define OPENKV_TESTS_FUZZ_FUZZ_CHECK_H_

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>

#define FUZZ_CHECK(condition, what)                                                   \
  do {                                                                                \
    if (!(condition)) {                                                               \
      std::fprintf(stderr, "%s:%d: property failed: %s (%s)\n", __FILE__, __LINE__, \
                   #condition, what);                                                 \
      std::abort();                                                                   \
    }                                                                                 \
  } while (false)

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

#endif  // OPENKV_TESTS_FUZZ_FUZZ_CHECK_H_
