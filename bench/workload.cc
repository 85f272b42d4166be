// Copyright (c) OpenKV authors.
//
// The benchmark workload through OpenKV's public API, phase for phase the
// same as workload.mjs does on Deno: the baseline of spec 05 §9.1 (one
// thread, sequential operations), then kConcurrent commits split over 1, 8
// and 64 writer threads. Durable commits (synchronous=FULL, as Deno).
// Prints one JSON object of ops/s per phase. Usage: bench_workload FILE
#include <openkv/openkv.h>

#include <chrono>
#include <cstdio>
#include <functional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace {

constexpr int kN = 20000;
constexpr int kAtomic = 2000;
constexpr int kSum = 5000;
constexpr int kConcurrent = 2048;  // divisible by every writer count
constexpr int kWriters[] = {1, 8, 64};

double ops_per_second(int count, const std::function<void()>& body) {
  auto start = std::chrono::steady_clock::now();
  body();
  std::chrono::duration<double> elapsed = std::chrono::steady_clock::now() - start;
  return count / elapsed.count();
}

void require(bool ok, const char* what) {
  if (!ok) throw std::runtime_error(std::string("benchmark check failed: ") + what);
}

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s FILE\n", argv[0]);
    return 2;
  }
  using openkv::Value;
  auto db = openkv::Database::open(argv[1]);
  const std::string s(100, 'x');
  std::vector<openkv::Versionstamp> versionstamps(kN);

  double set = ops_per_second(kN, [&] {
    for (int i = 0; i < kN; ++i) {
      versionstamps[i] = db->set({"k", i}, Value::make_object({{"i", i}, {"s", s}})).versionstamp;
    }
  });
  double get = ops_per_second(kN, [&] {
    for (int i = 0; i < kN; ++i) {
      auto e = db->get({"k", i});
      const auto& props = std::get<openkv::PlainObject>(e.value->object()->data).properties;
      require(props[0].second.as_number() == i, "get");
    }
  });
  double list = ops_per_second(kN, [&] {
    int n = 0;
    auto it = db->list(openkv::ListSelector::with_prefix({"k"}));
    while (it.next()) ++n;
    require(n == kN, "list");
  });
  double check_set = ops_per_second(kAtomic, [&] {
    for (int i = 0; i < kAtomic; ++i) {
      bool ok = db->atomic()
                    .check({"k", i}, versionstamps[i])
                    .set({"k", i}, Value::make_object({{"i", i}, {"s", s}, {"v", 2}}))
                    .commit()
                    .ok;
      require(ok, "check_set");
    }
  });
  double sum = ops_per_second(kSum, [&] {
    for (int i = 0; i < kSum; ++i) db->atomic().sum({"counter"}, 1).commit();
    require(db->get({"counter"}).value->as_u64().value == kSum, "sum");
  });
  std::printf("{\"set\":%.0f,\"get\":%.0f,\"list\":%.0f,\"check_set\":%.0f,\"sum\":%.0f", set, get,
              list, check_set, sum);
  for (int writers : kWriters) {
    double rate = ops_per_second(kConcurrent, [&] {
      std::vector<std::thread> threads;
      for (int w = 0; w < writers; ++w) {
        threads.emplace_back([&, w] {
          for (int i = 0; i < kConcurrent / writers; ++i) {
            db->set({"w", writers, w, i}, Value::make_object({{"i", i}, {"s", s}}));
          }
        });
      }
      for (auto& t : threads) t.join();
      int n = 0;
      auto it = db->list(openkv::ListSelector::with_prefix({"w", writers}));
      while (it.next()) ++n;
      require(n == kConcurrent, "writers");
    });
    std::printf(",\"writers_%d\":%.0f", writers, rate);
  }
  std::printf("}\n");
  return 0;
}
