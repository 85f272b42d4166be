// Copyright (c) OpenKV authors.
//
// The value model: builders, types, shared and weak references, and deep
// equality on shared and cyclic graphs.
#include "openkv/value.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

#include "openkv/errors.h"

namespace openkv {
namespace {

template <class T>
Value make(T contents) {
  return Value::object(std::make_shared<HeapObject>(HeapObject{std::move(contents)}));
}

Properties& props(const Value& v) { return std::get<PlainObject>(v.object()->data).properties; }

TEST(Value, ReportsTheTypeOfEveryAlternative) {
  EXPECT_EQ(Value().type(), Value::Type::kUndefined);
  EXPECT_EQ(Value::undefined().type(), Value::Type::kUndefined);
  EXPECT_EQ(Value::null().type(), Value::Type::kNull);
  EXPECT_EQ(Value(false).type(), Value::Type::kBool);
  EXPECT_EQ(Value(1.5).type(), Value::Type::kNumber);
  EXPECT_EQ(Value(int64_t{3}).type(), Value::Type::kNumber);
  EXPECT_EQ(Value(BigInt(3)).type(), Value::Type::kBigInt);
  EXPECT_EQ(Value("s").type(), Value::Type::kString);
  EXPECT_EQ(Value::make_object().type(), Value::Type::kObject);
  EXPECT_EQ(Value::bytes({1}).type(), Value::Type::kBytes);
  EXPECT_EQ(Value(KvU64{1}).type(), Value::Type::kU64);
  EXPECT_TRUE(Value().is_undefined());
  EXPECT_TRUE(Value(nullptr).is_null());
}

TEST(Value, BuildsEachObjectKind) {
  EXPECT_EQ(Value::make_object({{"a", 1}}).object_kind(), ObjectKind::kObject);
  EXPECT_EQ(Value::make_array({1}).object_kind(), ObjectKind::kArray);
  EXPECT_EQ(Value::make_date(0).object_kind(), ObjectKind::kDate);
  EXPECT_EQ(Value::make_map({{1, 2}}).object_kind(), ObjectKind::kMap);
  EXPECT_EQ(Value::make_set({1}).object_kind(), ObjectKind::kSet);
  EXPECT_EQ(make(RegExp{"a", 1}).object_kind(), ObjectKind::kRegExp);
  EXPECT_EQ(make(ArrayBuffer{}).object_kind(), ObjectKind::kArrayBuffer);
  EXPECT_EQ(make(ErrorObject{}).object_kind(), ObjectKind::kError);
  EXPECT_EQ(make(BoxedPrimitive{1}).object_kind(), ObjectKind::kBoxed);

  Value u8 = Value::make_uint8_array({1, 2, 3});
  ASSERT_EQ(u8.object_kind(), ObjectKind::kArrayBufferView);
  const auto& view = std::get<ArrayBufferView>(u8.object()->data);
  EXPECT_EQ(view.view_type, ViewType::kUint8Array);
  EXPECT_EQ(view.byte_offset, 0u);
  EXPECT_EQ(view.byte_length, 3u);
  EXPECT_EQ(std::get<ArrayBuffer>(view.buffer->data).data, (std::vector<uint8_t>{1, 2, 3}));

  Value two = Value::make_array({1, 2});
  const auto& array = std::get<Array>(two.object()->data);
  ASSERT_EQ(array.elements.size(), 2u);
  EXPECT_NE(array.elements[0], nullptr);
}

TEST(Value, CopiesShareTheObject) {
  Value a = Value::make_object();
  Value b = a;
  props(b).emplace_back("x", 1);
  EXPECT_EQ(props(a).size(), 1u);
  EXPECT_EQ(a.object(), b.object());
}

TEST(Value, RejectsANullObject) { EXPECT_THROW(Value::object(nullptr), Error); }

TEST(Value, WeakReferenceResolvesWhileItsTargetLives) {
  Value target = Value::make_object();
  Value weak = Value::weak_ref(target);
  EXPECT_TRUE(weak.is_weak_ref());
  EXPECT_FALSE(target.is_weak_ref());
  EXPECT_FALSE(Value(1).is_weak_ref());
  EXPECT_EQ(weak.type(), Value::Type::kObject);
  EXPECT_EQ(weak.object(), target.object());
  EXPECT_EQ(weak.object_kind(), ObjectKind::kObject);
  EXPECT_TRUE(Value::weak_ref(weak).is_weak_ref());
  EXPECT_EQ(Value::weak_ref(weak).object(), target.object());
}

TEST(Value, DanglingWeakReferenceThrowsCorruption) {
  Value weak;
  {
    Value target = Value::make_object();
    weak = Value::weak_ref(target);
  }
  try {
    weak.object();
    FAIL();
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), ErrorCode::kCorruption);
  }
  EXPECT_THROW(weak.object_kind(), Error);
}

