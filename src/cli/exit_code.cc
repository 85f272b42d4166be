// Copyright (c) OpenKV authors.
#include "cli/commands.h"

namespace openkv::cli {

int& exit_code() {
  static int code = 0;
  return code;
}

}  // namespace openkv::cli
