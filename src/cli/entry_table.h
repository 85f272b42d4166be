// Copyright (c) OpenKV authors.
//
// The human form of a list of entries: three aligned columns, key | value |
// versionstamp. On a terminal it has a header, colours and values cut to the
// screen width; elsewhere it is plain aligned text, one entry per line with
// nothing cut, so `grep` and `sort` still work (scripts should use --json).
#ifndef OPENKV_CLI_ENTRY_TABLE_H_
#define OPENKV_CLI_ENTRY_TABLE_H_

#include <cstdio>
#include <string>
#include <vector>

#include "openkv/entry.h"

namespace openkv::cli {

class EntryTable {
 public:
  // Rows are collected first: the column widths depend on every row.
  void add(const Entry& entry);
  // Writes to stdout, styled when stdout is a terminal.
  void print() const;

 private:
  struct Row {
    std::string key;
    std::string value;
    std::string versionstamp;
  };
  std::vector<Row> rows_;
};

}  // namespace openkv::cli

#endif  // OPENKV_CLI_ENTRY_TABLE_H_
