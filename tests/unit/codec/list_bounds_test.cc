// Copyright (c) OpenKV authors.
#include "codec/list_bounds.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "codec/key_codec.h"
#include "openkv/errors.h"
#include "unit/codec/hex_bytes.h"

namespace openkv::codec {
namespace {

using openkv::testing::hex_bytes;
using openkv::testing::to_hex;
using Bytes = std::vector<uint8_t>;

std::optional<Bytes> enc(const Key& key) { return encode_key(key); }
constexpr std::nullopt_t none = std::nullopt;

template <typename F>
void expect_invalid(F&& f, std::string_view text) {
  try {
    f();
    ADD_FAILURE() << "no error, expected: " << text;
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
    EXPECT_EQ(std::string_view(e.what()), text);
  }
}

// ---- Selectors (spec 02 §4.1) ----------------------------------------------

TEST(ListBoundsTest, PrefixSelectorExcludesThePrefixKeyItself) {
  ListBounds b = list_bounds(enc({"a"}), none, none);
  EXPECT_EQ(to_hex(b.start), "02 61 00 00");
  EXPECT_EQ(to_hex(b.end), "02 61 00 ff");
  EXPECT_EQ(to_hex(b.common_prefix), "02 61 00");
  EXPECT_LT(*enc({"a"}), b.start);
  EXPECT_GE(*enc({"a", KeyPart::bytes({})}), b.start);
  EXPECT_LT(*enc({"a", true}), b.end);
}

TEST(ListBoundsTest, EmptyPrefixListsTheWholeDatabase) {
  ListBounds b = list_bounds(enc({}), none, none);
  EXPECT_EQ(to_hex(b.start), "00");
  EXPECT_EQ(to_hex(b.end), "ff");
  EXPECT_TRUE(b.common_prefix.empty());
}

TEST(ListBoundsTest, PrefixWithStartBeginsAtStart) {
  ListBounds b = list_bounds(enc({"a"}), enc({"a", "c"}), none);
  EXPECT_EQ(b.start, *enc({"a", "c"}));
  EXPECT_EQ(to_hex(b.end), "02 61 00 ff");
  EXPECT_EQ(to_hex(b.common_prefix), "02 61 00");
}

TEST(ListBoundsTest, PrefixWithEndStopsBeforeEnd) {
  ListBounds b = list_bounds(enc({"a"}), none, enc({"a", "c"}));
  EXPECT_EQ(to_hex(b.start), "02 61 00 00");
  EXPECT_EQ(b.end, *enc({"a", "c"}));
  EXPECT_EQ(to_hex(b.common_prefix), "02 61 00");
}

TEST(ListBoundsTest, StartAndEndUseTheirLongestCommonBytePrefix) {
  ListBounds b = list_bounds(none, enc({"a", "b"}), enc({"a", "z"}));
  EXPECT_EQ(b.start, *enc({"a", "b"}));
  EXPECT_EQ(b.end, *enc({"a", "z"}));
  EXPECT_EQ(to_hex(b.common_prefix), "02 61 00 02");
}

TEST(ListBoundsTest, EqualStartAndEndGiveAnEmptyRange) {
  ListBounds b = list_bounds(none, enc({"a"}), enc({"a"}));
  EXPECT_EQ(b.start, b.end);
  EXPECT_EQ(b.common_prefix, b.start);
}

TEST(ListBoundsTest, StartGreaterThanEndIsRejected) {
  expect_invalid([] { list_bounds(none, enc({"b"}), enc({"a"})); },
                 "Start key is greater than end key");
  // Byte order, not part order: a longer key with the same bytes is greater.
  expect_invalid(
      [] {
        list_bounds(none, enc({"a", 1}), enc({"a"}));
      },
      "Start key is greater than end key");
}

TEST(ListBoundsTest, StartOutsideOrEqualToPrefixIsRejected) {
  const char* text = "Start key is not in the keyspace defined by prefix";
  expect_invalid([] { list_bounds(enc({"a"}), enc({"b", 1}), none); }, text);
  expect_invalid([] { list_bounds(enc({"a"}), enc({"a"}), none); }, text);
  // Parts are whole: "users","a" is not a prefix of "users","alice".
  expect_invalid([] { list_bounds(enc({"users", "a"}), enc({"users", "alice"}), none); }, text);
}

TEST(ListBoundsTest, EndOutsideOrEqualToPrefixIsRejected) {
  const char* text = "End key is not in the keyspace defined by prefix";
  expect_invalid([] { list_bounds(enc({"a"}), none, enc({"b"})); }, text);
  expect_invalid([] { list_bounds(enc({"a"}), none, enc({"a"})); }, text);
}

TEST(ListBoundsTest, SelectorShapeErrorsUseDenoTexts) {
  expect_invalid(
      [] {
        list_bounds(enc({"a"}), enc({"a", 1}), enc({"a", 2}));
      },
      "Selector can not specify both 'start' and 'end' key when specifying 'prefix'");
  const char* either = "Selector must specify either 'prefix' or both 'start' and 'end' key";
  expect_invalid([] { list_bounds(none, none, none); }, either);
  expect_invalid([] { list_bounds(none, enc({"a"}), none); }, either);
  expect_invalid([] { list_bounds(none, none, enc({"a"})); }, either);
}

// ---- Cursors (spec 01 §2) --------------------------------------------------

TEST(ListCursorTest, SpecVectorsEncodeToDenosCursors) {
  ListBounds prefix_a = list_bounds(enc({"a"}), none, none);
  EXPECT_EQ(encode_cursor(prefix_a, *enc({"a", "b"})), "AmIA");
  EXPECT_EQ(encode_cursor(prefix_a, *enc({"a", "d"})), "AmQA");
  ListBounds range = list_bounds(none, enc({"a", "b"}), enc({"a", "z"}));
  EXPECT_EQ(encode_cursor(range, *enc({"a", "c"})), "YwA=");
  ListBounds prefix_n = list_bounds(enc({"n"}), none, none);
  EXPECT_EQ(encode_cursor(prefix_n, *enc({"n", -1.5})), "IUAH________");
}

TEST(ListCursorTest, ForwardCursorResumesStrictlyAfterTheBoundaryKey) {
  ListBounds b = list_bounds(enc({"a"}), none, none);
  apply_cursor(b, "AmIA", /*reverse=*/false, false, false);
  EXPECT_EQ(to_hex(b.start), "02 61 00 02 62 00 00");
  EXPECT_EQ(to_hex(b.end), "02 61 00 ff");
}

TEST(ListCursorTest, ReverseCursorResumesStrictlyBeforeTheBoundaryKey) {
  ListBounds b = list_bounds(enc({"a"}), none, none);
  apply_cursor(b, "AmQA", /*reverse=*/true, false, false);
  EXPECT_EQ(to_hex(b.start), "02 61 00 00");
  EXPECT_EQ(to_hex(b.end), "02 61 00 02 64 00");
}

TEST(ListCursorTest, CursorIsRelativeToTheCommonPrefixOfStartAndEnd) {
  ListBounds b = list_bounds(none, enc({"a", "b"}), enc({"a", "z"}));
  apply_cursor(b, "YwA=", false, true, true);
  EXPECT_EQ(b.start, hex_bytes("02 61 00 02 63 00 00"));
  EXPECT_EQ(b.end, *enc({"a", "z"}));
  ListBounds n = list_bounds(enc({"n"}), none, none);
  apply_cursor(n, "IUAH________", false, false, false);
  EXPECT_EQ(to_hex(n.start), "02 6e 00 21 40 07 ff ff ff ff ff ff 00");
}

TEST(ListCursorTest, EmptyCursorMeansNoCursor) {
  ListBounds b = list_bounds(enc({"a"}), none, none);
  ListBounds before = b;
  apply_cursor(b, "", false, false, false);
  apply_cursor(b, "", true, false, false);
  EXPECT_EQ(b.start, before.start);
  EXPECT_EQ(b.end, before.end);
}

TEST(ListCursorTest, BoundaryKeyOutsideTheCommonPrefixIsRejected) {
  ListBounds b = list_bounds(enc({"a"}), none, none);
  expect_invalid([&] { encode_cursor(b, *enc({"b", "x"})); }, "Invalid boundary key");
  expect_invalid([&] { encode_cursor(b, hex_bytes("02 61")); }, "Invalid boundary key");
}

TEST(ListCursorTest, CursorThatIsNotPaddedBase64UrlIsInvalid) {
  for (const char* cursor : {"AmI", "YwA", "Am+A", "Am/A", "Am*A", "YwB=", "=", "A==="}) {
    ListBounds b = list_bounds(enc({"a"}), none, none);
    expect_invalid([&] { apply_cursor(b, cursor, false, false, false); }, "invalid cursor");
  }
}

TEST(ListCursorTest, CursorBeforeAnExplicitStartIsOutOfBounds) {
  // ["a","a"] lies before start ["a","b"]; cursor of "61 00" after CP.
  ListBounds range = list_bounds(none, enc({"a", "b"}), enc({"a", "z"}));
  std::string before_start = encode_cursor(range, *enc({"a", "a"}));
  expect_invalid([&] { apply_cursor(range, before_start, false, true, true); },
                 "cursor out of bounds");
  ListBounds prefixed = list_bounds(enc({"a"}), enc({"a", "m"}), none);
  std::string cursor = encode_cursor(prefixed, *enc({"a", "c"}));
  expect_invalid([&] { apply_cursor(prefixed, cursor, false, true, false); },
                 "cursor out of bounds");
}

TEST(ListCursorTest, CursorAfterAnExplicitEndIsOutOfBounds) {
  ListBounds range = list_bounds(none, enc({"a", "b"}), enc({"a", "z"}));
  std::string after_end = encode_cursor(range, *enc({"a", "zz"}));
  expect_invalid([&] { apply_cursor(range, after_end, true, true, true); }, "cursor out of bounds");
  ListBounds prefixed = list_bounds(enc({"a"}), none, enc({"a", "m"}));
  std::string cursor = encode_cursor(prefixed, *enc({"a", "x"}));
  expect_invalid([&] { apply_cursor(prefixed, cursor, true, false, true); },
                 "cursor out of bounds");
}

TEST(ListCursorTest, OnlyTheSideTheCursorMovesIsChecked) {
  // A reverse cursor below an explicit start just gives an empty range, and
  // without an explicit start nothing is checked (Deno does the same).
  ListBounds range = list_bounds(none, enc({"a", "b"}), enc({"a", "z"}));
  apply_cursor(range, encode_cursor(range, *enc({"a", "a"})), true, true, true);
  EXPECT_LT(range.end, range.start);
  ListBounds prefixed = list_bounds(enc({"a"}), none, enc({"a", "m"}));
  apply_cursor(prefixed, encode_cursor(prefixed, *enc({"a", "x"})), false, false, true);
  EXPECT_EQ(prefixed.start, hex_bytes("02 61 00 02 78 00 00"));
}

TEST(ListCursorTest, CursorAtTheSelectorsOwnBoundsIsAccepted) {
  ListBounds range = list_bounds(none, enc({"a", "b"}), enc({"a", "z"}));
  ListBounds forward = range, reverse = range;
  apply_cursor(forward, encode_cursor(range, range.start), false, true, true);
  EXPECT_EQ(forward.start, hex_bytes("02 61 00 02 62 00 00"));
  apply_cursor(reverse, encode_cursor(range, range.end), true, true, true);
  EXPECT_EQ(reverse.end, range.end);
}

// Pages through a sorted key set two keys at a time, as list() does with
// batchSize 2, and checks that the pages join up to the whole selection.
std::vector<Bytes> page_through(const std::vector<Bytes>& sorted_keys,
                                const std::optional<Bytes>& prefix,
                                const std::optional<Bytes>& start, const std::optional<Bytes>& end,
                                bool reverse) {
  std::vector<Bytes> seen;
  std::string cursor;
  for (int guard = 0; guard < 100; ++guard) {
    ListBounds b = list_bounds(prefix, start, end);
    apply_cursor(b, cursor, reverse, start.has_value(), end.has_value());
    std::vector<Bytes> page;
    for (const Bytes& k : sorted_keys) {
      if (k >= b.start && k < b.end) page.push_back(k);
    }
    if (reverse) std::reverse(page.begin(), page.end());
    if (page.size() > 2) page.resize(2);
    seen.insert(seen.end(), page.begin(), page.end());
    if (page.size() < 2) return seen;
    cursor = encode_cursor(b, page.back());
  }
  ADD_FAILURE() << "pagination did not terminate";
  return seen;
}

TEST(ListCursorTest, PagingWithCursorsVisitsEveryKeyOnceInBothDirections) {
  std::vector<Bytes> keys;
  for (const Key& k : std::vector<Key>{{"a"},
                                       {"a", BigInt(-3)},
                                       {"a", 1},
                                       {"a", 2.5},
                                       {"a", "x"},
                                       {"a", "x", 1},
                                       {"a", "y"},
                                       {"a", true},
                                       {"b"},
                                       {"b", 1}}) {
    keys.push_back(encode_key(k));
  }
  std::sort(keys.begin(), keys.end());
  auto expect_pages = [&](const std::optional<Bytes>& prefix, const std::optional<Bytes>& start,
                          const std::optional<Bytes>& end) {
    ListBounds b = list_bounds(prefix, start, end);
    std::vector<Bytes> expected;
    for (const Bytes& k : keys) {
      if (k >= b.start && k < b.end) expected.push_back(k);
    }
    EXPECT_EQ(page_through(keys, prefix, start, end, false), expected);
    std::reverse(expected.begin(), expected.end());
    EXPECT_EQ(page_through(keys, prefix, start, end, true), expected);
  };
  expect_pages(enc({"a"}), none, none);
  expect_pages(enc({}), none, none);
  expect_pages(enc({"a"}), enc({"a", 1}), none);
  expect_pages(enc({"a"}), none, enc({"a", "y"}));
  expect_pages(none, enc({"a", BigInt(-3)}), enc({"b", 1}));
}

}  // namespace
}  // namespace openkv::codec
