// Copyright (c) OpenKV authors.
//
// Spec 03 §1: synchronous stays at SQLite's default (FULL), so every
// acknowledged commit has been fsynced; group commit shares one fsync among
// the writes of a group. Syncs are counted with a pass-through VFS.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <atomic>
#include <cstdio>
#include <thread>
#include <vector>

#include "storage/sqlite/sqlite_backend.h"
#include "unit/storage/sqlite_test_util.h"

namespace openkv::storage::sqlite {
namespace {

using openkv::testing::RawDb;
using openkv::testing::TempDir;

constexpr int64_t kNow = 1'700'000'000'000;

// A VFS that forwards everything to the default one and counts xSync calls.
// Registered as the default while a test runs.
class SyncCountingVfs {
 public:
  SyncCountingVfs() {
    real_ = sqlite3_vfs_find(nullptr);
    vfs_ = *real_;
    vfs_.zName = "openkv-sync-counting";
    vfs_.szOsFile = static_cast<int>(sizeof(File)) + real_->szOsFile;
    vfs_.pNext = nullptr;
    vfs_.xOpen = &open;
    instance_ = this;
    sqlite3_vfs_register(&vfs_, /*makeDflt=*/1);
  }
  ~SyncCountingVfs() {
    sqlite3_vfs_unregister(&vfs_);
    sqlite3_vfs_register(real_, 1);
    instance_ = nullptr;
  }
  int syncs() const { return syncs_.load(); }

 private:
  static inline SyncCountingVfs* instance_ = nullptr;
  static inline std::atomic<int> syncs_{0};

  struct File {
    sqlite3_file base;
    sqlite3_file* real;
  };
  static sqlite3_file* real(sqlite3_file* f) { return reinterpret_cast<File*>(f)->real; }

  static int open(sqlite3_vfs*, const char* name, sqlite3_file* f, int flags, int* out) {
    auto* file = reinterpret_cast<File*>(f);
    file->real = reinterpret_cast<sqlite3_file*>(file + 1);
    int rc = instance_->real_->xOpen(instance_->real_, name, file->real, flags, out);
    file->base.pMethods = file->real->pMethods != nullptr ? &kMethods : nullptr;
    return rc;
  }

  static constexpr sqlite3_io_methods kMethods = {
      3,
      [](sqlite3_file* f) { return real(f)->pMethods->xClose(real(f)); },
      [](sqlite3_file* f, void* p, int n, sqlite3_int64 o) {
        return real(f)->pMethods->xRead(real(f), p, n, o);
      },
      [](sqlite3_file* f, const void* p, int n, sqlite3_int64 o) {
        return real(f)->pMethods->xWrite(real(f), p, n, o);
      },
      [](sqlite3_file* f, sqlite3_int64 size) {
        return real(f)->pMethods->xTruncate(real(f), size);
      },
      [](sqlite3_file* f, int flags) {
        ++syncs_;
        return real(f)->pMethods->xSync(real(f), flags);
      },
      [](sqlite3_file* f, sqlite3_int64* size) {
        return real(f)->pMethods->xFileSize(real(f), size);
      },
      [](sqlite3_file* f, int l) { return real(f)->pMethods->xLock(real(f), l); },
      [](sqlite3_file* f, int l) { return real(f)->pMethods->xUnlock(real(f), l); },
      [](sqlite3_file* f, int* out) { return real(f)->pMethods->xCheckReservedLock(real(f), out); },
      [](sqlite3_file* f, int op, void* arg) {
        return real(f)->pMethods->xFileControl(real(f), op, arg);
      },
      [](sqlite3_file* f) { return real(f)->pMethods->xSectorSize(real(f)); },
      [](sqlite3_file* f) { return real(f)->pMethods->xDeviceCharacteristics(real(f)); },
      [](sqlite3_file* f, int pg, int sz, int extend, void volatile** out) {
        return real(f)->pMethods->xShmMap(real(f), pg, sz, extend, out);
      },
      [](sqlite3_file* f, int offset, int n, int flags) {
        return real(f)->pMethods->xShmLock(real(f), offset, n, flags);
      },
      [](sqlite3_file* f) { real(f)->pMethods->xShmBarrier(real(f)); },
      [](sqlite3_file* f, int del) { return real(f)->pMethods->xShmUnmap(real(f), del); },
      [](sqlite3_file* f, sqlite3_int64 o, int n, void** out) {
        return real(f)->pMethods->xFetch(real(f), o, n, out);
      },
      [](sqlite3_file* f, sqlite3_int64 o, void* p) {
        return real(f)->pMethods->xUnfetch(real(f), o, p);
      },
  };

  sqlite3_vfs* real_;
  sqlite3_vfs vfs_;
};

core::AtomicWrite small_write(int i) {
  core::AtomicWrite w;
  core::Mutation m;
  m.key = {'k', static_cast<uint8_t>(i)};
  w.mutations.push_back(m);
  return w;
}

int syncs_for_sequential_commits(const std::string& path, bool full, int commits) {
  SyncCountingVfs vfs;
  SqliteBackend::Options o;
  o.path = path;
  o.synchronous_full = full;
  SqliteBackend backend(o);
  int before = vfs.syncs();
  for (int i = 0; i < commits; ++i) commit_and_wait(backend, small_write(i), kNow);
  int syncs = vfs.syncs() - before;
  backend.close();
  return syncs;
}

TEST(SqliteDurability, FullSynchronousSyncsEveryCommit) {
  TempDir dir;
  int syncs = syncs_for_sequential_commits(dir.file("kv.sqlite3"), true, 50);
  std::printf("[ durability ] 50 sequential commits, synchronous=FULL: %d syncs\n", syncs);
  EXPECT_GE(syncs, 50);
  EXPECT_LE(syncs, 60);
}

TEST(SqliteDurability, NormalSynchronousIsOptInAndSyncsLess) {
  TempDir dir;
  int syncs = syncs_for_sequential_commits(dir.file("kv.sqlite3"), false, 50);
  std::printf("[ durability ] 50 sequential commits, synchronous=NORMAL: %d syncs\n", syncs);
  EXPECT_LT(syncs, 10);
}

TEST(SqliteDurability, GroupCommitSharesOneSyncPerGroup) {
  TempDir dir;
  SyncCountingVfs vfs;
  SqliteBackend::Options o;
  o.path = dir.file("kv.sqlite3");
  SqliteBackend backend(o);
  int before = vfs.syncs();
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) commit_and_wait(backend, small_write(t * 25 + i), kNow);
    });
  }
  for (auto& th : threads) th.join();
  int syncs = vfs.syncs() - before;
  CommitWriter::Stats s = *backend.writer_stats();
  std::printf("[ durability ] 200 commits from 8 threads: %d syncs, %llu transactions\n", syncs,
              static_cast<unsigned long long>(s.transactions));
  EXPECT_LT(syncs, 200);
  backend.close();
  // Everything acknowledged is in the file.
  RawDb db(o.path);
  EXPECT_EQ(db.query("select count(*) from kv"), "200");
}

}  // namespace
}  // namespace openkv::storage::sqlite
