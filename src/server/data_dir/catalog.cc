// Copyright (c) OpenKV authors.

#include "server/data_dir/catalog.h"

#include <fcntl.h>
#include <openssl/rand.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <array>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <nlohmann/json.hpp>
#include <span>
#include <sstream>

#include "codec/hex.h"
#include "codec/json_notation.h"
#include "codec/key_codec.h"
#include "openkv/database.h"
#include "openkv/errors.h"
#include "server/kv_connect/access.h"
#include "server/kv_connect/metadata.h"

namespace openkv::server::data_dir {
namespace {

constexpr const char* kCatalogFile = "catalog.json";
constexpr const char* kLockFile = "catalog.lock";
constexpr int kFormat = 1;
constexpr std::array<std::string_view, 6> kReserved = {"admin",  "metrics", "healthz",
                                                       "readyz", "v2",      "console"};

[[noreturn]] void io_error(const std::string& what) {
  throw Error(ErrorCode::kIoError, what + ": " + std::strerror(errno));
}

// Fills `out` from OpenSSL's CSPRNG: ids and secrets must not be guessable.
void random_bytes(std::span<uint8_t> out) {
  if (RAND_bytes(out.data(), static_cast<int>(out.size())) != 1) {
    throw Error(ErrorCode::kIoError, "OpenSSL could not produce random bytes");
  }
}

std::string random_hex(size_t bytes) {
  std::vector<uint8_t> buffer(bytes);
  random_bytes(buffer);
  return codec::to_hex(buffer);
}

std::string random_uuid() {
  std::array<uint8_t, 16> b;
  random_bytes(b);
  return codec::uuid_v4_text(b);
}

std::string now_iso() {
  auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                std::chrono::system_clock::now().time_since_epoch())
                .count();
  return kv_connect::iso8601_utc(ms);
}

nlohmann::ordered_json to_json(const CatalogState& state) {
  nlohmann::ordered_json j;
  j["format"] = kFormat;
  j["databases"] = nlohmann::ordered_json::array();
  for (const auto& d : state.databases) {
    j["databases"].push_back({{"name", d.name}, {"id", d.id}, {"file", d.file}, {"created", d.created}});
  }
  j["tokens"] = nlohmann::ordered_json::array();
  for (const auto& t : state.tokens) {
    j["tokens"].push_back({{"id", t.id},
                           {"database", t.database},
                           {"role", role_name(t.role)},
                           {"prefix_hex", t.prefix_hex},
                           {"prefix_key", t.prefix_key},
                           {"sha256", t.sha256_hex},
                           {"created", t.created}});
  }
  return j;
}

CatalogState from_json(const std::string& text, const std::string& where) {
  auto j = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  auto corrupt = [&](const std::string& why) {
    return Error(ErrorCode::kCorruption, where + " is not a valid catalog: " + why);
  };
  if (!j.is_object()) throw corrupt("not a JSON object");
  if (j.value("format", 0) != kFormat) throw corrupt("unknown format");
  CatalogState state;
  try {
    for (const auto& d : j.at("databases")) {
      state.databases.push_back({d.at("name").get<std::string>(), d.at("id").get<std::string>(),
                                 d.at("file").get<std::string>(), d.at("created").get<std::string>()});
    }
    for (const auto& t : j.at("tokens")) {
      auto role = parse_role(t.at("role").get<std::string>());
      if (!role) throw corrupt("unknown token role");
      state.tokens.push_back({t.at("id").get<std::string>(), t.at("database").get<std::string>(),
                              *role, t.at("prefix_hex").get<std::string>(),
                              t.at("prefix_key").get<std::string>(), t.at("sha256").get<std::string>(),
                              t.at("created").get<std::string>()});
    }
  } catch (const nlohmann::json::exception& e) {
    throw corrupt(e.what());
  }
  return state;
}

// Writes `text` to `path` so that readers see the old or the new file whole.
void replace_file(const std::filesystem::path& path, const std::string& text) {
  const std::string tmp = path.string() + ".tmp";
  int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) io_error("cannot write " + tmp);
  size_t done = 0;
  while (done < text.size()) {
    ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) {
      ::close(fd);
      io_error("cannot write " + tmp);
    }
    done += static_cast<size_t>(n);
  }
  if (::fsync(fd) != 0) {
    ::close(fd);
    io_error("cannot sync " + tmp);
  }
  ::close(fd);
  if (::rename(tmp.c_str(), path.c_str()) != 0) io_error("cannot replace " + path.string());
  // The rename itself is durable only once the directory is synced.
  int dir = ::open(path.parent_path().c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (dir >= 0) {
    ::fsync(dir);
    ::close(dir);
  }
}

