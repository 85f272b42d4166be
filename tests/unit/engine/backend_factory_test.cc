// Copyright (c) OpenKV authors.
//
// test_engine links the engine without the remote and PostgreSQL libraries,
// as an embedder using only local files does: server URLs must then fail
// clearly, naming what to link and call, while files still open.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "openkv/openkv.h"

namespace openkv {
namespace {

std::string unsupported_text(const std::string& path) {
  try {
    Database::open(path);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kUnsupported) << path;
    return e.what();
  }
  ADD_FAILURE() << "expected an error opening " << path;
  return "";
}

TEST(BackendFactory, ServerUrlsWithoutTheirBackendNameWhatToLink) {
  for (const char* url : {"http://127.0.0.1:1", "https://kv.example.com/db"}) {
    EXPECT_THAT(unsupported_text(url),
                testing::HasSubstr("link OpenKV::remote and call openkv::register_remote_backend()"));
  }
  for (const char* url : {"postgresql://kv@127.0.0.1:1/kv", "postgres://127.0.0.1:1/kv"}) {
    EXPECT_THAT(unsupported_text(url),
                testing::HasSubstr("OpenKV::postgres and call openkv::register_postgres_backend()"));
  }
  auto db = Database::open(":memory:");
  db->set({"k"}, Value(1));
  EXPECT_EQ(db->get({"k"}).value->as_number(), 1);
}

}  // namespace
}  // namespace openkv
