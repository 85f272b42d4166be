// Copyright (c) OpenKV authors.
//
// The two halves of the crash-consistency test (crash_test.sh, described in
// RELIABILITY.md):
//
//   crash_writer write PATH ACK_LOG [THREADS]
//     Commits for ever from THREADS threads (default 3) to PATH (a file, or
//     the URL of `openkv serve`). Commit i of thread t is one atomic
//     operation: check that ["ack", t, i] is absent, set it and the pair
//     ["pair", t, i, "a"|"b"], and add 1 to the KvU64 ["counter"]. Only once
//     commit() has returned is "t i versionstamp" appended to ACK_LOG, so
//     the log lists exactly the acknowledged commits. Each thread resumes
//     after the highest i it finds, so one database collects many runs.
//
//   crash_writer until-full PATH ACK_LOG RESUME_FILE
//     One thread commits as above until a commit fails (a full disk), prints
//     "failed <error code> <message>", waits until RESUME_FILE exists (space
//     is back), then commits 100 more on the same open database and prints
//     "resumed 100". Exits 1 if the first failure is not kIoError or a
//     commit after the resume fails.
//
//   crash_writer verify PATH ACK_LOG
//     Prints "ok <commits> <acknowledged>" and exits 0 when: every
//     acknowledged commit is present with its versionstamp, every present
//     commit is whole (ack and both pair keys, nothing else), the counter
//     equals the number of commits, and each thread's versionstamps increase
//     with i. Otherwise prints every violation and exits 1.
#include <fcntl.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "openkv/database.h"
#include "openkv/errors.h"
#include "openkv/remote.h"

namespace {

using openkv::Database;
using openkv::Key;
using openkv::KeyPart;

int64_t as_int(const KeyPart& part) { return static_cast<int64_t>(part.as_float()); }

// The highest i thread t has committed, or 0.
int64_t last_index(Database& db, int t) {
  openkv::ListOptions options;
  options.reverse = true;
  options.limit = 1;
  auto it = db.list(openkv::ListSelector::with_prefix({"ack", t}), options);
  std::optional<openkv::Entry> e = it.next();
  return e ? as_int(e->key[2]) : 0;
}

// One record per line with a single write(2), so concurrent threads never
// interleave and a SIGKILL leaves only whole lines behind.
class AckLog {
 public:
  explicit AckLog(const std::string& path)
      : fd_(::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644)) {
    if (fd_ < 0) throw std::runtime_error("cannot open " + path);
  }
  ~AckLog() { ::close(fd_); }
  void append(int t, int64_t i, const openkv::Versionstamp& vs) {
    std::string line = std::to_string(t) + " " + std::to_string(i) + " " + vs.to_hex() + "\n";
    if (::write(fd_, line.data(), line.size()) != static_cast<ssize_t>(line.size())) {
      throw std::runtime_error("short write to the ack log");
    }
  }

 private:
  int fd_;
};

// Commit i of thread t; throws what commit() throws.
void commit_one(Database& db, AckLog& log, int t, int64_t i) {
  openkv::CommitResult r = db.atomic()
                               .check({"ack", t, i}, std::nullopt)
                               .set({"ack", t, i}, openkv::Value(static_cast<double>(i)))
                               .set({"pair", t, i, "a"}, openkv::Value(static_cast<double>(i)))
                               .set({"pair", t, i, "b"}, openkv::Value(static_cast<double>(i)))
                               .sum({"counter"}, 1)
                               .commit();
  if (!r.ok) throw std::runtime_error("check failed: commit " + std::to_string(i) + " exists");
  log.append(t, i, r.versionstamp);
}

void write_forever(Database& db, AckLog& log, int t) {
  for (int64_t i = last_index(db, t) + 1;; ++i) commit_one(db, log, t, i);
}

int until_full(const std::string& path, const std::string& ack_log, const std::string& resume) {
  auto db = Database::open(path);
  AckLog log(ack_log);
  int64_t i = last_index(*db, 0) + 1;
  try {
    for (;; ++i) commit_one(*db, log, 0, i);
  } catch (const openkv::Error& e) {
    std::cout << "failed " << openkv::error_code_name(e.code()) << " " << e.what() << std::endl;
    if (e.code() != openkv::ErrorCode::kIoError) return 1;
  }
  while (access(resume.c_str(), F_OK) != 0) usleep(10000);
  for (int n = 0; n < 100; ++n) commit_one(*db, log, 0, i + n);
  std::cout << "resumed 100" << std::endl;
  return 0;
}

