// Copyright (c) OpenKV authors.
#include "openkv/database.h"

#include "codec/key_codec.h"
#include "engine/backend_factory.h"
#include "engine/engine.h"
#include "engine/entry_maybe.h"
#include "engine/front_end_limits.h"
#include "engine/typed_write.h"
#include "openkv/errors.h"

namespace openkv {
namespace {

// The point range of one key: [key, key ‖ 00). Its end bound is one byte
// longer than the key, which is why reads allow 2049-byte bounds.
core::ReadRange point_range(const Key& key) {
  core::ReadRange range;
  range.start = codec::encode_key(key);
  range.end = range.start;
  range.end.push_back(0);
  range.limit = 1;
  return range;
}

}  // namespace

Database::Database(std::unique_ptr<engine::Engine> engine) : engine_(std::move(engine)) {}

Database::~Database() { close(); }

std::unique_ptr<Database> Database::open(std::string_view path, const Options& options) {
  if (path.empty()) throw Error(ErrorCode::kInvalidArgument, "Filename cannot be empty");
  if (path.front() == ':' && path != ":memory:") {
    throw Error(ErrorCode::kInvalidArgument,
                "Filename cannot start with ':' unless prefixed with './'");
  }
  auto engine = std::make_unique<engine::Engine>(engine::open_backend(path, options),
                                                 engine::Engine::Options{});
  return std::unique_ptr<Database>(new Database(std::move(engine)));
}

EntryMaybe Database::get(const Key& key, const ReadOptions& options) {
  return get_many({key}, options).front();
}

std::vector<EntryMaybe> Database::get_many(const std::vector<Key>& keys,
                                           const ReadOptions& options) {
  if (engine_->is_closed()) throw Error(ErrorCode::kClosed, "Database is closed.");
  std::vector<core::ReadRange> ranges;
  ranges.reserve(keys.size());
  for (const auto& key : keys) ranges.push_back(point_range(key));
  engine::check_read_ranges(ranges);
  core::ReadResult result = engine_->snapshot_read(ranges, options.consistency);
  std::vector<EntryMaybe> entries;
  entries.reserve(keys.size());
  for (size_t i = 0; i < keys.size(); ++i) {
    const auto& found = result.ranges[i];
    entries.push_back(engine::to_entry_maybe(keys[i], found.empty() ? nullptr : &found.front()));
  }
  return entries;
}

ListIterator Database::list(const ListSelector& selector, const ListOptions& options) {
  if (engine_->is_closed()) throw Error(ErrorCode::kClosed, "Database is closed.");
  // Deno throws these synchronously from list(); everything that needs the
  // keys encoded waits for the first next().
  if (options.limit && *options.limit <= 0) {
    throw Error(ErrorCode::kInvalidArgument,
                "Limit must be positive: received " + std::to_string(*options.limit));
  }
  if (options.batch_size && *options.batch_size <= 0) {
    throw Error(ErrorCode::kInvalidArgument, "batchSize must be positive");
  }
  if (selector.prefix && selector.start && selector.end) {
    throw Error(ErrorCode::kInvalidArgument,
                "Selector can not specify both 'start' and 'end' key when specifying 'prefix'");
  }
  if (!selector.prefix && !(selector.start && selector.end)) {
    throw Error(ErrorCode::kInvalidArgument,
                "Selector must specify either 'prefix' or both 'start' and 'end' key");
  }
  return ListIterator(engine_, selector, options);
}

CommitResult Database::set(const Key& key, const Value& value, const SetOptions& options) {
  return atomic().set(key, value, options).commit();
}

void Database::remove(const Key& key) { atomic().remove(key).commit(); }

CommitResult Database::enqueue(const Value& message, const EnqueueOptions& options) {
  return atomic().enqueue(message, options).commit();
}

AtomicOperation Database::atomic() {
  if (engine_->is_closed()) throw Error(ErrorCode::kClosed, "Database is closed.");
  return AtomicOperation(engine_);
}

void Database::backup_to(const std::string& path) { engine_->backup_to(path); }

void Database::close() { engine_->close(); }


}  // namespace openkv
