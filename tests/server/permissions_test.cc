// What read-only and prefix-scoped tokens may do (server/kv_connect/
// permissions.h), on encoded keys and ranges as the clients send them.
#include <gtest/gtest.h>

#include "codec/key_codec.h"
#include "server/kv_connect/permissions.h"

namespace openkv::server::kv_connect {
namespace {

core::Bytes enc(const Key& key) { return codec::encode_key(key); }
core::Bytes after(core::Bytes b, uint8_t byte) {
  b.push_back(byte);
  return b;
}

Access carts() { return Access{false, enc({"carts"})}; }

TEST(PermissionsTest, UnscopedAccessLeavesRangesAlone) {
  std::vector<core::ReadRange> ranges{{{}, {0xff}, 100, false}};
  EXPECT_FALSE(permit_read(Access{}, ranges));
  EXPECT_EQ(ranges[0].start, core::Bytes{});
  EXPECT_EQ(ranges[0].end, core::Bytes{0xff});
}

TEST(PermissionsTest, PointReadInsideThePrefixIsNarrowedToIt) {
  // @deno/kv reads key k as [k, 0xff) with limit 1.
  std::vector<core::ReadRange> ranges{{enc({"carts", 1}), {0xff}, 1, false}};
  EXPECT_FALSE(permit_read(carts(), ranges));
  EXPECT_EQ(ranges[0].start, enc({"carts", 1}));
  EXPECT_EQ(ranges[0].end, after(enc({"carts"}), 0xff));
}

TEST(PermissionsTest, ReadsStartingOutsideThePrefixAreRefused) {
  for (const core::ReadRange& range : std::vector<core::ReadRange>{
           {enc({"k"}), after(enc({"k"}), 0x00), 1, false},  // Deno's get of ["k"]
           {{}, {0xff}, 100, false},                          // list everything
           {enc({"car"}), {0xff}, 1, false},                  // a string prefix of "carts"
           {{}, enc({"k"}), 10, true},                        // reverse, ending outside
       }) {
    std::vector<core::ReadRange> ranges{range};
    auto error = permit_read(carts(), ranges);
    ASSERT_TRUE(error);
    EXPECT_EQ(error->status, 403);
  }
}

TEST(PermissionsTest, ReverseListOfThePrefixIsNarrowedAtItsStart) {
  std::vector<core::ReadRange> ranges{{{}, after(enc({"carts"}), 0xff), 10, true}};
  EXPECT_FALSE(permit_read(carts(), ranges));
  EXPECT_EQ(ranges[0].start, enc({"carts"}));
}

TEST(PermissionsTest, ReadOnlyTokensReadButNeverWriteOrEnqueue) {
  const Access ro{true, {}};
  core::AtomicWrite checks_only;
  checks_only.checks.push_back({enc({"a"}), std::nullopt});
  EXPECT_FALSE(permit_write(ro, checks_only));
  core::AtomicWrite write;
  write.mutations.push_back({enc({"a"})});
  EXPECT_EQ(permit_write(ro, write)->status, 403);
  EXPECT_EQ(permit_queue(ro)->status, 403);
}

TEST(PermissionsTest, ScopedWritesMustStayInsideThePrefixWhole) {
  core::AtomicWrite inside;
  inside.mutations.push_back({enc({"carts", 1})});
  EXPECT_FALSE(permit_write(carts(), inside));
  core::AtomicWrite partly = inside;
  partly.mutations.push_back({enc({"other"})});
  EXPECT_EQ(permit_write(carts(), partly)->status, 403);
  core::AtomicWrite checked_outside = inside;
  checked_outside.checks.push_back({enc({"other"}), std::nullopt});
  EXPECT_EQ(permit_write(carts(), checked_outside)->status, 403);
  EXPECT_EQ(permit_queue(carts())->status, 403);
  EXPECT_FALSE(permit_watch(carts(), {enc({"carts", 2})}));
  EXPECT_EQ(permit_watch(carts(), {enc({"carts", 2}), enc({"x"})})->status, 403);
}

}  // namespace
}  // namespace openkv::server::kv_connect
