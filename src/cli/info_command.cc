// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

#include "engine/database_access.h"
#include "cli/arguments.h"
#include "cli/commands.h"
#include "codec/json_text.h"
#include "engine/engine.h"

namespace openkv::cli {
namespace {

// Bytes of a file, 0 when it does not exist (no WAL, or ":memory:").
uint64_t file_size(const std::string& path) {
  std::error_code ec;
  auto size = std::filesystem::file_size(path, ec);
  return ec ? 0 : size;
}

}  // namespace

void register_info_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    bool json = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("info", "Describe a database file");
  cmd->footer(
      "Examples:\n"
      "  openkv info --path app.sqlite\n"
      "  openkv info --path app.sqlite --json\n"
      "Shows the file size (and its write-ahead log), the number of live entries, the\n"
      "last committed versionstamp and the schema version (migration_state).\n"
      "For a server URL it shows the entries and the newest versionstamp read; the\n"
      "file's size and schema are only known where the file is.");
  args->db.add_to(*cmd);
  cmd->add_flag("--json", args->json, "Print one JSON object");
  cmd->callback([args] {
    auto db = args->db.open(/*read_only=*/true);
    engine::Engine& engine = engine::engine_of(*db);
    uint64_t entries = 0;
    // Every key starts with a type tag below FF.
    engine.scan({}, {0xFF}, /*reverse=*/false, [&entries](core::RawEntry&&) {
      ++entries;
      return true;
    });
    std::string versionstamp = engine.current_version().to_hex();
    // Facts only the file knows (size, schema) are null in JSON and left out
    // for people when the database is a server URL.
    const bool local = !args->db.is_url();
    std::string size = "null", wal_size = "null", schema = "null";
    if (local) {
      size = std::to_string(file_size(args->db.path));
      wal_size = std::to_string(file_size(args->db.path + "-wal"));
      if (auto version = engine.schema_version()) schema = std::to_string(*version);
    }
    if (args->json) {
      std::string path;
      codec::append_json_string(path, args->db.path);
      std::cout << fmt::format(
          "{{\"path\":{},\"size\":{},\"walSize\":{},\"entries\":{},\"versionstamp\":\"{}\","
          "\"schemaVersion\":{}}}\n",
          path, size, wal_size, entries, versionstamp, schema);
      return;
    }
    std::cout << fmt::format("{}{}\n", local ? "path            " : "server          ",
                             args->db.path);
    if (local) {
      std::cout << fmt::format("size            {} bytes (write-ahead log: {} bytes)\n", size,
                               wal_size);
    }
    std::cout << fmt::format("entries         {}\nversionstamp    {}\n", entries, versionstamp);
    if (local) std::cout << "schema version  " << (schema == "null" ? "none" : schema) << '\n';
  });
}

}  // namespace openkv::cli
