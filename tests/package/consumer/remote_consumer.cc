// Copyright (c) OpenKV authors.
//
// An embedder of a KV Connect server through OpenKV::remote
// (tests/package/install_test.sh): before register_remote_backend() the URL
// is refused as unsupported; after it, a value set through the server reads
// back. The token comes from DENO_KV_ACCESS_TOKEN.
#include <openkv/openkv.h>
#include <openkv/remote.h>

#include <iostream>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: remote_consumer URL\n";
    return 2;
  }
  try {
    openkv::Database::open(argv[1]);
    std::cerr << "opened a URL without the remote backend registered\n";
    return 1;
  } catch (const openkv::Error& e) {
    if (e.code() != openkv::ErrorCode::kUnsupported) {
      std::cerr << "unexpected error before registering: " << e.what() << "\n";
      return 1;
    }
  }
  openkv::register_remote_backend();
  auto db = openkv::Database::open(argv[1]);
  db->set({"from", "remote_consumer"}, openkv::Value("hello"));
  openkv::EntryMaybe got = db->get({"from", "remote_consumer"});
  if (!got.exists() || got.value->as_string() != "hello") {
    std::cerr << "the value did not read back through the server\n";
    return 1;
  }
  std::cout << "ok\n";
  return 0;
}
