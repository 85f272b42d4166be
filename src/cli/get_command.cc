// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include <iostream>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/entry_output.h"

namespace openkv::cli {

void register_get_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    std::string key;
    bool json = false;
    bool eventual = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand("get", "Print the entry stored under a key");
  cmd->footer(
      "Example:\n  openkv get --path db.sqlite '[\"users\",\"alice\"]' --json\n"
      "Exit code 1 when the key does not exist.");
  args->db.add_to(*cmd);
  cmd->add_option("key", args->key, "Key as a JSON array")->required();
  cmd->add_flag("--json", args->json, "Print the entry in the @deno/kv-utils JSON form");
  cmd->add_flag("--eventual", args->eventual,
                "An eventual read: from a replica at once when there is one (it may lag)");
  cmd->callback([args] {
    Key key = parse_key_argument(args->key);
    auto db = args->db.open(/*read_only=*/true);
    EntryMaybe entry =
        db->get(key, ReadOptions{args->eventual ? Consistency::kEventual : Consistency::kStrong});
    print_entry_maybe(std::cout, entry, args->json ? OutputFormat::kJson : OutputFormat::kHuman);
    exit_code() = entry.exists() ? 0 : 1;
  });
}

}  // namespace openkv::cli
