// Copyright (c) OpenKV authors.
//
// A remote queue consumer whose handler never returns, for remote_queue.sh:
//   hanging_consumer URL   (token from DENO_KV_ACCESS_TOKEN)
// It opens the KV Connect server like any OpenKV client, prints
// "received <message as @deno/kv-utils JSON>" for the first message and then
// blocks inside the handler, so the script can SIGKILL it while the message
// is running (its lease kept alive until then).
#include <chrono>
#include <iostream>
#include <thread>

#include "codec/json_notation.h"
#include "openkv/openkv.h"
#include "openkv/remote.h"

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: hanging_consumer URL\n";
    return 2;
  }
  openkv::register_remote_backend();
  auto db = openkv::Database::open(argv[1]);
  db->listen_queue([](const openkv::Value& message) {
    std::cout << "received " << openkv::codec::value_to_json(message) << std::endl;
    for (;;) std::this_thread::sleep_for(std::chrono::hours(1));
  });
  return 0;
}
