// Copyright (c) OpenKV authors.
//
// Protocol mapping, validation and metadata without sockets: the captured
// request bodies and reply vectors of spec 04 §9, and the error texts of §7.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <regex>

#include "protocol/convert.h"
#include "server/kv_connect/metadata.h"
#include "server/kv_connect/validation.h"
#include "test_util.h"

namespace openkv::server::kv_connect {
namespace {

using protocol::to_proto;
using protocol::to_raw;

using testing::hex;
using testing::unhex;

core::Bytes b(std::string_view hexed) {
  std::string s = unhex(hexed);
  return core::Bytes(s.begin(), s.end());
}

template <typename M>
M parse(std::string_view hexed) {
  M m;
  EXPECT_TRUE(m.ParseFromString(unhex(hexed)));
  return m;
}

constexpr int64_t kNow = 1795754456054 - 1000;

TEST(GoldenRequests, DenoGet) {
  auto m = parse<pb::SnapshotRead>(
      "0a230a0e0275736572730002616c69636500120f0275736572730002616c69636500001801");
  EXPECT_FALSE(validate(m));
  auto ranges = to_raw(m);
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_EQ(ranges[0].start, b("0275736572730002616c69636500"));
  EXPECT_EQ(ranges[0].end, b("0275736572730002616c6963650000"));
  EXPECT_EQ(ranges[0].limit, 1);
  EXPECT_FALSE(ranges[0].reverse);
}

TEST(GoldenRequests, NodeGetAndListShapes) {
  auto get = to_raw(parse<pb::SnapshotRead>("0a170a0e0275736572730002616c696365001201ff18012000"));
  EXPECT_EQ(get[0].end, b("ff"));
  auto list = to_raw(parse<pb::SnapshotRead>("0a0e0a030261001203027a0018032001"));
  EXPECT_EQ(list[0].limit, 3);
  EXPECT_TRUE(list[0].reverse);
  auto many = parse<pb::SnapshotRead>(
      "0a0c0a030261001201ff180120000a150a0c02620021bff00000000000001201ff18012000");
  EXPECT_EQ(to_raw(many).size(), 2u);
}

TEST(GoldenRequests, DenoAndNodeSet) {
  for (auto body :
       {"122a0a0e0275736572730002616c6963650012160a12ff106f22046e616d652205416c6963657b0110011801",
        "12320a0e0275736572730002616c6963650012160a12ff0f6f22046e616d652205416c6963657b011001180120"
        "002a0032003800"}) {
    auto m = parse<pb::AtomicWrite>(body);
    EXPECT_FALSE(validate(m, kNow));
    auto w = to_raw(m);
    ASSERT_EQ(w.mutations.size(), 1u);
    EXPECT_EQ(w.mutations[0].type, core::MutationType::kSet);
    EXPECT_EQ(w.mutations[0].key, b("0275736572730002616c69636500"));
    EXPECT_EQ(w.mutations[0].value.encoding, core::Encoding::kV8);
    EXPECT_EQ(w.mutations[0].value.data.size(), 18u);
    EXPECT_FALSE(w.mutations[0].expire_at_ms);
  }
}

TEST(GoldenRequests, DenoAtomicWriteWithEveryMutation) {
  auto m = parse<pb::AtomicWrite>(
      "0a050a030263000a110a03026400120a0000000000000005000012150a03026e00120c0a0805000000000000"
      "001002180312160a04026d6e00120c0a0802000000000000001002180512160a04026d7800120c0a08090000"
      "000000000010021804120b0a0302780012021003180212190a0302650012090a05ff102201761001180120ce"
      "eab9daa134");
  EXPECT_FALSE(validate(m, kNow));
  auto w = to_raw(m);
  ASSERT_EQ(w.checks.size(), 2u);
  EXPECT_FALSE(w.checks[0].versionstamp);
  EXPECT_EQ(w.checks[1].versionstamp->to_hex(), "00000000000000050000");
  ASSERT_EQ(w.mutations.size(), 5u);
  EXPECT_EQ(w.mutations[0].type, core::MutationType::kSum);
  EXPECT_EQ(w.mutations[0].value.encoding, core::Encoding::kLe64);
  EXPECT_EQ(w.mutations[1].type, core::MutationType::kMin);
  EXPECT_EQ(w.mutations[2].type, core::MutationType::kMax);
  EXPECT_EQ(w.mutations[3].type, core::MutationType::kDelete);
  EXPECT_EQ(w.mutations[4].type, core::MutationType::kSet);
  EXPECT_EQ(w.mutations[4].expire_at_ms, 1795754456398);
}

TEST(GoldenRequests, NodeDeleteWithoutValue) {
  auto m = parse<pb::AtomicWrite>("120f0a03027800180220002a0032003800");
  EXPECT_FALSE(validate(m, kNow));
  EXPECT_EQ(to_raw(m).mutations[0].type, core::MutationType::kDelete);
}

TEST(GoldenRequests, NodeEnqueueUnpackedBackoff) {
  auto m = parse<pb::AtomicWrite>(
      "1a230a07ff0f22036d736710f6e7b9daa1341a06026465616400206420c80120900320a006");
  EXPECT_FALSE(validate(m, kNow));
  auto w = to_raw(m);
  ASSERT_EQ(w.enqueues.size(), 1u);
  EXPECT_EQ(w.enqueues[0].deadline_ms, 1795754456054);
  EXPECT_EQ(w.enqueues[0].keys_if_undelivered[0], b("026465616400"));
  EXPECT_EQ(w.enqueues[0].backoff_schedule, (std::vector<uint32_t>{100, 200, 400, 800}));
}

TEST(GoldenRequests, Watch) {
  auto m = parse<pb::Watch>("0a050a03027700");
  EXPECT_FALSE(validate(m));
  EXPECT_EQ(to_raw(m)[0], b("027700"));
}

core::RawEntry alice() {
  return {b("0275736572730002616c69636500"),
          {b("ff0f6f22046e616d652205416c6963657b01"), core::Encoding::kV8},
          Versionstamp::from_hex("00000000000000050000")};
}

TEST(GoldenReplies, SnapshotRead) {
  core::ReadResult empty;
  empty.ranges.resize(1);
  EXPECT_EQ(hex(to_proto(empty, true).SerializeAsString()), "0a0020014001");
  empty.ranges.resize(0);
  EXPECT_EQ(hex(to_proto(empty, true).SerializeAsString()), "20014001");
  core::ReadResult one;
  one.ranges = {{alice()}};
  // Spec 04 §9.3 (a derived vector) prints this as "0a32 0a0e…", which drops
  // the ReadRangeOutput level: ranges[0] (0a 34) holds values[0] (0a 32).
  EXPECT_EQ(hex(to_proto(one, true).SerializeAsString()),
            "0a340a320a0e0275736572730002616c696365001212ff0f6f22046e616d652205416c6963657b01"
            "1801220a0000000000000005000020014001");
  // An eventual read a standby served: read_is_strongly_consistent (field 2)
  // is false and so not encoded.
  EXPECT_EQ(hex(to_proto(empty, false).SerializeAsString()), "4001");
}

TEST(GoldenReplies, AtomicWrite) {
  core::CommitResult ok{true, Versionstamp::from_version(1), {}};
  EXPECT_EQ(hex(to_proto(ok).SerializeAsString()), "0801120a00000000000000010000");
  core::CommitResult failed{false, {}, {0}};
  EXPECT_EQ(hex(to_proto(failed).SerializeAsString()), "0802220100");
}

TEST(GoldenReplies, WatchOutput) {
  EXPECT_EQ(
      hex(to_proto(std::vector<std::optional<core::RawEntry>>{std::nullopt}).SerializeAsString()),
      "080112020801");
  EXPECT_EQ(hex(to_proto(std::vector<std::optional<core::RawEntry>>{alice()}).SerializeAsString()),
            "08011236080112320a0e0275736572730002616c696365001212ff0f6f22046e616d652205416c69"
            "63657b011801220a00000000000000050000");
}

// --- validation, in the order of spec 04 §6 ---

std::string error_of(const pb::AtomicWrite& m) {
  auto e = validate(m, kNow);
  return e ? std::to_string(e->status) + " " + e->body : "ok";
}

pb::Mutation* set_mutation(pb::AtomicWrite& m, size_t key_len = 3, size_t value_len = 1) {
  auto* mut = m.add_mutations();
  mut->set_key(std::string(key_len, 'k'));
  mut->set_mutation_type(pb::M_SET);
  mut->mutable_value()->set_data(std::string(value_len, 'v'));
  mut->mutable_value()->set_encoding(pb::VE_BYTES);
  return mut;
}

TEST(Validation, SnapshotRead) {
  pb::SnapshotRead m;
  for (int i = 0; i < 11; ++i) m.add_ranges()->set_limit(1);
  EXPECT_EQ(validate(m)->body, "Too many read ranges requested in one read request.");
  m.clear_ranges();
  m.add_ranges()->set_limit(0);
  EXPECT_EQ(validate(m)->body, "The read range limit of the snapshot read request is invalid.");
  m.mutable_ranges(0)->set_limit(-5);
  EXPECT_TRUE(validate(m));
  m.mutable_ranges(0)->set_limit(1);
  m.mutable_ranges(0)->set_start(std::string(2049, 'a'));
  EXPECT_FALSE(validate(m));
  m.mutable_ranges(0)->set_end(std::string(2050, 'a'));
  EXPECT_EQ(validate(m)->body, "A key exceeds the key size limit.");
  m.clear_ranges();
  m.add_ranges()->set_limit(500);
  m.add_ranges()->set_limit(501);
  EXPECT_EQ(validate(m)->body,
            "The total number of entries requested across read ranges in the read request is "
            "too large.");
}

TEST(Validation, AtomicWriteCountsAndChecks) {
  pb::AtomicWrite m;
  for (int i = 0; i < 101; ++i) m.add_checks();
  EXPECT_EQ(error_of(m), "400 Too many checks included in atomic write.");
  m.clear_checks();
  for (int i = 0; i < 1001; ++i) set_mutation(m);
  EXPECT_EQ(error_of(m), "400 Too many mutations / enqueues included in atomic write.");
  m.clear_mutations();
  m.add_checks()->set_key(std::string(2050, 'k'));
  EXPECT_EQ(error_of(m), "400 A key exceeds the key size limit.");
  m.mutable_checks(0)->set_key("k");
  m.mutable_checks(0)->set_versionstamp("123");
  EXPECT_EQ(error_of(m), "400 Invalid versionstamp.");
}

TEST(Validation, Mutations) {
  pb::AtomicWrite m;
  set_mutation(m, 2049);
  EXPECT_EQ(error_of(m), "400 A key exceeds the key size limit.");
  m.clear_mutations();
  set_mutation(m, 2048, 65537);
  EXPECT_EQ(error_of(m), "400 A value exceeds the value size limit.");
  m.clear_mutations();
  set_mutation(m)->clear_value();
  EXPECT_EQ(error_of(m), "400 Invalid mutation kind or arguments.");
  m.clear_mutations();
  set_mutation(m)->set_mutation_type(static_cast<pb::MutationType>(7));
  EXPECT_EQ(error_of(m), "400 Invalid mutation kind or arguments.");
  m.clear_mutations();
  set_mutation(m)->mutable_value()->set_encoding(static_cast<pb::ValueEncoding>(9));
  EXPECT_EQ(error_of(m), "400 The value encoding 9 is unknown.");
  m.clear_mutations();
  auto* sum = set_mutation(m, 3, 7);
  sum->set_mutation_type(pb::M_SUM);
  sum->mutable_value()->set_encoding(pb::VE_LE64);
  EXPECT_EQ(error_of(m), "400 Invalid mutation kind or arguments.");
  m.clear_mutations();
  set_mutation(m)->set_expire_at_ms(-2);
  EXPECT_EQ(error_of(m), "400 Invalid mutation expire at.");
  m.clear_mutations();
  auto* del = m.add_mutations();
  del->set_mutation_type(pb::M_DELETE);
  del->set_expire_at_ms(-1);
  EXPECT_EQ(error_of(m), "ok");
  m.clear_mutations();
  for (int i = 0; i < 13; ++i) set_mutation(m, 2048, 65536);
  EXPECT_EQ(error_of(m), "400 The total size of the atomic write is too large.");
}

TEST(Validation, Enqueues) {
  auto with = [](auto edit) {
    pb::AtomicWrite m;
    auto* e = m.add_enqueues();
    e->set_payload("p");
    e->set_deadline_ms(kNow);
    edit(*e);
    return error_of(m);
  };
  EXPECT_EQ(with([](pb::Enqueue&) {}), "ok");
  EXPECT_EQ(with([](pb::Enqueue& e) { e.set_payload(std::string(65537, 'p')); }),
            "400 A value exceeds the value size limit.");
  EXPECT_EQ(with([](pb::Enqueue& e) {
              for (int i = 0; i < 11; ++i) e.add_keys_if_undelivered("k");
            }),
            "400 Too many dead letter keys for a single queue message.");
  EXPECT_EQ(with([](pb::Enqueue& e) { e.add_keys_if_undelivered(std::string(2049, 'k')); }),
            "400 A key exceeds the key size limit.");
  EXPECT_EQ(with([](pb::Enqueue& e) {
              for (int i = 0; i < 11; ++i) e.add_backoff_schedule(1);
            }),
            "400 Too many backoff intervals for a single queue message.");
  EXPECT_EQ(with([](pb::Enqueue& e) { e.add_backoff_schedule(3600001); }),
            "400 A backoff interval exceeds the maximum allowed backoff interval.");
  EXPECT_EQ(with([](pb::Enqueue& e) { e.set_deadline_ms(-1); }),
            "400 Invalid mutation enqueue deadline.");
  EXPECT_EQ(with([](pb::Enqueue& e) { e.set_deadline_ms(kNow + 2592000000 + 60001); }),
            "400 Invalid mutation enqueue deadline.");
  EXPECT_EQ(with([](pb::Enqueue& e) { e.set_deadline_ms(kNow + 2592000000 + 60000); }), "ok");
  EXPECT_EQ(with([](pb::Enqueue& e) { e.set_deadline_ms(1); }), "ok");  // past = now
}

TEST(Validation, Watch) {
  pb::Watch m;
  m.add_keys()->set_key(std::string(2049, 'k'));
  EXPECT_FALSE(validate(m));
  m.add_keys()->set_key(std::string(2050, 'k'));
  EXPECT_EQ(validate(m)->body, "A key exceeds the key size limit.");
  m.clear_keys();
  for (int i = 0; i < 11; ++i) m.add_keys();
  EXPECT_EQ(validate(m)->body, "Too many keys watched in a single watch request.");
}

// --- metadata ---

transport::Response metadata(std::string body, const char* auth = "Bearer secret-token-123",
                             std::string eventual_endpoint = "") {
  transport::Request r{"POST", "/", {}, std::move(body)};
  if (auth != nullptr) r.headers.emplace_back("authorization", auth);
  static const StaticTokenAuthenticator authenticator("secret-token-123", false);
  MetadataOptions options{&authenticator, "00000000-0000-0000-0000-000000000000"};
  options.eventual_endpoint = std::move(eventual_endpoint);
  return exchange_metadata(r, options, 1795754456398);
}

TEST(Metadata, ReplyIsExactlyTheSpecifiedJson) {
  auto r = metadata(R"({"supportedVersions":[1,2,3]})");
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body,
            R"({"version":3,"databaseId":"00000000-0000-0000-0000-000000000000",)"
            R"("endpoints":[{"url":"/v2","consistency":"strong"}],"token":"secret-token-123",)"
            R"("expiresAt":"2026-11-28T04:40:56.398Z"})");
  EXPECT_EQ(nlohmann::json::parse(metadata(R"({"supportedVersions":[1,2],"x":1})").body)["version"],
            2);
}

TEST(Metadata, AnEventualEndpointIsListedAfterTheStrongOne) {
  auto reply = nlohmann::json::parse(
      metadata(R"({"supportedVersions":[3]})", "Bearer secret-token-123", "/v2/eventual").body);
  EXPECT_EQ(reply["endpoints"],
            nlohmann::json::parse(R"([{"url":"/v2","consistency":"strong"},)"
                                  R"({"url":"/v2/eventual","consistency":"eventual"}])"));
}

TEST(Metadata, ErrorsInOrder) {
  const char* kMin = "The server requires at least protocol version 2. Use Deno 1.38.0 or newer.";
  const char* kNeg =
      "The server could not negotiate a protocol version. The server requires protocol version 2 "
      "or 3.";
  EXPECT_EQ(metadata("", nullptr).body, kMin);
  EXPECT_EQ(metadata("not json", nullptr).status, 400);
  EXPECT_EQ(metadata(R"({"supportedVersions":"3"})").body, kMin);
  EXPECT_EQ(metadata("{}", nullptr).body, kNeg);
  EXPECT_EQ(metadata(R"({"supportedVersions":[1]})", nullptr).body, kNeg);
  auto r = metadata(R"({"supportedVersions":[3]})", nullptr);
  EXPECT_EQ(r.status, 401);
  EXPECT_EQ(r.body, "Malformed authorization header.");
  EXPECT_EQ(metadata(R"({"supportedVersions":[3]})", "Bearer").body,
            "Malformed authorization header.");
  EXPECT_EQ(metadata(R"({"supportedVersions":[3]})", "Basic secret-token-123").body,
            "Invalid access token.");
  EXPECT_EQ(metadata(R"({"supportedVersions":[3]})", "Bearer secret-token-124").status, 401);
  EXPECT_EQ(metadata(R"({"supportedVersions":[3]})", "bEaReR secret-token-123").status, 200);
}

TEST(Metadata, ExpiresAtFormat) {
  std::regex z(R"(^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$)");
  EXPECT_TRUE(std::regex_match(iso8601_utc(0), z));
  EXPECT_EQ(iso8601_utc(1795754456398), "2026-11-27T04:40:56.398Z");
}

}  // namespace
}  // namespace openkv::server::kv_connect
