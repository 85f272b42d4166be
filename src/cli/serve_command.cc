// Copyright (c) OpenKV authors.
//
// `openkv serve`: a KV Connect server (spec 04) on a local database
// (--path, at the root URL) or on every database of a data directory
// (--data-dir, each at /<name>, tokens from its catalog, the admin API), for
// the unmodified Deno CLI (HTTP/2) and @deno/kv (HTTP/1.1) on the same port,
// in plain text or, with --tls-cert/--tls-key, over TLS.
#include <spdlog/spdlog.h>
#include <CLI/CLI.hpp>

#include <pthread.h>
#include <sys/resource.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>

#include "engine/database_access.h"
#include "cli/arguments.h"
#include "cli/commands.h"
#include "cli/usage_error.h"
#include "openkv/errors.h"
#include "server/data_dir/directory.h"
#include "server/kv_server.h"
#include "server/observability/logging.h"
#include "server/transport/tls.h"

namespace openkv::cli {
namespace {

constexpr size_t kMinTokenLength = 12;

struct ServeArgs {
  DatabaseArgument db;
  bool path_given = false;
  std::string data_dir;
  std::string log_format = "text";
  std::string addr = "127.0.0.1:4512";
  bool read_only = false;
  std::string access_token;
  int threads = 0;  // 0 = one per core, at least 2
  std::string log_level = "info";
  std::string tls_cert;  // PEM chain; TLS is on when both files are given
  std::string tls_key;
};

// "HOST:PORT" or "[V6]:PORT".
std::pair<std::string, uint16_t> parse_addr(const std::string& addr) {
  size_t colon = addr.rfind(':');
  if (colon == std::string::npos || colon + 1 == addr.size()) {
    throw UsageError("--addr must be HOST:PORT, got '" + addr + "'");
  }
  std::string host = addr.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  int port = 0;
  try {
    size_t used = 0;
    port = std::stoi(addr.substr(colon + 1), &used);
    if (used != addr.size() - colon - 1) port = -1;
  } catch (const std::exception&) {
    port = -1;
  }
  if (port < 0 || port > 65535) throw UsageError("--addr has an invalid port: '" + addr + "'");
  return {host, static_cast<uint16_t>(port)};
}

// The flag wins, then OPENKV_ACCESS_TOKEN, then denokv's DENO_KV_ACCESS_TOKEN.
std::string resolve_token(const std::string& flag) {
  if (!flag.empty()) return flag;
  for (const char* name : {"OPENKV_ACCESS_TOKEN", "DENO_KV_ACCESS_TOKEN"}) {
    if (const char* value = std::getenv(name); value != nullptr && *value != '\0') return value;
  }
  return {};
}

// A server holds a descriptor per connection, and the usual soft limit (1024)
// is far below what one machine can serve: raise it to the hard limit, as
// nginx and Go's runtime do. Failing to is not fatal.
void raise_descriptor_limit() {
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0 || limit.rlim_cur >= limit.rlim_max) return;
  limit.rlim_cur = limit.rlim_max;
  if (setrlimit(RLIMIT_NOFILE, &limit) != 0) {
    spdlog::warn("cannot raise the open-file limit: {}", std::strerror(errno));
  }
}

void run_serve(const ServeArgs& args) {
  auto format = server::observability::parse_log_format(args.log_format);
  if (!format) throw UsageError("--log-format must be text or json");
  server::observability::configure_logging(*format, spdlog::level::from_str(args.log_level));
  const bool many = !args.data_dir.empty();
  if (many && (args.path_given || !args.db.primary.empty() || args.read_only ||
               !args.access_token.empty())) {
    throw UsageError(
        "--data-dir takes its databases and tokens from the directory: no --path, "
        "--primary, --read-only or --access-token (see `openkv db` and `openkv token`)");
  }
  std::string token = many ? std::string() : resolve_token(args.access_token);
  if (!many && token.size() < kMinTokenLength) {
    throw UsageError("Access token must be at minimum 12 chars long.");
  }
  auto [host, port] = parse_addr(args.addr);
  if (args.tls_cert.empty() != args.tls_key.empty()) {
    throw UsageError("--tls-cert and --tls-key must be given together");
  }
  bool tls = !args.tls_cert.empty();
  if (tls) {
    // Bad certificate or key files must fail before the database file is
    // created or opened; the server loads them again when it starts.
    try {
      server::transport::check_server_tls_files({args.tls_cert, args.tls_key});
    } catch (const server::transport::TlsSetupError& e) {
      throw UsageError(e.what());  // names the file and the reason
    }
  }

  // Handle SIGINT/SIGTERM synchronously on this thread: block them before
  // any server thread exists (threads inherit the mask), then sigwait.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGINT);
  sigaddset(&signals, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);

  raise_descriptor_limit();
  server::KvConnectServer::Options options;
  options.http.host = host;
  options.http.port = port;
  options.http.threads = args.threads > 0
                             ? args.threads
                             : std::max(2, static_cast<int>(std::thread::hardware_concurrency()));
  options.service.access_token = token;
  options.service.read_only = args.read_only;
  if (tls) options.http.tls = server::transport::TlsFiles{args.tls_cert, args.tls_key};

  std::unique_ptr<Database> db;
  std::unique_ptr<server::data_dir::Directory> directory;
  std::unique_ptr<server::KvConnectServer> kv_server;
  if (many) {
    try {
      directory = std::make_unique<server::data_dir::Directory>(
          server::data_dir::Directory::Options{args.data_dir, {}});
    } catch (const Error& e) {
      throw UsageError(e.what());
    }
    kv_server = std::make_unique<server::KvConnectServer>(options, *directory);
  } else {
    db = args.db.open(args.read_only);
    // Queue consumers of a server are remote (the OpenKV queue extension) or
    // other processes on the file; when they vanish, their messages must
    // still be retried or dead-lettered even though no listener runs here.
    if (!args.read_only) engine::engine_of(*db).start_queue_recovery();
    kv_server = std::make_unique<server::KvConnectServer>(options, engine::engine_of(*db));
  }
  try {
    kv_server->start();
  } catch (const server::transport::TlsSetupError& e) {
    throw UsageError(e.what());  // names the file and the reason
  } catch (const std::exception& e) {
    throw UsageError("cannot listen on " + args.addr + ": " + e.what());
  }
  std::string shown_host = host.find(':') != std::string::npos ? "[" + host + "]" : host;
  spdlog::info("Listening on {}://{}:{}{}", tls ? "https" : "http", shown_host, kv_server->port(),
               many ? "/<database>" : "");

  int received = 0;
  sigwait(&signals, &received);
  spdlog::info("Received {}, shutting down", received == SIGINT ? "SIGINT" : "SIGTERM");
  kv_server->shutdown();  // stop accepting, finish in-flight commits
  if (db) db->close();
  if (directory) directory->close();
  spdlog::info("Stopped");
}

}  // namespace

