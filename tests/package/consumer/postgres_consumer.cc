// Copyright (c) OpenKV authors.
//
// An embedder of the PostgreSQL backend (tests/package/install_test.sh):
// before register_postgres_backend() a postgresql:// URL is refused as
// unsupported; after it, the backend itself answers — for a server that
// refuses connections (the URL given), with kUnavailable.
#include <openkv/openkv.h>
#include <openkv/postgres.h>

#include <iostream>

namespace {

openkv::ErrorCode open_error(const char* url) {
  try {
    openkv::Database::open(url);
  } catch (const openkv::Error& e) {
    return e.code();
  }
  std::cerr << "opened " << url << "\n";
  return openkv::ErrorCode::kInvalidArgument;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: postgres_consumer URL_OF_A_SERVER_THAT_IS_DOWN\n";
    return 2;
  }
  if (open_error(argv[1]) != openkv::ErrorCode::kUnsupported) {
    std::cerr << "the URL was not refused as unsupported before registering\n";
    return 1;
  }
  openkv::register_postgres_backend();
  if (open_error(argv[1]) != openkv::ErrorCode::kUnavailable) {
    std::cerr << "the PostgreSQL backend did not report the server as unavailable\n";
    return 1;
  }
  std::cout << "ok\n";
  return 0;
}