// Holds an exclusive flock on the lock file for its lifetime.
class DirectoryLock {
 public:
  explicit DirectoryLock(const std::filesystem::path& dir) {
    const std::string path = (dir / kLockFile).string();
    fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd_ < 0) io_error("cannot open " + path);
    while (::flock(fd_, LOCK_EX) != 0) {
      if (errno != EINTR) {
        ::close(fd_);
        io_error("cannot lock " + path);
      }
    }
  }
  ~DirectoryLock() { ::close(fd_); }  // closing releases the lock
  DirectoryLock(const DirectoryLock&) = delete;
  DirectoryLock& operator=(const DirectoryLock&) = delete;

 private:
  int fd_ = -1;
};

}  // namespace

std::string_view role_name(TokenRole role) {
  switch (role) {
    case TokenRole::kReadWrite:
      return "read-write";
    case TokenRole::kReadOnly:
      return "read-only";
    case TokenRole::kAdmin:
      return "admin";
  }
  return "read-write";
}

std::optional<TokenRole> parse_role(std::string_view name) {
  for (TokenRole role : {TokenRole::kReadWrite, TokenRole::kReadOnly, TokenRole::kAdmin}) {
    if (role_name(role) == name) return role;
  }
  return std::nullopt;
}

bool valid_database_name(std::string_view name) {
  if (name.empty() || name.size() > 63) return false;
  auto allowed = [](char c, bool first) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (!first && (c == '_' || c == '-'));
  };
  for (size_t i = 0; i < name.size(); ++i) {
    if (!allowed(name[i], i == 0)) return false;
  }
  return std::find(kReserved.begin(), kReserved.end(), name) == kReserved.end();
}

const DatabaseRecord* CatalogState::find_database(std::string_view name) const {
  auto it = std::find_if(databases.begin(), databases.end(),
                         [&](const DatabaseRecord& d) { return d.name == name; });
  return it == databases.end() ? nullptr : &*it;
}

Catalog::Catalog(std::filesystem::path dir) : dir_(std::move(dir)) {}

void Catalog::ensure_exists() {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  if (ec) throw Error(ErrorCode::kIoError, "cannot create " + dir_.string() + ": " + ec.message());
  if (!std::filesystem::exists(dir_ / kCatalogFile)) update([](CatalogState&) {});
}

std::optional<uint64_t> Catalog::size_of(const DatabaseRecord& database) const {
  std::error_code ec;
  uint64_t size = std::filesystem::file_size(path_of(database), ec);
  if (ec) return std::nullopt;
  // No WAL file (closed cleanly, checkpointed) adds nothing.
  uint64_t wal = std::filesystem::file_size(path_of(database).string() + "-wal", ec);
  return ec ? size : size + wal;
}

CatalogState Catalog::read() const {
  const auto path = dir_ / kCatalogFile;
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    if (!std::filesystem::exists(path)) return {};
    io_error("cannot read " + path.string());
  }
  std::stringstream text;
  text << in.rdbuf();
  return from_json(text.str(), path.string());
}

