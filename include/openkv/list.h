// Copyright (c) OpenKV authors.
//
// list(): iterate over a key range in key order (or reverse), in batches,
// with Deno's cursors so a caller can stop and resume later.
#ifndef OPENKV_LIST_H_
#define OPENKV_LIST_H_

#include <cstdint>
#include <memory>
#include <optional>
#include <string>

#include "openkv/entry.h"
#include "openkv/key.h"
#include "openkv/options.h"

namespace openkv {

// Which keys to list. Valid shapes (as in Deno): {prefix}, {prefix, start},
// {prefix, end}, {start, end}. A prefix lists keys strictly below it (the key
// equal to the prefix is not included).
struct ListSelector {
  std::optional<Key> prefix;
  std::optional<Key> start;  // inclusive
  std::optional<Key> end;    // exclusive

  static ListSelector with_prefix(Key p) { return {std::move(p), {}, {}}; }
  static ListSelector range(Key s, Key e) { return {{}, std::move(s), std::move(e)}; }
};

struct ListOptions {
  std::optional<int64_t> limit;       // > 0; default unlimited
  std::optional<int64_t> batch_size;  // > 0; default limit or 100, derived ≤ 500
  bool reverse = false;
  std::string cursor;  // "" = start from the beginning
  Consistency consistency = Consistency::kStrong;
};

class Database;
namespace engine {
class Engine;
}

// Single pass over a list. Each batch is one consistent read; consistency
// holds within a batch only. Not thread-safe: use from one thread at a time.
class ListIterator {
 public:
  ListIterator(ListIterator&&) noexcept;
  ListIterator& operator=(ListIterator&&) noexcept;
  ~ListIterator();

  // The next entry, or nullopt when the range is exhausted or the limit was
  // reached. Selector, cursor and size errors are thrown by the first call.
  std::optional<Entry> next();

  // Where to resume: the cursor of the last yielded entry; "" once the range
  // is exhausted; before the first next(), the cursor option if one was given,
  // else throws "Cannot get cursor before first iteration".
  std::string cursor() const;

 private:
  friend class Database;
  struct State;
  ListIterator(std::shared_ptr<engine::Engine> engine, ListSelector selector, ListOptions options);
  std::unique_ptr<State> state_;
};

}  // namespace openkv

#endif  // OPENKV_LIST_H_
