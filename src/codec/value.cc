// Copyright (c) OpenKV authors.
#include "openkv/value.h"

#include <algorithm>
#include <bit>
#include <cmath>
#include <string>
#include <unordered_map>

#include "openkv/errors.h"

namespace openkv {

Value Value::bytes(std::vector<uint8_t> b) {
  Value v;
  v.v_ = Bytes{std::move(b)};
  return v;
}

Value Value::object(std::shared_ptr<HeapObject> obj) {
  if (!obj) throw Error(ErrorCode::kInvalidArgument, "Value::object: null object");
  Value v;
  v.v_ = Ref{std::move(obj), {}};
  return v;
}

Value Value::weak_ref(const Value& target) {
  Value v;
  v.v_ = Ref{nullptr, target.object()};
  return v;
}

Value Value::make_object(std::vector<std::pair<std::string, Value>> props) {
  return object(std::make_shared<HeapObject>(HeapObject{PlainObject{std::move(props)}}));
}

Value Value::make_array(std::vector<Value> elements) {
  Array array;
  for (Value& e : elements) array.elements.push_back(std::move(e));
  return object(std::make_shared<HeapObject>(HeapObject{std::move(array)}));
}

ArrayElements::ArrayElements(std::vector<std::optional<Value>> elements) {
  for (std::optional<Value>& e : elements) push_back(std::move(e));
}

ArrayElements::ArrayElements(std::initializer_list<std::optional<Value>> elements) {
  for (const std::optional<Value>& e : elements) push_back(e);
}

ArrayElements ArrayElements::sparse(uint32_t length, std::vector<Entry> present) {
  // Stable, so that of two entries with one index the later stays last.
  std::stable_sort(present.begin(), present.end(),
                   [](const Entry& a, const Entry& b) { return a.first < b.first; });
  ArrayElements out;
  out.length_ = length;
  for (Entry& entry : present) {
    if (entry.first >= length) {
      throw Error(ErrorCode::kInvalidArgument,
                  "array element index " + std::to_string(entry.first) +
                      " is not below the length " + std::to_string(length));
    }
    if (!out.present_.empty() && out.present_.back().first == entry.first) {
      out.present_.back().second = std::move(entry.second);
    } else {
      out.present_.push_back(std::move(entry));
    }
  }
  return out;
}

const Value* ArrayElements::operator[](size_t index) const {
  auto it = std::lower_bound(present_.begin(), present_.end(), index,
                             [](const Entry& e, size_t i) { return e.first < i; });
  return it != present_.end() && it->first == index ? &it->second : nullptr;
}

void ArrayElements::push_back(std::optional<Value> element) {
  if (length_ == UINT32_MAX) {
    throw Error(ErrorCode::kInvalidArgument, "array longer than 2^32-1 elements");
  }
  if (element) present_.emplace_back(length_, std::move(*element));
  ++length_;
}

Value Value::make_date(double ms_since_epoch) {
  return object(std::make_shared<HeapObject>(HeapObject{Date{ms_since_epoch}}));
}

Value Value::make_map(std::vector<std::pair<Value, Value>> entries) {
  return object(std::make_shared<HeapObject>(HeapObject{Map{std::move(entries)}}));
}

Value Value::make_set(std::vector<Value> values) {
  return object(std::make_shared<HeapObject>(HeapObject{Set{std::move(values)}}));
}

Value Value::make_uint8_array(std::vector<uint8_t> bytes) {
  uint64_t length = bytes.size();
  auto buffer = std::make_shared<HeapObject>(HeapObject{ArrayBuffer{std::move(bytes), {}}});
  ArrayBufferView view{ViewType::kUint8Array, std::move(buffer), 0, length, 0};
  return object(std::make_shared<HeapObject>(HeapObject{std::move(view)}));
}

Value::Type Value::type() const {
  // Mirrors the order of the alternatives of v_.
  static constexpr Type kTypes[] = {Type::kUndefined, Type::kNull,   Type::kBool,
                                    Type::kNumber,    Type::kBigInt, Type::kString,
                                    Type::kObject,    Type::kBytes,  Type::kU64};
  static_assert(std::size(kTypes) == std::variant_size_v<decltype(v_)>);
  return kTypes[v_.index()];
}

ObjectKind Value::object_kind() const { return object()->kind(); }

std::shared_ptr<HeapObject> Value::object() const {
  const Ref& ref = std::get<Ref>(v_);
  if (ref.strong) return ref.strong;
  std::shared_ptr<HeapObject> target = ref.weak.lock();
  if (!target) {
    throw Error(ErrorCode::kCorruption,
                "weak reference to an object that no longer exists (its owner was released)");
  }
  return target;
}

bool Value::is_weak_ref() const {
  const Ref* ref = std::get_if<Ref>(&v_);
  return ref != nullptr && !ref->strong;
}

namespace {

// Object.is for numbers: every NaN equals every NaN, -0 differs from +0.
bool same_number(double a, double b) {
  if (std::isnan(a) || std::isnan(b)) return std::isnan(a) && std::isnan(b);
  return std::bit_cast<uint64_t>(a) == std::bit_cast<uint64_t>(b);
}

// Compares two object graphs for isomorphism. Objects are paired the first
// time they meet; a pair is assumed equal while its contents are being
// compared, which makes cycles terminate, and each object may pair with only
// one other, which makes sharing part of the shape ([o, o] ≠ [o, copy of o]).
class GraphComparer {
 public:
  bool values(const Value& a, const Value& b) {
    if (a.type() != b.type()) return false;
    switch (a.type()) {
      case Value::Type::kUndefined:
      case Value::Type::kNull:
        return true;
      case Value::Type::kBool:
        return a.as_bool() == b.as_bool();
      case Value::Type::kNumber:
        return same_number(a.as_number(), b.as_number());
      case Value::Type::kBigInt:
        return a.as_bigint() == b.as_bigint();
      case Value::Type::kString:
        return a.as_string() == b.as_string();
      case Value::Type::kBytes:
        return a.as_bytes() == b.as_bytes();
      case Value::Type::kU64:
        return a.as_u64() == b.as_u64();
      case Value::Type::kObject:
        return objects(a.object().get(), b.object().get());
    }
    return false;
  }

