// Copyright (c) OpenKV authors.

#include "storage/sqlite/queue_rows.h"

#include <array>
#include <limits>

#include "codec/hex.h"
#include "openkv/errors.h"

namespace openkv::storage::sqlite {
namespace {

template <typename Range>
void append_int_array(std::string& out, const Range& values) {
  out += '[';
  bool first = true;
  for (auto v : values) {
    if (!first) out += ',';
    first = false;
    out += std::to_string(v);
  }
  out += ']';
}

// Reads the JSON texts of the two queue columns: an array of unsigned
// integers, or (depth 2) an array of such arrays.
class IntArrayReader {
 public:
  explicit IntArrayReader(std::string_view text) : text_(text) {}

  // True for "null" or an empty column: both mean "no elements".
  bool at_null() {
    skip_space();
    if (pos_ == text_.size()) return true;
    if (text_.compare(pos_, 4, "null") != 0) return false;
    pos_ += 4;
    expect_end();
    return true;
  }

  // Calls `element` for every element of the array that starts here.
  template <typename F>
  void read_array(F&& element) {
    expect('[');
    skip_space();
    if (peek() == ']') {
      ++pos_;
      return;
    }
    for (;;) {
      element();
      skip_space();
      if (peek() == ']') {
        ++pos_;
        return;
      }
      expect(',');
    }
  }

  uint64_t read_uint(uint64_t max) {
    skip_space();
    uint64_t value = 0;
    size_t start = pos_;
    while (pos_ < text_.size() && text_[pos_] >= '0' && text_[pos_] <= '9') {
      uint64_t digit = static_cast<uint64_t>(text_[pos_] - '0');
      if (value > (max - digit) / 10) fail();
      value = value * 10 + digit;
      ++pos_;
    }
    if (pos_ == start) fail();
    return value;
  }

  void expect_end() {
    skip_space();
    if (pos_ != text_.size()) fail();
  }

 private:
  void skip_space() {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r' || text_[pos_] == '\t')) {
      ++pos_;
    }
  }
  char peek() const { return pos_ < text_.size() ? text_[pos_] : '\0'; }
  void expect(char c) {
    skip_space();
    if (peek() != c) fail();
    ++pos_;
  }
  [[noreturn]] void fail() const {
    throw Error(ErrorCode::kCorruption,
                "Malformed queue column in the database: " + std::string(text_));
  }

  std::string_view text_;
  size_t pos_ = 0;
};

}  // namespace

std::vector<uint32_t> parse_backoff_schedule_json(std::string_view text) {
  std::vector<uint32_t> schedule;
  IntArrayReader reader(text);
  if (reader.at_null()) return schedule;
  reader.read_array([&] {
    schedule.push_back(
        static_cast<uint32_t>(reader.read_uint(std::numeric_limits<uint32_t>::max())));
  });
  reader.expect_end();
  return schedule;
}

std::vector<core::Bytes> parse_keys_json(std::string_view text) {
  std::vector<core::Bytes> keys;
  IntArrayReader reader(text);
  if (reader.at_null()) return keys;
  reader.read_array([&] {
    core::Bytes& key = keys.emplace_back();
    reader.read_array([&] { key.push_back(static_cast<uint8_t>(reader.read_uint(255))); });
  });
  reader.expect_end();
  return keys;
}

std::string new_message_id(std::mt19937_64& rng) {
  std::array<uint8_t, 16> b;
  uint64_t hi = rng();
  uint64_t lo = rng();
  for (int i = 0; i < 8; ++i) {
    b[i] = static_cast<uint8_t>(hi >> (56 - 8 * i));
    b[8 + i] = static_cast<uint8_t>(lo >> (56 - 8 * i));
  }
  return codec::uuid_v4_text(b);
}

std::string backoff_schedule_json(const std::vector<uint32_t>& schedule) {
  std::string out;
  append_int_array(out, schedule);
  return out;
}

std::string keys_json(const std::vector<core::Bytes>& keys) {
  std::string out = "[";
  for (size_t i = 0; i < keys.size(); ++i) {
    if (i > 0) out += ',';
    append_int_array(out, keys[i]);
  }
  out += ']';
  return out;
}

}  // namespace openkv::storage::sqlite
