// A page-view counter updated by many threads with atomic sum, no retries.
#include <openkv/openkv.h>

#include <cstdio>
#include <cstdlib>
#include <thread>
#include <vector>

#define REQUIRE(cond)                            \
  if (!(cond)) {                                 \
    std::fprintf(stderr, "failed: %s\n", #cond); \
    return EXIT_FAILURE;                         \
  }

int main() {
  auto db = openkv::Database::open(":memory:");
  std::vector<std::thread> visitors;
  for (int t = 0; t < 4; ++t) {
    visitors.emplace_back([&] {
      for (int i = 0; i < 250; ++i) db->atomic().sum({"views", "home"}, 1).commit();
    });
  }
  for (auto& v : visitors) v.join();
  uint64_t views = db->get({"views", "home"}).value->as_u64().value;
  std::printf("home page views: %llu\n", static_cast<unsigned long long>(views));
  REQUIRE(views == 1000);

  // max keeps a high-water mark.
  db->atomic().max({"views", "peak"}, 17).commit();
  db->atomic().max({"views", "peak"}, 5).commit();
  REQUIRE(db->get({"views", "peak"}).value->as_u64().value == 17);
  return EXIT_SUCCESS;
}
