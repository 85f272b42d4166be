// Copyright (c) OpenKV authors.
#include "storage/remote/url.h"

#include <gtest/gtest.h>

#include "openkv/errors.h"

namespace openkv::storage::remote {
namespace {

std::string resolved(std::string_view base, std::string_view reference) {
  return resolve_url(parse_url(base), reference).to_string();
}

TEST(ParseUrl, SplitsSchemeHostPortAndPath) {
  Url url = parse_url("HTTPS://user:pw@[::1]:8443/kv/v2?x=1#frag");
  EXPECT_EQ(url.scheme, "https");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 8443);
  EXPECT_EQ(url.path, "/kv/v2?x=1");
  EXPECT_EQ(url.authority(), "[::1]:8443");
  EXPECT_EQ(parse_url("http://example.com").to_string(), "http://example.com/");
  EXPECT_EQ(parse_url("http://example.com:80/a").authority(), "example.com");
}

TEST(ParseUrl, RejectsWhatIsNotAnAbsoluteHttpUrl) {
  for (const char* bad : {"", "example.com/v2", "ftp://h/", "http://", "http://:80/",
                          "http://h:0/", "http://h:65536/", "http://h:8x/", "http://[::1/"}) {
    EXPECT_THROW(parse_url(bad), Error) << bad;
  }
}

// Found by fuzz_url: a host that to_string() would write back differently
// (a colon outside brackets, a stray bracket) or cannot go in a Host header.
TEST(ParseUrl, RejectsHostsThatDoNotReadBackTheSame) {
  for (const char* bad : {"https://\xdb::1]:8443/kv", "http://a]b/", "http://a[b/",
                          "http://a b/", "http://a\tb/", "http://[::1x]/", "http://[a b]/"}) {
    EXPECT_THROW(parse_url(bad), Error) << bad;
  }
  EXPECT_EQ(parse_url("http://[::ffff:127.0.0.1]:80/").host, "::ffff:127.0.0.1");
}

TEST(ResolveUrl, AbsoluteUrlsReplaceTheBase) {
  EXPECT_EQ(resolved("http://a:1/meta", "https://b/v2"), "https://b/v2");
}

TEST(ResolveUrl, NetworkPathReferencesKeepOnlyTheScheme) {
  EXPECT_EQ(resolved("https://a:1/x/meta", "//b:2/v2"), "https://b:2/v2");
  // Found by fuzz_url: their dot segments go too (RFC 3986 §5.2.2), as
  // those of absolute URLs do.
  EXPECT_EQ(resolved("http://b/", "//c/../v2/./x?q=/../"), "http://c/v2/x?q=/../");
  EXPECT_EQ(resolved("http://b/", "http://c/a/../v2"), "http://c/v2");
}

TEST(ResolveUrl, AbsolutePathsKeepTheOrigin) {
  EXPECT_EQ(resolved("http://a:1/x/meta", "/v2"), "http://a:1/v2");
  EXPECT_EQ(resolved("http://a:1/x/meta", "/v2/./y/../z"), "http://a:1/v2/z");
}

TEST(ResolveUrl, RelativePathsResolveAgainstTheDirectoryWithDotSegments) {
  EXPECT_EQ(resolved("http://a/db/kv/meta", "v2"), "http://a/db/kv/v2");
  EXPECT_EQ(resolved("http://a/db/kv/meta", "../v2"), "http://a/db/v2");
  EXPECT_EQ(resolved("http://a/db/kv/meta", "./v2"), "http://a/db/kv/v2");
  EXPECT_EQ(resolved("http://a/db/meta", "../../../v2"), "http://a/v2");
  EXPECT_EQ(resolved("http://a/db/meta?token=1", "v2"), "http://a/db/v2");
}

TEST(ResolveUrl, AUrlInTheQueryDoesNotMakeTheReferenceAbsolute) {
  EXPECT_EQ(resolved("http://a:1/meta", "/v2?next=http://x"), "http://a:1/v2?next=http://x");
  EXPECT_EQ(resolved("http://a:1/db/meta", "v2?next=http://x"),
            "http://a:1/db/v2?next=http://x");
}

TEST(ResolveUrl, QueriesAndFragments) {
  EXPECT_EQ(resolved("http://a/db/meta?x=1", ""), "http://a/db/meta?x=1");
  EXPECT_EQ(resolved("http://a/db/meta?x=1", "?y=2"), "http://a/db/meta?y=2");
  EXPECT_EQ(resolved("http://a/db/meta", "v2#part"), "http://a/db/v2");
}

TEST(ResolveUrl, AnAbsoluteReferenceMustStillBeHttp) {
  EXPECT_THROW(resolved("http://a/meta", "ftp://b/v2"), Error);
}

}  // namespace
}  // namespace openkv::storage::remote