void register_serve_command(CLI::App& app) {
  auto args = std::make_shared<ServeArgs>();
  CLI::App* cmd = app.add_subcommand(
      "serve", "Serve the database over KV Connect (Deno.openKv(\"http://…\"), @deno/kv)");
  cmd->footer(
      "Example:\n  OPENKV_ACCESS_TOKEN=my-secret-token openkv serve --path db.sqlite\n"
      "  deno run --unstable-kv --allow-net --allow-env app.js   "
      "# Deno.openKv(\"http://127.0.0.1:4512\")\n"
      "The token also comes from DENO_KV_ACCESS_TOKEN; it must be at least 12 characters.\n"
      "\nTLS (ALPN picks HTTP/2 for Deno, HTTP/1.1 for @deno/kv; the clients trust a\n"
      "private CA through DENO_CERT and NODE_EXTRA_CA_CERTS):\n"
      "  openkv serve --path db.sqlite --tls-cert cert.pem --tls-key key.pem\n"
      "  DENO_CERT=ca.pem deno run --unstable-kv --allow-net --allow-env app.js   "
      "# Deno.openKv(\"https://127.0.0.1:4512\")\n"
      "  NODE_EXTRA_CA_CERTS=ca.pem node app.mjs   # openKv(\"https://127.0.0.1:4512\")\n"
      "\nMany databases, each with its own tokens:\n"
      "  openkv db create --data-dir /var/lib/openkv shop\n"
      "  openkv token create --data-dir /var/lib/openkv --database shop   # prints a token\n"
      "  openkv serve --data-dir /var/lib/openkv   # Deno.openKv(\"http://127.0.0.1:4512/shop\")\n"
      "\nIn front of a PostgreSQL hot standby (eventual reads from it, writes to the primary):\n"
      "  openkv serve --path postgresql://standby/app --primary postgresql://primary/app");
  args->db.add_to(*cmd);
  cmd->add_option("--data-dir", args->data_dir,
                  "Serve every database of this directory at /<name> (see `openkv db`, "
                  "`openkv token`), with the admin API at /admin/v1/");
  cmd->add_option("--log-format", args->log_format, "text or json (one object per line)")
      ->capture_default_str();
  cmd->add_option("--addr", args->addr, "Address to listen on, HOST:PORT")->capture_default_str();
  cmd->add_flag("--read-only", args->read_only, "Refuse every write");
  cmd->add_option("--access-token", args->access_token,
                  "Bearer token clients must present (default: $OPENKV_ACCESS_TOKEN, "
                  "then $DENO_KV_ACCESS_TOKEN)");
  cmd->add_option("--tls-cert", args->tls_cert,
                  "Serve TLS with this PEM certificate chain (needs --tls-key)");
  cmd->add_option("--tls-key", args->tls_key, "PEM private key (unencrypted) of --tls-cert");
  cmd->add_option("--threads", args->threads, "I/O threads (default: one per core, at least 2)");
  cmd->add_option("--log-level", args->log_level,
                  "trace, debug (request log), info, warn, error, off")
      ->capture_default_str();
  cmd->callback([args, cmd] {
    args->path_given = cmd->count("--path") > 0;
    run_serve(*args);
  });
}

}  // namespace openkv::cli
