// Copyright (c) OpenKV authors.
#include <CLI/CLI.hpp>

#include "cli/arguments.h"
#include "cli/commands.h"

namespace openkv::cli {

void register_delete_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    std::string key;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd =
      app.add_subcommand("delete", "Delete the entry under a key (no error if missing)");
  cmd->footer("Example:\n  openkv delete --path db.sqlite '[\"users\",\"alice\"]'");
  args->db.add_to(*cmd);
  cmd->add_option("key", args->key, "Key as a JSON array")->required();
  cmd->callback([args] {
    Key key = parse_key_argument(args->key);
    auto db = args->db.open(/*read_only=*/false);
    db->remove(key);
  });
}

}  // namespace openkv::cli