TEST(Value, ASelfCycleThroughAWeakReferenceIsFreed) {
  std::weak_ptr<HeapObject> observer;
  {
    Value o = Value::make_object();
    props(o).emplace_back("self", Value::weak_ref(o));
    observer = o.object();
  }
  EXPECT_TRUE(observer.expired());
}

TEST(Value, ComparesPrimitivesByValue) {
  EXPECT_EQ(Value(), Value());
  EXPECT_EQ(Value(nullptr), Value(nullptr));
  EXPECT_NE(Value(), Value(nullptr));
  EXPECT_EQ(Value("a"), Value(std::string("a")));
  EXPECT_NE(Value("a"), Value("b"));
  EXPECT_EQ(Value(BigInt(5)), Value(BigInt(5)));
  EXPECT_NE(Value(BigInt(1)), Value(1));  // 1n !== 1
  EXPECT_NE(Value(true), Value(1));
  EXPECT_EQ(Value::bytes({1, 2}), Value::bytes({1, 2}));
  EXPECT_NE(Value::bytes({1}), Value::make_uint8_array({1}));
  EXPECT_EQ(Value(KvU64{7}), Value(KvU64{7}));
  EXPECT_NE(Value(KvU64{7}), Value(BigInt(7)));
}

TEST(Value, ComparesNumbersLikeObjectIs) {
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_EQ(Value(nan), Value(-nan));
  EXPECT_NE(Value(0.0), Value(-0.0));
  EXPECT_EQ(Value(-0.0), Value(-0.0));
  EXPECT_EQ(Value(1), Value(1.0));
  EXPECT_EQ(Value::make_date(nan), Value::make_date(nan));
  EXPECT_NE(Value::make_date(0.0), Value::make_date(-0.0));
}

TEST(Value, ComparesObjectsDeeply) {
  EXPECT_EQ(Value::make_object({{"a", Value::make_array({1, "x"})}}),
            Value::make_object({{"a", Value::make_array({1, "x"})}}));
  EXPECT_NE(Value::make_object({{"a", 1}}), Value::make_object({{"b", 1}}));
  EXPECT_NE(Value::make_object({{"a", 1}}), Value::make_object({{"a", 1}, {"b", 2}}));
  EXPECT_NE(Value::make_object(), Value::make_array());
  EXPECT_NE(make(Array{{std::nullopt}, {}}), make(Array{{Value()}, {}}));  // hole vs undefined
  EXPECT_NE(make(Array{{Value(1)}, {{"p", 1}}}), make(Array{{Value(1)}, {}}));
  EXPECT_NE(make(RegExp{"a", 1}), make(RegExp{"a", 2}));
  EXPECT_NE(Value::make_map({{1, 2}}), Value::make_map({{1, 3}}));
  EXPECT_NE(Value::make_set({1}), Value::make_set({1, 2}));
  EXPECT_EQ(make(ErrorObject{ErrorPrototype::kTypeError, "m", std::nullopt, Value(1)}),
            make(ErrorObject{ErrorPrototype::kTypeError, "m", std::nullopt, Value(1)}));
  EXPECT_NE(make(ErrorObject{ErrorPrototype::kTypeError, "m", std::nullopt, std::nullopt}),
            make(ErrorObject{ErrorPrototype::kRangeError, "m", std::nullopt, std::nullopt}));
  EXPECT_NE(make(BoxedPrimitive{1}), make(BoxedPrimitive{2}));
  EXPECT_NE(Value::make_uint8_array({1}), Value::make_uint8_array({2}));
  EXPECT_NE(make(ArrayBuffer{{1}, std::nullopt}), make(ArrayBuffer{{1}, 4}));
}

TEST(Value, TreatsSharingAsPartOfTheShape) {
  Value o = Value::make_object();
  Value shared = Value::make_array({o, o});
  Value copies = Value::make_array({Value::make_object(), Value::make_object()});
  EXPECT_NE(shared, copies);
  EXPECT_NE(copies, shared);
  Value p = Value::make_object();
  EXPECT_EQ(shared, Value::make_array({p, p}));
}

TEST(Value, ComparesCyclicGraphsByIsomorphism) {
  auto self_cycle = [] {
    Value o = Value::make_object({{"n", 1}});
    props(o).emplace_back("self", Value::weak_ref(o));
    return o;
  };
  Value a = self_cycle();
  Value b = self_cycle();
  EXPECT_EQ(a, b);

  // A two-object cycle is not the same shape as a self cycle.
  Value x = Value::make_object({{"n", 1}});
  Value y = Value::make_object({{"n", 1}, {"self", x}});
  props(x).emplace_back("self", Value::weak_ref(y));
  EXPECT_NE(a, x);

  Value c = self_cycle();
  props(c)[0].second = 2;
  EXPECT_NE(a, c);
}

TEST(Value, WeakAndStrongReferencesToEqualObjectsCompareEqual) {
  Value target = Value::make_object({{"a", 1}});
  EXPECT_EQ(Value::weak_ref(target), Value::make_object({{"a", 1}}));
}

}  // namespace
}  // namespace openkv