int write(const std::string& path, const std::string& ack_log, int threads) {
  auto db = Database::open(path);
  AckLog log(ack_log);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      try {
        write_forever(*db, log, t);
      } catch (const std::exception& e) {
        // Expected when the server is killed under a remote writer.
        std::cerr << "writer " << t << ": " << e.what() << "\n";
        std::_Exit(3);
      }
    });
  }
  for (std::thread& w : workers) w.join();
  return 0;
}

struct Commit {
  std::optional<openkv::Versionstamp> ack;
  int pair_keys = 0;
};

int verify(const std::string& path, const std::string& ack_log) {
  auto db = Database::open(path);
  std::vector<std::string> problems;
  std::map<std::pair<int64_t, int64_t>, Commit> commits;  // by (t, i)

  auto ack_it = db->list(openkv::ListSelector::with_prefix({"ack"}));
  while (std::optional<openkv::Entry> e = ack_it.next()) {
    commits[{as_int(e->key[1]), as_int(e->key[2])}].ack = e->versionstamp;
  }
  auto pair_it = db->list(openkv::ListSelector::with_prefix({"pair"}));
  while (std::optional<openkv::Entry> e = pair_it.next()) {
    commits[{as_int(e->key[1]), as_int(e->key[2])}].pair_keys++;
  }
  std::map<int64_t, openkv::Versionstamp> last_by_thread;
  for (const auto& [ti, c] : commits) {
    const std::string name = std::to_string(ti.first) + "/" + std::to_string(ti.second);
    if (!c.ack || c.pair_keys != 2) {
      problems.push_back("commit " + name + " half applied: ack " +
                         (c.ack ? "present" : "missing") + ", " + std::to_string(c.pair_keys) +
                         " of 2 pair keys");
      continue;
    }
    auto last = last_by_thread.find(ti.first);
    if (last != last_by_thread.end() && !(last->second < *c.ack)) {
      problems.push_back("versionstamp of " + name + " does not increase");
    }
    last_by_thread[ti.first] = *c.ack;
  }

  openkv::EntryMaybe counter = db->get({"counter"});
  const uint64_t count = counter.exists() ? counter.value->as_u64().value : 0;
  if (count != commits.size()) {
    problems.push_back("counter " + std::to_string(count) + " but " +
                       std::to_string(commits.size()) + " commits");
  }

  std::ifstream in(ack_log);
  int64_t acknowledged = 0;
  int64_t t, i;
  std::string vs;
  while (in >> t >> i >> vs) {
    ++acknowledged;
    auto it = commits.find({t, i});
    if (it == commits.end() || !it->second.ack) {
      problems.push_back("acknowledged commit " + std::to_string(t) + "/" + std::to_string(i) +
                         " lost");
    } else if (it->second.ack->to_hex() != vs) {
      problems.push_back("acknowledged commit " + std::to_string(t) + "/" + std::to_string(i) +
                         " has versionstamp " + it->second.ack->to_hex() + ", acknowledged " + vs);
    }
  }
  for (const std::string& p : problems) std::cout << "FAIL " << p << "\n";
  if (!problems.empty()) return 1;
  std::cout << "ok " << commits.size() << " " << acknowledged << "\n";
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  const std::vector<std::string> args(argv + 1, argv + argc);
  openkv::register_remote_backend();  // the writer also runs against `openkv serve`
  try {
    if (args.size() >= 3 && args[0] == "write") {
      return write(args[1], args[2], args.size() > 3 ? std::stoi(args[3]) : 3);
    }
    if (args.size() == 3 && args[0] == "verify") return verify(args[1], args[2]);
    if (args.size() == 4 && args[0] == "until-full") return until_full(args[1], args[2], args[3]);
  } catch (const std::exception& e) {
    std::cerr << "crash_writer: " << e.what() << "\n";
    return 2;
  }
  std::cerr << "usage: crash_writer write PATH ACK_LOG [THREADS] | verify PATH ACK_LOG |"
               " until-full PATH ACK_LOG RESUME_FILE\n";
  return 2;
}
