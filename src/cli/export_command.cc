// Copyright (c) OpenKV authors.
//
// export: the selected entries as NDJSON in the exact @deno/kv-utils format
// (spec 06 §6), so the file imports into Deno and back.
//
// Consistency: all entries come from one read snapshot (Engine::scan holds a
// single SQLite read transaction for the whole export), so commits made while
// an export runs are either entirely in the file or entirely absent, which is
// stronger than the reference's batched list.
#include <CLI/CLI.hpp>

#include <fmt/format.h>

#include <iostream>
#include <optional>

#include "engine/database_access.h"
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/output_file.h"
#include "cli/progress.h"
#include "cli/selection.h"
#include "engine/engine.h"
#include "engine/ndjson_transfer.h"
#include "openkv/errors.h"

namespace openkv::cli {
void register_export_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    SelectionArguments selection;
    std::string output;
    bool skip_unexportable = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "export", "Write entries as NDJSON (the @deno/kv-utils format) from one snapshot");
  cmd->footer(
      "Examples:\n"
      "  openkv export --path app.sqlite > app.ndjson        the whole database\n"
      "  openkv export '[\"users\"]' --output users.ndjson    everything under [\"users\"]\n"
      "  openkv export --start '[\"a\"]' --end '[\"m\"]' --reverse --limit 100\n"
      "An entry that cannot be exported (a cyclic value, a Float16Array) stops the\n"
      "export with exit code 1 after the complete lines before it, unless\n"
      "--skip-unexportable is given. Expiration times are not exported.");
  args->db.add_to(*cmd);
  args->selection.add_range_to(*cmd);
  args->selection.add_order_to(*cmd);
  cmd->add_option("-o,--output", args->output, "Write to this file instead of standard output");
  cmd->add_flag("--skip-unexportable", args->skip_unexportable,
                "Leave out entries that cannot be exported, naming each on standard error");
  cmd->callback([args] {
    codec::ListBounds bounds = args->selection.bounds();
    auto db = args->db.open(/*read_only=*/true);
    OutputFile out(args->output);
    Progress progress;
    const std::optional<int64_t> limit = args->selection.limit;
    int64_t listed = 0;
    int64_t skipped = 0;
    std::optional<std::string> failure;
    engine::engine_of(*db).scan(bounds.start, bounds.end, args->selection.reverse, [&](core::RawEntry&& raw) {
      ++listed;
      try {
        out.write(engine::export_ndjson_line(raw));
      } catch (const Error& e) {
        if (!args->skip_unexportable || e.code() == ErrorCode::kIoError) {
          failure = e.what();
          return false;
        }
        progress.clear();
        std::cerr << "skipped: " << e.what() << '\n';
        ++skipped;
      }
      progress.update([&] { return fmt::format("exported {} entries", listed - skipped); });
      return !limit || listed < *limit;
    });
    progress.clear();
    out.close();
    if (failure) {
      std::cerr << "error: " << *failure << '\n';
      exit_code() = 1;
    }
  });
}

}  // namespace openkv::cli
