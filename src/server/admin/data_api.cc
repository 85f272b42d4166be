// Copyright (c) OpenKV authors.

#include "server/admin/data_api.h"

#include <boost/asio/post.hpp>
#include <nlohmann/json.hpp>

#include <chrono>
#include <functional>
#include <optional>
#include <vector>

#include "codec/json_notation.h"
#include "codec/key_codec.h"
#include "codec/list_bounds.h"
#include "codec/ndjson.h"
#include "core/limits.h"
#include "core/value_encoding.h"
#include "engine/database_access.h"
#include "engine/ndjson_transfer.h"
#include "openkv/errors.h"
#include "server/admin/query_string.h"
#include "server/watch_stream.h"

namespace openkv::server::admin {

namespace net = boost::asio;

namespace {

constexpr int64_t kDefaultListLimit = 100;
constexpr int64_t kMaxListLimit = 1000;
// A children count reads every entry under the prefix; past this many it
// stops and says so, so one click in the console cannot scan a huge store.
constexpr int64_t kMaxChildrenScan = 100000;
// An export is answered as one body; bigger ones are for `openkv export`.
constexpr size_t kMaxExportBytes = 32 * 1024 * 1024;
// An import reply names at most this many failed lines (all are counted).
constexpr size_t kMaxReportedFailures = 100;
constexpr std::chrono::seconds kKeepaliveInterval{15};

transport::Response json_reply(int status, std::string body) {
  return {status, "application/json", std::move(body)};
}

transport::Response error_reply(int status, std::string_view text) {
  return json_reply(status, nlohmann::json{{"error", text}}.dump());
}

[[noreturn]] void bad_input(const std::string& text) {
  throw Error(ErrorCode::kInvalidArgument, text);
}

// A key given as a query parameter in JSON notation; nullopt when absent.
std::optional<Key> key_parameter(const QueryString& query, std::string_view name) {
  auto text = query.get(name);
  if (!text) return std::nullopt;
  try {
    return codec::key_from_json(*text);
  } catch (const Error& e) {
    bad_input("the parameter \"" + std::string(name) + "\": " + e.what());
  }
}

Key required_key_parameter(const QueryString& query, std::string_view name) {
  auto key = key_parameter(query, name);
  if (!key) bad_input("the parameter \"" + std::string(name) + "\" is required");
  return std::move(*key);
}

const codec::JsonValue& object_body(const codec::JsonValue& body) {
  if (body.kind() != codec::JsonValue::Kind::kObject) bad_input("the body must be a JSON object");
  return body;
}

codec::JsonValue parse_body(const transport::Request& request) {
  return codec::parse_json(request.body);
}

Key key_member(const codec::JsonValue& body, std::string_view name) {
  const codec::JsonValue* node = body.find(name);
  if (node == nullptr) bad_input("\"" + std::string(name) + "\" is required");
  try {
    return codec::key_from_json_value(*node);
  } catch (const Error& e) {
    bad_input("\"" + std::string(name) + "\": " + e.what());
  }
}

// The selector of list and export: prefix, start and end as Deno's list()
// takes them. None given means the whole database.
ListSelector selector_of(const QueryString& query) {
  ListSelector selector{key_parameter(query, "prefix"), key_parameter(query, "start"),
                        key_parameter(query, "end")};
  if (!selector.prefix && !selector.start && !selector.end) selector.prefix = Key{};
  return selector;
}

// The byte range of a selector, for raw scans.
codec::ListBounds bounds_of(const ListSelector& selector) {
  auto encoded = [](const std::optional<Key>& key) -> std::optional<std::vector<uint8_t>> {
    if (!key) return std::nullopt;
    return codec::encode_key(*key);
  };
  return codec::list_bounds(encoded(selector.prefix), encoded(selector.start),
                            encoded(selector.end));
}

// An entry as listed. A value the notation cannot hold (a cyclic value, a
// Float16Array) is listed with "value":null and the reason, so one odd entry
// does not hide the others.
void append_unreadable_entry(std::string& out, const Key& key, const Versionstamp& versionstamp,
                             std::string_view reason) {
  out += "{\"key\":" + codec::key_to_json(key) + ",\"value\":null,\"versionstamp\":\"" +
         versionstamp.to_hex() + "\",\"error\":" + nlohmann::json(reason).dump() + "}";
}

void append_entry(std::string& out, const Entry& entry) {
  try {
    out += codec::entry_to_json(entry);
  } catch (const Error& e) {
    append_unreadable_entry(out, entry.key, entry.versionstamp, e.what());
  }
}

std::string list_entries(Database& db, const QueryString& query) {
  const int64_t limit = query.get_int("limit", kDefaultListLimit, 1, kMaxListLimit);
  ListOptions options;
  options.limit = limit + 1;  // one more tells whether there is a next page
  options.reverse = query.get_bool("reverse", false);
  options.cursor = query.get("cursor").value_or("");
  ListIterator it = db.list(selector_of(query), options);
  std::string out = "{\"entries\":[";
  int64_t count = 0;
  for (; count < limit; ++count) {
    auto entry = it.next();
    if (!entry) break;
    if (count > 0) out += ',';
    append_entry(out, *entry);
  }
  std::optional<std::string> cursor;
  if (count == limit) {
    cursor = it.cursor();  // of the last entry returned, before peeking
    if (!it.next()) cursor.reset();
  }
  out += "],\"cursor\":";
  out += cursor ? nlohmann::json(*cursor).dump() : "null";
  out += '}';
  return out;
}

std::string get_entry(Database& db, const QueryString& query) {
  return codec::entry_maybe_to_json(db.get(required_key_parameter(query, "key")));
}

// PUT /entry {"key", "value", "expireIn"?, "versionstamp"?}: with a
// versionstamp member the write is checked against it (null: the key must
// be absent), so an edit made from a stale view fails instead of
// overwriting someone else's change.
transport::Response set_entry(Database& db, const transport::Request& request) {
  const codec::JsonValue body = parse_body(request);
  object_body(body);
  Key key = key_member(body, "key");
  const codec::JsonValue* value_node = body.find("value");
  if (value_node == nullptr) bad_input("\"value\" is required");
  Value value = codec::value_from_json_value(*value_node);
  SetOptions options;
  if (const codec::JsonValue* expire = body.find("expireIn"); expire && !expire->is_null()) {
    if (expire->kind() != codec::JsonValue::Kind::kNumber || expire->as_number() < 1 ||
        expire->as_number() != static_cast<double>(static_cast<int64_t>(expire->as_number()))) {
      bad_input("\"expireIn\" must be a whole number of milliseconds, at least 1");
    }
    options.expire_in = std::chrono::milliseconds(static_cast<int64_t>(expire->as_number()));
  }
  AtomicOperation op = db.atomic();
  if (const codec::JsonValue* stamp = body.find("versionstamp")) {
    if (stamp->is_null()) {
      op.check(key, std::nullopt);
    } else if (stamp->kind() == codec::JsonValue::Kind::kString) {
      op.check(key, Versionstamp::from_hex(stamp->as_string()));
    } else {
      bad_input("\"versionstamp\" must be a string of 20 hex digits or null");
    }
  }
  CommitResult result = op.set(key, value, options).commit();
  if (!result.ok) {
    return error_reply(409, "the entry changed since it was read (its versionstamp differs)");
  }
  return json_reply(200, "{\"ok\":true,\"versionstamp\":\"" + result.versionstamp.to_hex() + "\"}");
}

// POST /delete {"keys": [key, …]}: one atomic commit, so either every key
// is gone or (on an error) none is.
std::string delete_entries(Database& db, const transport::Request& request) {
  const codec::JsonValue body = parse_body(request);
  const codec::JsonValue* keys = object_body(body).find("keys");
  if (keys == nullptr || keys->kind() != codec::JsonValue::Kind::kArray || keys->as_array().empty()) {
    bad_input("\"keys\" must be a non-empty array of keys");
  }
  AtomicOperation op = db.atomic();
  for (const codec::JsonValue& node : keys->as_array()) {
    try {
      op.remove(codec::key_from_json_value(node));
    } catch (const Error& e) {
      bad_input(std::string("\"keys\": ") + e.what());
    }
  }
  CommitResult result = op.commit();
  return "{\"deleted\":" + std::to_string(keys->as_array().size()) + ",\"versionstamp\":\"" +
         result.versionstamp.to_hex() + "\"}";
}

// GET /children?prefix=: the distinct key parts right below the prefix, in
// key order, each with the number of entries under or at it, from one
// snapshot.
std::string children(Database& db, const QueryString& query) {
  const Key prefix = key_parameter(query, "prefix").value_or(Key{});
  const codec::ListBounds bounds = codec::list_bounds(codec::encode_key(prefix), {}, {});
  struct Child {
    std::string part;  // JSON notation
    int64_t count = 0;
    bool has_value = false;  // prefix + [part] itself is an entry
  };
  std::vector<Child> found;
  int64_t scanned = 0;
  bool truncated = false;
  engine::engine_of(db).scan(bounds.start, bounds.end, false, [&](core::RawEntry&& raw) {
    if (scanned == kMaxChildrenScan) {
      truncated = true;
      return false;
    }
    ++scanned;
    Key key = codec::decode_key(raw.key);
    // Byte order keeps everything under one part together, so a new part
    // always starts a new child.
    std::string part = codec::key_part_to_json(key[prefix.size()]);
    if (found.empty() || found.back().part != part) found.push_back({std::move(part)});
    ++found.back().count;
    if (key.size() == prefix.size() + 1) found.back().has_value = true;
    return true;
  });
  std::string out = "{\"prefix\":" + codec::key_to_json(prefix) + ",\"children\":[";
  for (size_t i = 0; i < found.size(); ++i) {
    if (i > 0) out += ',';
    out += "{\"part\":" + found[i].part + ",\"count\":" + std::to_string(found[i].count) +
           ",\"hasValue\":" + (found[i].has_value ? "true" : "false") + "}";
  }
  out += "],\"scanned\":" + std::to_string(scanned) +
         ",\"truncated\":" + (truncated ? "true" : "false") + "}";
  return out;
}

// GET /export: the selected entries as `openkv export` writes them, from
// one snapshot. An entry that cannot be exported fails the whole export
// (as the CLI does without --skip-unexportable), naming it.
transport::Response export_entries(Database& db, const QueryString& query) {
  const ListSelector selector = selector_of(query);
  const codec::ListBounds bounds = bounds_of(selector);
  const int64_t limit = query.get_int("limit", 0, 0, INT64_MAX);  // 0: all
  std::string out;
  int64_t listed = 0;
  std::optional<transport::Response> failure;
  engine::engine_of(db).scan(bounds.start, bounds.end, query.get_bool("reverse", false),
                             [&](core::RawEntry&& raw) {
                               out += engine::export_ndjson_line(raw);
                               if (out.size() > kMaxExportBytes) {
                                 failure = error_reply(
                                     413, "the export is larger than 32 MiB: narrow the selection "
                                          "or use `openkv export`");
                                 return false;
                               }
                               return limit == 0 || ++listed < limit;
                             });
  if (failure) return *failure;
  return {200, "application/x-ndjson", std::move(out)};
}

// POST /import?overwrite=&prefix=: the body is NDJSON as `openkv import`
// reads it, one commit per line; the reply counts lines as the CLI prints
// them and names the failed ones. Large files are sent in several requests
// (the console sends slices of whole lines and shows the progress).
std::string import_entries(Database& db, const transport::Request& request,
                           const QueryString& query) {
  engine::ImportSettings settings;
  settings.prefix = key_parameter(query, "prefix").value_or(Key{});
  settings.overwrite = query.get_bool("overwrite", false);
  const bool stop_on_error = query.get_bool("stopOnError", false);
  uint64_t count = 0, skipped = 0, errors = 0;
  nlohmann::ordered_json failures = nlohmann::ordered_json::array();
  for (const codec::NdjsonLine& line : codec::split_ndjson_lines(request.body)) {
    ++count;
    try {
      if (engine::import_ndjson_line(db, line, settings) == engine::ImportOutcome::kSkipped) {
        ++skipped;
      }
    } catch (const Error& e) {
      ++errors;
      if (failures.size() < kMaxReportedFailures) {
        failures.push_back({{"line", line.number}, {"error", e.what()}});
      }
      if (stop_on_error) break;
    }
  }
  return nlohmann::ordered_json{{"count", count}, {"skipped", skipped}, {"errors", errors},
                        {"failures", failures}}
      .dump();
}

// The data API's watch as server-sent events: `data: [entry, …]` (the
// entries in JSON notation, absent keys with null value and versionstamp)
// first with the current state and then after each change, a comment line
// every 15 s so a vanished client is noticed, and `event: error` before an
// ending the client did not ask for (the database was dropped or failed).
WatchStream::Format event_stream_format(std::vector<Key> keys, std::function<bool()> still_served) {
  WatchStream::Format format;
  format.content_type = "text/event-stream";
  format.keepalive = ": keep-alive\n\n";
  format.keepalive_interval = kKeepaliveInterval;
  format.frame = [keys = std::move(keys)](const engine::WatchSnapshot& state) {
    std::string data = "data: [";
    for (size_t i = 0; i < state.size(); ++i) {
      if (i > 0) data += ',';
      if (!state[i]) {
        data += codec::entry_maybe_to_json(EntryMaybe{keys[i], std::nullopt, std::nullopt});
        continue;
      }
      try {
        append_entry(data, Entry{keys[i], core::decode_value(state[i]->value),
                                 state[i]->versionstamp});
      } catch (const Error& e) {  // the stored bytes do not decode
        append_unreadable_entry(data, keys[i], state[i]->versionstamp, e.what());
      }
    }
    return data + "]\n\n";
  };
  format.farewell = [](const std::string& reason) {
    return "event: error\ndata: " + nlohmann::json{{"error", reason}}.dump() + "\n\n";
  };
  format.still_served = std::move(still_served);
  return format;
}

}  // namespace

DataApi::DataApi(data_dir::Directory& directory) : directory_(directory) {}

DataApi::~DataApi() {
  std::set<std::shared_ptr<WatchStream>> streams;
  {
    std::lock_guard<std::mutex> lock(mu_);
    closing_ = true;
    streams = streams_;
  }
  for (const auto& s : streams) s->stop();
  pool_.join();
}

bool DataApi::is_data_path(std::string_view rest) {
  for (std::string_view p : {"/entries", "/entry", "/delete", "/children", "/watch", "/export",
                             "/import"}) {
    if (rest == p) return true;
  }
  return false;
}

void DataApi::handle(std::string name, std::string rest, transport::Request request,
                     std::shared_ptr<transport::Exchange> exchange) {
  net::post(pool_, [this, name = std::move(name), rest = std::move(rest),
                    request = std::move(request), exchange = std::move(exchange)] {
    try {
      run(name, rest, request, exchange);
    } catch (const Error& e) {
      const bool input = e.code() == ErrorCode::kInvalidArgument;
      exchange->respond(error_reply(input ? 400 : 500, e.what()));
    } catch (const std::exception& e) {
      exchange->respond(error_reply(500, e.what()));
    }
  });
}

void DataApi::run(const std::string& name, const std::string& rest,
                  const transport::Request& request,
                  const std::shared_ptr<transport::Exchange>& exchange) {
  std::shared_ptr<Database> db = directory_.database(name);
  if (db == nullptr) return exchange->respond(error_reply(404, "database '" + name + "' is not served"));
  const QueryString query(request.query);
  const std::string& method = request.method;
  auto wrong_method = [&] { exchange->respond(error_reply(405, "Method not allowed.")); };

  if (rest == "/entries") {
    if (method != "GET") return wrong_method();
    return exchange->respond(json_reply(200, list_entries(*db, query)));
  }
  if (rest == "/entry") {
    if (method == "GET") return exchange->respond(json_reply(200, get_entry(*db, query)));
    if (method == "PUT") return exchange->respond(set_entry(*db, request));
    return wrong_method();
  }
  if (rest == "/delete") {
    if (method != "POST") return wrong_method();
    return exchange->respond(json_reply(200, delete_entries(*db, request)));
  }
  if (rest == "/children") {
    if (method != "GET") return wrong_method();
    return exchange->respond(json_reply(200, children(*db, query)));
  }
  if (rest == "/export") {
    if (method != "GET") return wrong_method();
    return exchange->respond(export_entries(*db, query));
  }
  if (rest == "/import") {
    if (method != "POST") return wrong_method();
    return exchange->respond(json_reply(200, import_entries(*db, request, query)));
  }
  // /watch
  if (method != "GET") return wrong_method();
  auto text = query.get("keys");
  if (!text) bad_input("the parameter \"keys\" (a JSON array of keys) is required");
  codec::JsonValue list = codec::parse_json(*text);
  if (list.kind() != codec::JsonValue::Kind::kArray || list.as_array().empty() ||
      list.as_array().size() > core::limits::kMaxWatchedKeys) {
    bad_input("\"keys\" must be an array of 1 to 10 keys");
  }
  std::vector<Key> keys;
  for (const codec::JsonValue& node : list.as_array()) {
    keys.push_back(codec::key_from_json_value(node));
    if (codec::encode_key(keys.back()).size() > core::limits::kMaxReadKeyBytes) {
      bad_input("a watched key is larger than 2049 bytes");
    }
  }
  // The same database object still served under the name (not a newer
  // one made after a drop).
  auto still_served = [this, name, weak = std::weak_ptr<Database>(db)] {
    auto now = directory_.database(name);
    return now != nullptr && now == weak.lock();
  };
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (closing_) return exchange->respond(error_reply(503, "the server is stopping"));
  }
  std::vector<core::Bytes> encoded;
  for (const Key& key : keys) encoded.push_back(codec::encode_key(key));
  // The stream holds `db` (and so its engine) open while it runs; on_end
  // may run before start() returns, so the stream is registered after.
  auto stream = WatchStream::start(
      engine::engine_of(*db), std::move(encoded), *exchange, pool_.get_executor(),
      event_stream_format(std::move(keys), std::move(still_served)),
      [this, db](WatchStream* ended) {
        std::lock_guard<std::mutex> lock(mu_);
        std::erase_if(streams_, [&](const auto& s) { return s.get() == ended; });
      });
  bool stop_now;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_now = closing_;  // the destructor has already stopped the others
    if (!closing_ && !stream->stopped()) streams_.insert(stream);
  }
  if (stop_now) stream->stop();
}

}  // namespace openkv::server::admin
