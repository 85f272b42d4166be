// Copyright (c) OpenKV authors.
#include "codec/wtf8.h"

#include <gtest/gtest.h>

#include "openkv/errors.h"

namespace openkv::codec {
namespace {

std::span<const uint8_t> bytes(std::string_view s) {
  return {reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

TEST(Wtf8, ConvertsToAndFromUtf16IncludingLoneSurrogates) {
  EXPECT_EQ(wtf8_to_utf16("a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80"), u"a\u00e9\u20ac\U0001F600");
  EXPECT_EQ(wtf8_to_utf16("\xED\xA0\x80x"), std::u16string(u"\xD800x"));
  EXPECT_EQ(utf16_to_wtf8(u"a\u00e9\u20ac\U0001F600"), "a\xC3\xA9\xE2\x82\xAC\xF0\x9F\x98\x80");
  EXPECT_EQ(utf16_to_wtf8(std::u16string(u"\xDC00\xD800")), "\xED\xB0\x80\xED\xA0\x80");
  EXPECT_EQ(utf16_to_wtf8(std::u16string(1, u'\0')), std::string(1, '\0'));
}

TEST(Wtf8, CombinesASurrogatePairWrittenAsTwoSequences) {
  EXPECT_EQ(utf16_to_wtf8(wtf8_to_utf16("\xED\xA0\xBD\xED\xB8\x80")), "\xF0\x9F\x98\x80");
}

TEST(Wtf8, RejectsMalformedOverlongAndOutOfRangeSequences) {
  for (const char* bad : {"\x80", "\xC0\x80", "\xC3", "\xE0\x80\x80", "\xF0\x80\x80\x80",
                          "\xF4\x90\x80\x80", "\xF8\x88\x80\x80\x80", "\xFF"}) {
    EXPECT_THROW(wtf8_to_utf16(bad), Error) << bad;
  }
}

TEST(Wtf8, ConvertsLatin1) { EXPECT_EQ(latin1_to_wtf8(bytes("a\xE9\xFF")), "a\xC3\xA9\xC3\xBF"); }

TEST(Wtf8, ReplacesInvalidUtf8AndSurrogatesWithReplacementCharacters) {
  EXPECT_EQ(utf8_to_wtf8_lossy(bytes("a\xE2\x82\xAC")), "a\xE2\x82\xAC");
  EXPECT_EQ(utf8_to_wtf8_lossy(bytes("a\xFF"
                                     "b")),
            "a\xEF\xBF\xBD"
            "b");
  EXPECT_EQ(utf8_to_wtf8_lossy(bytes("\xED\xA0\x80")), "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

}  // namespace
}  // namespace openkv::codec
