// Copyright (c) OpenKV authors.
//
// import: NDJSON in the @deno/kv-utils format (spec 06 §7) from a file or
// standard input, streamed: lines are processed as they arrive, so input of
// any size needs memory for one line only.
//
// Like the reference, each line is its own commit, so the counts, the final
// contents and what survives a stopped import are exactly the reference's
// (06 §7.3). Unlike it, a non-overwriting write is conditional on the key
// still being absent, so a concurrent writer is never overwritten.
#include <CLI/CLI.hpp>

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstring>
#include <iostream>

#include <fmt/format.h>

#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/progress.h"
#include "codec/ndjson.h"
#include "engine/ndjson_transfer.h"
#include "openkv/errors.h"

namespace openkv::cli {
namespace {

volatile std::sig_atomic_t interrupted = 0;

extern "C" void on_interrupt(int) { interrupted = 1; }

// Without SA_RESTART, so that an interrupt also ends a read() that waits for
// more input.
void catch_interrupts() {
  struct sigaction action {};
  action.sa_handler = on_interrupt;
  sigemptyset(&action.sa_mask);
  sigaction(SIGINT, &action, nullptr);
  sigaction(SIGTERM, &action, nullptr);
}

struct ImportCounts {
  uint64_t count = 0;
  uint64_t skipped = 0;
  uint64_t errors = 0;
  bool aborted = false;

  // The result object of 06 §7.2, member order included.
  std::string to_json() const {
    return fmt::format("{}\"count\":{},\"skipped\":{},\"errors\":{}}}",
                       aborted ? "{\"aborted\":true," : "{", count, skipped, errors);
  }
};

struct ImportSettings {
  engine::ImportSettings line;
  bool stop_on_error = false;
};

class Importer {
 public:
  Importer(Database& db, ImportSettings settings) : db_(db), settings_(std::move(settings)) {}

  // Processes the lines; false once the import must stop.
  bool process(const std::vector<codec::NdjsonLine>& lines) {
    for (const codec::NdjsonLine& line : lines) {
      ++counts_.count;
      try {
        if (engine::import_ndjson_line(db_, line, settings_.line) ==
            engine::ImportOutcome::kSkipped) {
          ++counts_.skipped;
          continue;
        }
      } catch (const Error& e) {
        ++counts_.errors;
        progress_.clear();
        std::cerr << fmt::format("line {} (entry {}): {}\n", line.number, counts_.count, e.what());
        if (settings_.stop_on_error) return false;
        continue;
      }
      progress_.update([this] {
        return fmt::format("imported {} lines ({} skipped, {} errors)", counts_.count,
                           counts_.skipped, counts_.errors);
      });
      // Checked only after a write, so no line is ever half done (06 §7.2).
      if (interrupted) {
        counts_.aborted = true;
        return false;
      }
    }
    return true;
  }

  void abort() { counts_.aborted = true; }
  const ImportCounts& counts() const { return counts_; }

 private:
  Database& db_;
  ImportSettings settings_;
  ImportCounts counts_;
  Progress progress_;
};

// The input's file descriptor, closed when done unless it is stdin.
class Input {
 public:
  explicit Input(const std::string& path)
      : from_stdin_(path.empty() || path == "-"),
        name_(from_stdin_ ? "standard input" : path),
        fd_(from_stdin_ ? STDIN_FILENO : ::open(path.c_str(), O_RDONLY | O_CLOEXEC)) {
    if (fd_ < 0)
      throw Error(ErrorCode::kIoError, "Cannot open " + name_ + ": " + std::strerror(errno));
  }
  ~Input() {
    if (!from_stdin_) ::close(fd_);
  }
  Input(const Input&) = delete;
  Input& operator=(const Input&) = delete;

  int fd() const { return fd_; }
  const std::string& name() const { return name_; }

 private:
  bool from_stdin_;
  std::string name_;
  int fd_;
};

// Reads the input to the end (or until the importer stops) in chunks.
void import_stream(const Input& input, Importer& importer) {
  codec::NdjsonLineSplitter splitter;
  std::vector<codec::NdjsonLine> lines;
  std::string buffer(1 << 16, '\0');
  for (;;) {
    ssize_t n = ::read(input.fd(), buffer.data(), buffer.size());
    if (n < 0 && errno == EINTR) {
      if (interrupted) return importer.abort();
      continue;
    }
    if (n < 0) {
      throw Error(ErrorCode::kIoError, "Cannot read " + input.name() + ": " + std::strerror(errno));
    }
    if (n == 0) break;
    splitter.feed(std::string_view(buffer.data(), static_cast<size_t>(n)), lines);
    if (!importer.process(lines)) return;
    lines.clear();
  }
  splitter.finish(lines);
  importer.process(lines);
}

}  // namespace

void register_import_command(CLI::App& app) {
  struct Args {
    DatabaseArgument db;
    std::string input;
    std::string prefix;
    bool overwrite = false;
    bool stop_on_error = false;
  };
  auto args = std::make_shared<Args>();
  CLI::App* cmd = app.add_subcommand(
      "import", "Read entries from NDJSON (the @deno/kv-utils format), one commit per line");
  cmd->footer(
      "Examples:\n"
      "  openkv import --path app.sqlite app.ndjson\n"
      "  openkv export --path a.sqlite | openkv import --path b.sqlite --overwrite\n"
      "  openkv import backup.ndjson --prefix '[\"restored\"]' --stop-on-error\n"
      "Existing keys are skipped unless --overwrite. Each failed line is reported on\n"
      "standard error as 'line <physical line> (entry <n>): <message>'. Prints\n"
      "{\"count\":N,\"skipped\":N,\"errors\":N}; exit code 1 when errors > 0 or when\n"
      "interrupted (Ctrl-C finishes the current line and adds \"aborted\":true).");
  args->db.add_to(*cmd);
  cmd->add_option("file", args->input, "NDJSON file to read; '-' or none for standard input");
  cmd->add_option("--prefix", args->prefix, "Key (JSON array) to put before every imported key");
  cmd->add_flag("--overwrite", args->overwrite, "Replace entries that already exist");
  cmd->add_flag("--stop-on-error", args->stop_on_error, "Stop at the first line that fails");
  cmd->callback([args] {
    ImportSettings settings;
    if (!args->prefix.empty()) settings.line.prefix = parse_key_argument(args->prefix);
    settings.line.overwrite = args->overwrite;
    settings.stop_on_error = args->stop_on_error;
    Input input(args->input);
    auto db = args->db.open(/*read_only=*/false);
    catch_interrupts();
    Importer importer(*db, std::move(settings));
    import_stream(input, importer);
    const ImportCounts& counts = importer.counts();
    std::cout << counts.to_json() << '\n';
    exit_code() = counts.errors == 0 && !counts.aborted ? 0 : 1;
  });
}

}  // namespace openkv::cli
