// Copyright (c) OpenKV authors.
//
// sum / min / max (spec 02 §6): results and every error text.
#include "core/mutation_math.h"

#include <gtest/gtest.h>

#include "openkv/errors.h"
#include "unit/codec/hex_bytes.h"

namespace openkv::core {
namespace {

using openkv::testing::hex_bytes;
using openkv::testing::to_hex;

RawValue u64(uint64_t v) {
  Bytes b(8);
  for (int i = 0; i < 8; ++i) b[static_cast<size_t>(i)] = static_cast<uint8_t>(v >> (8 * i));
  return {b, Encoding::kLe64};
}
RawValue v8(std::string_view hex) { return {hex_bytes(hex), Encoding::kV8}; }

// V8 encodings used below.
constexpr const char* kNum5 = "ff0f4e0000000000001440";    // 5 (as a sum result: N)
constexpr const char* kInt5 = "ff0f490a";                  // 5 (as Deno writes it: I)
constexpr const char* kInt3 = "ff10 4906";                 // 3
constexpr const char* kInt100 = "ff0f49c801";              // 100
constexpr const char* kInt10 = "ff0f4914";                 // 10
constexpr const char* kBig5 = "ff0f5a100500000000000000";  // 5n
constexpr const char* kBig3 = "ff0f5a02 03";               // 3n, minimal bytes
constexpr const char* kBigMinus1 = "ff0f5a110100000000000000";
constexpr const char* kBig2To64 = "ff0f5a2000000000000000000100000000000000";
constexpr const char* kString = "ff0f220161";

Mutation sum(RawValue operand, std::string_view lo = "", std::string_view hi = "",
             bool clamp = false) {
  Mutation m;
  m.type = MutationType::kSum;
  m.value = std::move(operand);
  m.sum_min = hex_bytes(lo);
  m.sum_max = hex_bytes(hi);
  m.sum_clamp = clamp;
  return m;
}

Mutation op(MutationType type, RawValue operand) {
  Mutation m;
  m.type = type;
  m.value = std::move(operand);
  return m;
}

std::string error_of(const std::optional<RawValue>& stored, const Mutation& m) {
  try {
    apply_numeric_mutation(stored, m);
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kTypeMismatch) << e.what();
    return e.what();
  }
  return "(no error)";
}

// ---- §6.1 KvU64 operand ---------------------------------------------------

TEST(MutationMathU64, StoresTheOperandWhenTheKeyIsAbsent) {
  for (MutationType t : {MutationType::kSum, MutationType::kMin, MutationType::kMax}) {
    EXPECT_EQ(apply_numeric_mutation(std::nullopt, op(t, u64(7))), u64(7));
  }
}

TEST(MutationMathU64, SumWrapsModulo2To64) {
  EXPECT_EQ(apply_numeric_mutation(u64(~0ull), op(MutationType::kSum, u64(10))), u64(9));
  EXPECT_EQ(apply_numeric_mutation(u64(9), op(MutationType::kSum, u64(~0ull))), u64(8));
  RawValue first = apply_numeric_mutation(std::nullopt, op(MutationType::kSum, u64(5)));
  EXPECT_EQ(to_hex(apply_numeric_mutation(first, op(MutationType::kSum, u64(10))).data),
            to_hex(hex_bytes("0f00000000000000")));
}

TEST(MutationMathU64, MinAndMaxCompareUnsigned) {
  const uint64_t high = 1ull << 63;
  EXPECT_EQ(apply_numeric_mutation(u64(high), op(MutationType::kMin, u64(3))), u64(3));
  EXPECT_EQ(apply_numeric_mutation(u64(high), op(MutationType::kMax, u64(3))), u64(high));
  EXPECT_EQ(apply_numeric_mutation(u64(2), op(MutationType::kMax, u64(3))), u64(3));
  EXPECT_EQ(apply_numeric_mutation(u64(2), op(MutationType::kMin, u64(3))), u64(2));
}

TEST(MutationMathU64, MinAndMaxRejectANonU64Operand) {
  EXPECT_EQ(error_of(u64(1), op(MutationType::kMin, v8(kInt5))),
            "Failed to perform 'min' mutation on a non-U64 operand");
  EXPECT_EQ(error_of(std::nullopt, op(MutationType::kMax, {{1}, Encoding::kBytes})),
            "Failed to perform 'max' mutation on a non-U64 operand");
}

TEST(MutationMathU64, RejectsAStoredValueThatIsNotU64) {
  EXPECT_EQ(error_of(v8(kInt5), op(MutationType::kSum, u64(1))),
            "Failed to perform 'sum' mutation on a non-U64 value in the database");
  EXPECT_EQ(error_of(RawValue{{1}, Encoding::kBytes}, op(MutationType::kMin, u64(1))),
            "Failed to perform 'min' mutation on a non-U64 value in the database");
  EXPECT_EQ(error_of(v8(kString), op(MutationType::kMax, u64(1))),
            "Failed to perform 'max' mutation on a non-U64 value in the database");
}

TEST(MutationMathU64, RejectsAStoredRowWithAnUnknownEncoding) {
  EXPECT_EQ(error_of(RawValue{{1}, static_cast<Encoding>(9)}, op(MutationType::kSum, u64(1))),
            "The value encoding 9 is unknown.");
}

TEST(MutationMathU64, IgnoresSumBoundsAndClamp) {
  Mutation m = sum(u64(10), kInt5, kInt5, true);
  EXPECT_EQ(apply_numeric_mutation(u64(1), m), u64(11));
}

// ---- §6.2 V8 operand --------------------------------------------------------

TEST(MutationMathV8, RejectsParametersThatAreNotNumericV8Values) {
  const char* kText = "Some of the parameters are not valid V8 values";
  EXPECT_EQ(error_of(std::nullopt, sum({{1, 2}, Encoding::kBytes})), kText);
  EXPECT_EQ(error_of(std::nullopt, sum({{}, Encoding::kV8})), kText);
  EXPECT_EQ(error_of(std::nullopt, sum(v8("ff0f49"))), kText);
  EXPECT_EQ(error_of(std::nullopt, sum(v8(kString))), kText);
  EXPECT_EQ(error_of(std::nullopt, sum({hex_bytes(kInt5), static_cast<Encoding>(0)})), kText);
  EXPECT_EQ(error_of(std::nullopt, sum(v8(kInt5), kString)), kText);
  EXPECT_EQ(error_of(std::nullopt, sum(v8(kInt5), "", "ff0f")), kText);
  // The first error wins over everything the stored value would raise.
  EXPECT_EQ(error_of(RawValue{{1}, static_cast<Encoding>(9)}, sum(v8(kString))), kText);
}

TEST(MutationMathV8, RejectsBoundsOfAnotherKindThanTheOperand) {
  const char* kText = "Min/max parameters have different types than the operand";
  EXPECT_EQ(error_of(std::nullopt, sum(v8(kInt5), kBig3)), kText);
  EXPECT_EQ(error_of(std::nullopt, sum(v8(kBig5), "", kInt3)), kText);
  EXPECT_EQ(error_of(v8(kString), sum(v8(kBig5), kBig3, kInt3)), kText);
}

TEST(MutationMathV8, StoresTheOperandAsNOrZWhenTheKeyIsAbsent) {
  EXPECT_EQ(apply_numeric_mutation(std::nullopt, sum(v8(kInt5))), v8(kNum5));
  EXPECT_EQ(apply_numeric_mutation(std::nullopt, sum(v8(kBig3))), v8("ff0f5a100300000000000000"));
}

TEST(MutationMathV8, AppliesTheBoundsToTheFirstWrite) {
  // The reference stores the operand unchecked; OpenKV clamps or rejects it.
  EXPECT_EQ(apply_numeric_mutation(std::nullopt, sum(v8(kInt100), "", kInt10, true)),
            v8("ff0f4e0000000000002440"));
  EXPECT_EQ(error_of(std::nullopt, sum(v8(kInt100), "", kInt10)),
            "The result of a Sum operation would exceed its range limit");
  EXPECT_EQ(apply_numeric_mutation(std::nullopt, sum(v8(kBig3), kBig5, "", true)),
            v8("ff0f5a100500000000000000"));
}

TEST(MutationMathV8, ReportsTheStoredValuesParseError) {
  EXPECT_EQ(error_of(RawValue{{1}, static_cast<Encoding>(7)}, sum(v8(kInt5))),
            "Invalid sum operand");
  EXPECT_EQ(error_of(v8(kString), sum(v8(kInt5))), "unsupported value type");
  EXPECT_EQ(error_of(RawValue{{1}, Encoding::kBytes}, sum(v8(kInt5))), "unsupported value type");
  EXPECT_EQ(error_of(v8("ff0f4e00"), sum(v8(kInt5))), "invalid v8 value");
  EXPECT_EQ(error_of(RawValue{{}, Encoding::kV8}, sum(v8(kInt5))), "operand cannot be empty");
}

TEST(MutationMathV8, AddsNumbersAsDoubles) {
  EXPECT_EQ(apply_numeric_mutation(v8(kInt3), sum(v8("ff0f4e000000000000e03f"))),  // 3 + 0.5
            v8("ff0f4e0000000000000c40"));
  EXPECT_EQ(apply_numeric_mutation(v8("ff0f55ffffffff0f"), sum(v8("ff0f4902"))),  // 2^32-1 + 1
            v8("ff0f4e000000000000f041"));
}

TEST(MutationMathV8, AddsBigIntsExactly) {
  // (2^64) + (-1) = 2^64 - 1
  EXPECT_EQ(apply_numeric_mutation(v8(kBig2To64), sum(v8(kBigMinus1))),
            v8("ff0f5a10ffffffffffffffff"));
  EXPECT_EQ(apply_numeric_mutation(v8(kBig5), sum(v8(kBigMinus1))), v8("ff0f5a100400000000000000"));
  EXPECT_EQ(apply_numeric_mutation(v8(kBigMinus1), sum(v8("ff0f5a0201"))), v8("ff0f5a00"));
}

TEST(MutationMathV8, RejectsMixedKinds) {
  EXPECT_EQ(error_of(v8(kBig5), sum(v8(kInt5))), "Cannot sum BigInt with Number");
  EXPECT_EQ(error_of(v8(kInt5), sum(v8(kBig5))), "Cannot sum Number with BigInt");
  EXPECT_EQ(error_of(u64(1), sum(v8(kInt5))), "Cannot sum KvU64 with Number");
}

TEST(MutationMathV8, TreatsAnInRangeBigIntAddedToAKvU64AsKvU64) {
  EXPECT_EQ(apply_numeric_mutation(u64(~0ull), sum(v8(kBig3))), u64(2));
  EXPECT_EQ(apply_numeric_mutation(u64(1), sum(v8("ff0f5a00"))), u64(1));
  EXPECT_EQ(apply_numeric_mutation(u64(0), sum(v8("ff0f5a10ffffffffffffffff"))), u64(~0ull));
  // Not when negative, too large, bounded or clamped.
  EXPECT_EQ(error_of(u64(1), sum(v8(kBigMinus1))), "Cannot sum KvU64 with BigInt");
  EXPECT_EQ(error_of(u64(1), sum(v8(kBig2To64))), "Cannot sum KvU64 with BigInt");
  EXPECT_EQ(error_of(u64(1), sum(v8(kBig3), kBig3)), "Cannot sum KvU64 with BigInt");
  EXPECT_EQ(error_of(u64(1), sum(v8(kBig3), "", kBig5)), "Cannot sum KvU64 with BigInt");
  EXPECT_EQ(error_of(u64(1), sum(v8(kBig3), "", "", true)), "Cannot sum KvU64 with BigInt");
}

TEST(MutationMathV8, ClampsOrRejectsResultsOutsideTheBounds) {
  const char* kExceeded = "The result of a Sum operation would exceed its range limit";
  // 5 + 5 with max 3.
  EXPECT_EQ(apply_numeric_mutation(v8(kInt5), sum(v8(kInt5), "", kInt3, true)),
            v8("ff0f4e0000000000000840"));
  EXPECT_EQ(error_of(v8(kInt5), sum(v8(kInt5), "", kInt3)), kExceeded);
  // 5 + 5 with min 100.
  EXPECT_EQ(apply_numeric_mutation(v8(kInt5), sum(v8(kInt5), kInt100, "", true)),
            v8("ff0f4e0000000000005940"));
  EXPECT_EQ(error_of(v8(kInt5), sum(v8(kInt5), kInt100)), kExceeded);
  // Inside [3, 100]: unchanged, and still written as N.
  EXPECT_EQ(apply_numeric_mutation(v8(kInt5), sum(v8(kInt5), kInt3, kInt100)),
            v8("ff0f4e0000000000002440"));
  // BigInt: 5n + 5n with max 5n, and -1n + -1n with min -1n.
  EXPECT_EQ(apply_numeric_mutation(v8(kBig5), sum(v8(kBig5), "", kBig5, true)), v8(kBig5));
  EXPECT_EQ(error_of(v8(kBig5), sum(v8(kBig5), "", kBig5)), kExceeded);
  EXPECT_EQ(apply_numeric_mutation(v8(kBigMinus1), sum(v8(kBigMinus1), kBigMinus1, "", true)),
            v8(kBigMinus1));
  EXPECT_EQ(error_of(v8(kBigMinus1), sum(v8(kBigMinus1), kBigMinus1)), kExceeded);
}

TEST(MutationMath, RejectsMutationsThatAreNotSumMinOrMax) {
  try {
    apply_numeric_mutation(std::nullopt, op(MutationType::kSet, u64(1)));
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace openkv::core