std::string Catalog::stamp() const {
  struct stat st {};
  if (::stat((dir_ / kCatalogFile).c_str(), &st) != 0) return "missing";
  return std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
         std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

void Catalog::update(const std::function<void(CatalogState&)>& change) {
  if (!std::filesystem::is_directory(dir_)) {
    throw Error(ErrorCode::kInvalidArgument,
                dir_.string() + " is not a data directory (create one with `openkv db create`)");
  }
  DirectoryLock lock(dir_);
  CatalogState state = read();
  change(state);
  replace_file(dir_ / kCatalogFile, to_json(state).dump(2) + "\n");
}

DatabaseRecord Catalog::create_database(std::string_view name) {
  if (!valid_database_name(name)) {
    throw Error(ErrorCode::kInvalidArgument,
                "invalid database name '" + std::string(name) +
                    "': use 1-63 of a-z 0-9 _ - (starting with a letter or digit), "
                    "not admin, metrics, healthz, readyz, v2 or console");
  }
  ensure_exists();
  DatabaseRecord record;
  update([&](CatalogState& state) {
    if (state.find_database(name) != nullptr) {
      throw Error(ErrorCode::kInvalidArgument, "database '" + std::string(name) + "' already exists");
    }
    record.name = std::string(name);
    record.id = random_uuid();
    record.file = record.name + "." + record.id + ".sqlite";
    record.created = now_iso();
    // The file is created (in Deno's format) before the catalog names it, so
    // a listed database always has its file.
    Database::open(path_of(record).string())->close();
    state.databases.push_back(record);
  });
  return record;
}

void Catalog::drop_database(std::string_view name) {
  DatabaseRecord dropped;
  update([&](CatalogState& state) {
    const DatabaseRecord* found = state.find_database(name);
    if (found == nullptr) {
      throw Error(ErrorCode::kInvalidArgument, "no database named '" + std::string(name) + "'");
    }
    dropped = *found;
    std::erase_if(state.databases, [&](const DatabaseRecord& d) { return d.name == name; });
    std::erase_if(state.tokens, [&](const TokenRecord& t) { return t.database == name; });
  });
  // Files are named by the database's UUID, so a database made later under
  // the same name never shares them with a server still closing this one.
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::error_code ignored;
    std::filesystem::remove(path_of(dropped).string() + suffix, ignored);
  }
}

NewToken Catalog::create_token(std::string_view database, TokenRole role,
                               const std::optional<Key>& prefix) {
  if ((role == TokenRole::kAdmin) != database.empty()) {
    throw Error(ErrorCode::kInvalidArgument,
                "an admin token has no database; every other token needs one");
  }
  if (role == TokenRole::kAdmin && prefix) {
    throw Error(ErrorCode::kInvalidArgument, "an admin token cannot have a key prefix");
  }
  NewToken made;
  made.secret = "okv_" + random_hex(32);
  auto digest = kv_connect::digest_token(made.secret);
  TokenRecord& t = made.record;
  t.id = random_hex(8);
  t.database = std::string(database);
  t.role = role;
  if (prefix && !prefix->empty()) {
    auto bytes = codec::encode_key(*prefix);
    t.prefix_hex = codec::to_hex(bytes);
    t.prefix_key = codec::key_to_json(*prefix);
  }
  t.sha256_hex = codec::to_hex(digest);
  t.created = now_iso();
  update([&](CatalogState& state) {
    if (!database.empty() && state.find_database(database) == nullptr) {
      throw Error(ErrorCode::kInvalidArgument, "no database named '" + std::string(database) + "'");
    }
    state.tokens.push_back(t);
  });
  return made;
}

void Catalog::revoke_token(std::string_view id) {
  update([&](CatalogState& state) {
    if (std::erase_if(state.tokens, [&](const TokenRecord& t) { return t.id == id; }) == 0) {
      throw Error(ErrorCode::kInvalidArgument, "no token with id '" + std::string(id) + "'");
    }
  });
}

}  // namespace openkv::server::data_dir
