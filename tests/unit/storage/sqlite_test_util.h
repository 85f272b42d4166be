// Copyright (c) OpenKV authors.
//
// Helpers for the SQLite backend tests (with support/temp_dir.h): direct
// SQLite access for building files "as Deno would" and inspecting
// what the backend stored.
#ifndef OPENKV_TESTS_UNIT_STORAGE_SQLITE_TEST_UTIL_H_
#define OPENKV_TESTS_UNIT_STORAGE_SQLITE_TEST_UTIL_H_

#include <gtest/gtest.h>
#include <sqlite3.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include "support/temp_dir.h"

namespace openkv::testing {

// A plain SQLite connection for tests; every column is read as text (NULL as
// "NULL"), rows joined by '\n' and columns by '|', like the sqlite3 CLI.
class RawDb {
 public:
  explicit RawDb(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
      throw std::runtime_error("cannot open " + path);
    }
  }
  ~RawDb() { sqlite3_close(db_); }
  RawDb(const RawDb&) = delete;
  RawDb& operator=(const RawDb&) = delete;

  void exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error("sql failed: " + msg + " in: " + sql);
    }
  }

  std::string query(const std::string& sql) {
    std::string out;
    auto cb = [](void* arg, int n, char** values, char**) -> int {
      auto* s = static_cast<std::string*>(arg);
      if (!s->empty()) *s += '\n';
      for (int i = 0; i < n; ++i) {
        if (i > 0) *s += '|';
        *s += values[i] ? values[i] : "NULL";
      }
      return 0;
    };
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), cb, &out, &err) != SQLITE_OK) {
      std::string msg = err ? err : "?";
      sqlite3_free(err);
      throw std::runtime_error("query failed: " + msg + " in: " + sql);
    }
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

inline std::string read_file_bytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

inline void write_file_bytes(const std::string& path, const std::string& data) {
  std::ofstream out(path, std::ios::binary);
  out << data;
}

}  // namespace openkv::testing

#endif  // OPENKV_TESTS_UNIT_STORAGE_SQLITE_TEST_UTIL_H_
