// Copyright (c) OpenKV authors.
//
// An embedder of local files (tests/package/install_test.sh): opens FILE,
// writes a user and a counter with the Value API, reopens the file and reads
// them back. Prints "ok" and exits 0 only when everything read back is right.
#include <openkv/openkv.h>

#include <iostream>
#include <string>

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: local_consumer FILE\n";
    return 2;
  }
  {
    auto db = openkv::Database::open(argv[1]);
    db->set({"users", "ada"}, openkv::Value::make_object({{"name", "Ada"}, {"born", 1815}}));
    db->set({"visits"}, openkv::Value(3u));
  }
  auto db = openkv::Database::open(argv[1]);
  openkv::EntryMaybe user = db->get({"users", "ada"});
  openkv::EntryMaybe visits = db->get({"visits"});
  if (!user.exists() || !visits.exists()) {
    std::cerr << "an entry written before reopening is missing\n";
    return 1;
  }
  const std::string name = (*user.value)["name"].as_string();
  const double born = (*user.value)["born"].as_number();
  if (name != "Ada" || born != 1815 || visits.value->as_number() != 3) {
    std::cerr << "read back " << name << ", " << born << ", " << visits.value->as_number() << "\n";
    return 1;
  }
  std::cout << "ok\n";
  return 0;
}
