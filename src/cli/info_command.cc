// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <filesystem>
#include <iostream>

#include <fmt/format.h>

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
  cmd->footer("Examples:\n"
              "  openkv info --path app.sqlite\n"
              "  openkv info --path app.sqlite --json\n"
              "Shows the file size (and its write-ahead log), the number of live entries, the\n"
              "last committed versionstamp and the schema version (migration_state).");
  args->db.add_to(*cmd);
  cmd->add_flag("--json", args->json, "Print one JSON object");
  cmd->callback([args] {
    auto db = args->db.open(/*read_only=*/true);
    engine::Engine& engine = db->engine();
    uint64_t entries = 0;
    // Every key starts with a type tag below FF.
    engine.scan({}, {0xFF}, /*reverse=*/false, [&entries](core::RawEntry&&) {
      ++entries;
      return true;
    });
    std::string versionstamp = engine.snapshot_read({}).read_version.to_hex();
    std::optional<int64_t> schema = engine.schema_version();
    uint64_t size = file_size(args->db.path);
    uint64_t wal_size = file_size(args->db.path + "-wal");
    if (args->json) {
      std::string path;
      codec::append_json_string(path, args->db.path);
      std::cout << fmt::format(
          "{{\"path\":{},\"size\":{},\"walSize\":{},\"entries\":{},\"versionstamp\":\"{}\","
          "\"schemaVersion\":{}}}\n",
          path, size, wal_size, entries, versionstamp, schema ? std::to_string(*schema) : "null");
    } else {
      std::cout << fmt::format("path            {}\n"
                               "size            {} bytes (write-ahead log: {} bytes)\n"
                               "entries         {}\n"
                               "versionstamp    {}\n"
                               "schema version  {}\n",
                               args->db.path, size, wal_size, entries, versionstamp,
                               schema ? std::to_string(*schema) : "none");
    }
  });
}

}  // namespace openkv::cli
