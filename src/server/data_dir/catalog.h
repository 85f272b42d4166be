// Copyright (c) OpenKV authors.
//
// A data directory (`openkv serve --data-dir DIR`): its catalog file
// DIR/catalog.json names every database (name, UUID, file) and every access
// token (by SHA-256 digest only; the secret is shown once when made). Layout
// and format: docs/OPERATIONS.md, "Data directory".
//
// The CLI (`openkv db …`, `openkv token …`), the admin API and the server
// all go through this class. A change takes DIR/catalog.lock (flock) and
// replaces catalog.json atomically (write, fsync, rename), so processes
// never see half a catalog and a running server picks the change up by
// watching stamp().
//
// Errors: Error(kInvalidArgument) for a bad name, an unknown or existing
// database, an unknown token; Error(kIoError) when the directory cannot be
// read or written; Error(kCorruption) for a catalog that is not valid.
// Thread-safety: each call is independent; concurrent changes serialise on
// the lock file.
#ifndef OPENKV_SERVER_DATA_DIR_CATALOG_H_
#define OPENKV_SERVER_DATA_DIR_CATALOG_H_

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "openkv/key.h"

namespace openkv::server::data_dir {

enum class TokenRole { kReadWrite, kReadOnly, kAdmin };
// "read-write", "read-only", "admin".
std::string_view role_name(TokenRole role);
std::optional<TokenRole> parse_role(std::string_view name);

// 1–63 of [a-z0-9_-], starting with a letter or digit, and not one of the
// server's own paths (admin, metrics, healthz, readyz, v2, console).
bool valid_database_name(std::string_view name);

struct DatabaseRecord {
  std::string name;
  std::string id;       // lowercase hyphenated UUID, the KV Connect databaseId
  std::string file;     // inside the directory: <name>.<id>.sqlite
  std::string created;  // ISO 8601 UTC
};

struct TokenRecord {
  std::string id;          // public; names the token in list and revoke
  std::string database;    // empty for an admin token
  TokenRole role = TokenRole::kReadWrite;
  std::string prefix_hex;  // encoded key prefix; empty = the whole database
  std::string prefix_key;  // the same prefix in the JSON key notation, or empty
  std::string sha256_hex;  // digest of the secret
  std::string created;
};

struct CatalogState {
  std::vector<DatabaseRecord> databases;
  std::vector<TokenRecord> tokens;

  const DatabaseRecord* find_database(std::string_view name) const;
};

struct NewToken {
  TokenRecord record;
  std::string secret;  // `okv_` and 64 hex digits; not stored anywhere
};

class Catalog {
 public:
  explicit Catalog(std::filesystem::path dir);

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path path_of(const DatabaseRecord& database) const { return dir_ / database.file; }
  // Bytes of the database's file and its write-ahead log, or nullopt when
  // the file cannot be read.
  std::optional<uint64_t> size_of(const DatabaseRecord& database) const;

  // Creates the directory and an empty catalog when they are missing.
  void ensure_exists();
  // The catalog as stored; an empty state when there is no catalog file.
  CatalogState read() const;
  // Changes whenever the catalog file is replaced (inode, size, mtime).
  std::string stamp() const;

  // Records a new database and creates its SQLite file.
  DatabaseRecord create_database(std::string_view name);
  // Removes the database, its tokens and its files.
  void drop_database(std::string_view name);
  // `database` empty with kAdmin; a `prefix` only for database tokens.
  NewToken create_token(std::string_view database, TokenRole role, const std::optional<Key>& prefix);
  void revoke_token(std::string_view id);

 private:
  // Runs `change` on the current state under the lock, then stores it.
  void update(const std::function<void(CatalogState&)>& change);

  std::filesystem::path dir_;
};

}  // namespace openkv::server::data_dir

#endif  // OPENKV_SERVER_DATA_DIR_CATALOG_H_
