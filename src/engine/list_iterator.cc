// Copyright (c) OpenKV authors.
#include "openkv/list.h"

#include <string>

#include "codec/key_codec.h"
#include "codec/list_bounds.h"
#include "core/value_encoding.h"
#include "engine/engine.h"
#include "engine/front_end_limits.h"
#include "openkv/errors.h"

namespace openkv {
namespace {

// Deno's batching (02 §4.2): an explicit batch size is used as is (the read
// limit L6 rejects more than 1000); one derived from `limit` is clamped.
constexpr int64_t kDefaultBatchSize = 100;
constexpr int64_t kMaxDerivedBatchSize = 500;

}  // namespace

struct ListIterator::State {
  std::shared_ptr<engine::Engine> engine;
  ListSelector selector;
  ListOptions options;

  bool started = false;
  bool finished = false;
  int64_t yielded = 0;
  codec::ListBounds bounds;       // narrowed as batches are consumed
  codec::ListBounds cursor_base;  // the selector's bounds, for cursors
  std::vector<core::RawEntry> batch;
  size_t batch_pos = 0;
  bool batch_was_full = false;
  std::optional<core::Bytes> last_key;

  int64_t batch_size() const {
    if (options.batch_size) return *options.batch_size;
    if (options.limit) return std::min(*options.limit, kMaxDerivedBatchSize);
    return kDefaultBatchSize;
  }

  void start() {
    started = true;
    auto encode = [](const std::optional<Key>& key) -> std::optional<core::Bytes> {
      if (!key) return std::nullopt;
      return codec::encode_key(*key);
    };
    bounds =
        codec::list_bounds(encode(selector.prefix), encode(selector.start), encode(selector.end));
    cursor_base = bounds;
    if (!options.cursor.empty()) {
      codec::apply_cursor(bounds, options.cursor, options.reverse, selector.start.has_value(),
                          selector.end.has_value());
    }
    fetch();
  }

  void fetch() {
    core::ReadRange range{bounds.start, bounds.end, static_cast<int32_t>(batch_size()),
                          options.reverse};
    if (batch_size() > INT32_MAX) range.limit = INT32_MAX;
    engine::check_read_ranges({range});
    core::ReadResult result = engine->snapshot_read({range}, options.consistency);
    batch = std::move(result.ranges.at(0));
    batch_pos = 0;
    batch_was_full = static_cast<int64_t>(batch.size()) >= batch_size();
  }

  std::optional<Entry> next() {
    if (!started) start();
    while (!finished) {
      if (options.limit && yielded >= *options.limit) return std::nullopt;
      if (batch_pos < batch.size()) {
        core::RawEntry& raw = batch[batch_pos++];
        ++yielded;
        last_key = raw.key;
        // The next batch continues strictly after (or before) this key.
        if (options.reverse) {
          bounds.end = raw.key;
        } else {
          bounds.start = raw.key;
          bounds.start.push_back(0);
        }
        return Entry{codec::decode_key(raw.key), core::decode_value(raw.value), raw.versionstamp};
      }
      if (!batch_was_full) {
        finished = true;
        break;
      }
      fetch();
    }
    return std::nullopt;
  }

  std::string cursor() const {
    if (!started) {
      if (!options.cursor.empty()) return options.cursor;
      throw Error(ErrorCode::kInvalidArgument, "Cannot get cursor before first iteration");
    }
    if (finished || !last_key) return "";
    return codec::encode_cursor(cursor_base, *last_key);
  }
};

ListIterator::ListIterator(std::shared_ptr<engine::Engine> engine, ListSelector selector,
                           ListOptions options)
    : state_(std::make_unique<State>()) {
  state_->engine = std::move(engine);
  state_->selector = std::move(selector);
  state_->options = std::move(options);
}
ListIterator::ListIterator(ListIterator&&) noexcept = default;
ListIterator& ListIterator::operator=(ListIterator&&) noexcept = default;
ListIterator::~ListIterator() = default;

std::optional<Entry> ListIterator::next() { return state_->next(); }
std::string ListIterator::cursor() const { return state_->cursor(); }

}  // namespace openkv