 private:
  bool optional_values(const std::optional<Value>& a, const std::optional<Value>& b) {
    if (a.has_value() != b.has_value()) return false;
    return !a || values(*a, *b);
  }

  bool properties(const Properties& a, const Properties& b) {
    if (a.size() != b.size()) return false;
    for (size_t i = 0; i < a.size(); ++i) {
      if (a[i].first != b[i].first || !values(a[i].second, b[i].second)) return false;
    }
    return true;
  }

  bool objects(const HeapObject* a, const HeapObject* b) {
    if (a == nullptr || b == nullptr) return a == b;  // a view without a buffer
    auto ab = a_to_b_.find(a);
    auto ba = b_to_a_.find(b);
    if (ab != a_to_b_.end() || ba != b_to_a_.end()) {
      return ab != a_to_b_.end() && ab->second == b && ba != b_to_a_.end() && ba->second == a;
    }
    a_to_b_.emplace(a, b);
    b_to_a_.emplace(b, a);
    if (a->kind() != b->kind()) return false;
    return std::visit(
        [&](const auto& x) { return contents(x, std::get<std::decay_t<decltype(x)>>(b->data)); },
        a->data);
  }

  bool contents(const PlainObject& a, const PlainObject& b) {
    return properties(a.properties, b.properties);
  }
  bool contents(const Array& a, const Array& b) {
    const auto& pa = a.elements.present();
    const auto& pb = b.elements.present();
    if (a.elements.size() != b.elements.size() || pa.size() != pb.size()) return false;
    for (size_t i = 0; i < pa.size(); ++i) {
      if (pa[i].first != pb[i].first || !values(pa[i].second, pb[i].second)) return false;
    }
    return properties(a.properties, b.properties);
  }
  bool contents(const Date& a, const Date& b) {
    return same_number(a.ms_since_epoch, b.ms_since_epoch);
  }
  bool contents(const RegExp& a, const RegExp& b) {
    return a.source == b.source && a.flags == b.flags;
  }
  bool contents(const Map& a, const Map& b) {
    if (a.entries.size() != b.entries.size()) return false;
    for (size_t i = 0; i < a.entries.size(); ++i) {
      if (!values(a.entries[i].first, b.entries[i].first) ||
          !values(a.entries[i].second, b.entries[i].second)) {
        return false;
      }
    }
    return true;
  }
  bool contents(const Set& a, const Set& b) {
    if (a.values.size() != b.values.size()) return false;
    for (size_t i = 0; i < a.values.size(); ++i) {
      if (!values(a.values[i], b.values[i])) return false;
    }
    return true;
  }
  bool contents(const ArrayBuffer& a, const ArrayBuffer& b) {
    return a.data == b.data && a.max_byte_length == b.max_byte_length;
  }
  bool contents(const ArrayBufferView& a, const ArrayBufferView& b) {
    return a.view_type == b.view_type && a.byte_offset == b.byte_offset &&
           a.byte_length == b.byte_length && a.flags == b.flags &&
           objects(a.buffer.get(), b.buffer.get());
  }
  bool contents(const ErrorObject& a, const ErrorObject& b) {
    return a.prototype == b.prototype && a.message == b.message && a.stack == b.stack &&
           optional_values(a.cause, b.cause);
  }
  bool contents(const BoxedPrimitive& a, const BoxedPrimitive& b) {
    return values(a.primitive, b.primitive);
  }
  bool contents(const HostObject& a, const HostObject& b) { return values(a.contents, b.contents); }

  std::unordered_map<const HeapObject*, const HeapObject*> a_to_b_;
  std::unordered_map<const HeapObject*, const HeapObject*> b_to_a_;
};

}  // namespace

bool operator==(const Value& a, const Value& b) { return GraphComparer().values(a, b); }

}  // namespace openkv
