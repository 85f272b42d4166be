// Copyright (c) OpenKV authors.
#include "cli/display.h"

#include <cmath>
#include <set>

#include <fmt/format.h>

#include "codec/json_text.h"

namespace openkv::cli {
namespace {

std::string quote(const std::string& s) {
  std::string out;
  codec::append_json_string(out, s);
  return out;
}

std::string number(double d) {
  if (std::isnan(d)) return "NaN";
  if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
  if (d == 0 && std::signbit(d)) return "-0";
  std::string out;
  codec::append_json_number(out, d);
  return out;
}

const char* view_name(ViewType type) {
  switch (type) {
    case ViewType::kInt8Array:
      return "Int8Array";
    case ViewType::kUint8Array:
      return "Uint8Array";
    case ViewType::kUint8ClampedArray:
      return "Uint8ClampedArray";
    case ViewType::kInt16Array:
      return "Int16Array";
    case ViewType::kUint16Array:
      return "Uint16Array";
    case ViewType::kInt32Array:
      return "Int32Array";
    case ViewType::kUint32Array:
      return "Uint32Array";
    case ViewType::kFloat16Array:
      return "Float16Array";
    case ViewType::kFloat32Array:
      return "Float32Array";
    case ViewType::kFloat64Array:
      return "Float64Array";
    case ViewType::kBigInt64Array:
      return "BigInt64Array";
    case ViewType::kBigUint64Array:
      return "BigUint64Array";
    case ViewType::kDataView:
      return "DataView";
  }
  return "ArrayBufferView";
}

const char* error_name(ErrorPrototype p) {
  switch (p) {
    case ErrorPrototype::kError:
      return "Error";
    case ErrorPrototype::kEvalError:
      return "EvalError";
    case ErrorPrototype::kRangeError:
      return "RangeError";
    case ErrorPrototype::kReferenceError:
      return "ReferenceError";
    case ErrorPrototype::kSyntaxError:
      return "SyntaxError";
    case ErrorPrototype::kTypeError:
      return "TypeError";
    case ErrorPrototype::kUriError:
      return "URIError";
  }
  return "Error";
}

std::string byte_list(const uint8_t* data, size_t size) {
  std::string out;
  for (size_t i = 0; i < size; ++i) out += (i ? ", " : "") + std::to_string(data[i]);
  return out;
}

class Renderer {
 public:
  std::string render(const Value& v) {
    switch (v.type()) {
      case Value::Type::kUndefined:
        return "undefined";
      case Value::Type::kNull:
        return "null";
      case Value::Type::kBool:
        return v.as_bool() ? "true" : "false";
      case Value::Type::kNumber:
        return number(v.as_number());
      case Value::Type::kBigInt:
        return v.as_bigint().to_string() + "n";
      case Value::Type::kString:
        return quote(v.as_string());
      case Value::Type::kBytes:
        return fmt::format("Uint8Array({}) [{}]", v.as_bytes().size(),
                           byte_list(v.as_bytes().data(), v.as_bytes().size()));
      case Value::Type::kU64:
        return fmt::format("KvU64({}n)", v.as_u64().value);
      case Value::Type::kObject:
        return render_object(v);
    }
    return "?";
  }

 private:
  std::string render_object(const Value& v) {
    std::shared_ptr<HeapObject> obj = v.object();
    if (!in_progress_.insert(obj.get()).second) return "[Circular]";
    std::string out = std::visit([this](const auto& o) { return render_kind(o); }, obj->data);
    in_progress_.erase(obj.get());
    return out;
  }

  std::string props(const Properties& properties, std::string out) {
    for (const auto& [name, value] : properties) {
      if (!out.empty()) out += ", ";
      out += quote(name) + ": " + render(value);
    }
    return out;
  }

  std::string render_kind(const PlainObject& o) {
    std::string inner = props(o.properties, "");
    return inner.empty() ? "{}" : "{ " + inner + " }";
  }
  std::string render_kind(const Array& a) {
    // A run of holes is one item, as Node's inspector shows it, so that a
    // sparse array prints in the size of its contents, not of its length.
    std::string inner;
    uint32_t position = 0;
    auto add = [&inner](const std::string& item) { inner += (inner.empty() ? "" : ", ") + item; };
    auto add_holes = [&](uint32_t up_to) {
      if (up_to == position) return;
      const uint32_t n = up_to - position;
      add(fmt::format("<{} empty item{}>", n, n == 1 ? "" : "s"));
    };
    for (const auto& [index, element] : a.elements.present()) {
      add_holes(index);
      add(render(element));
      position = index + 1;
    }
    add_holes(a.elements.size());
    inner = props(a.properties, inner);
    return "[" + inner + "]";
  }
  std::string render_kind(const Date& d) {
    return std::isnan(d.ms_since_epoch) ? "Invalid Date"
                                        : fmt::format("Date({})", number(d.ms_since_epoch));
  }
  std::string render_kind(const RegExp& r) {
    static constexpr char kFlags[] = "gimyusldv";
    std::string flags;
    for (int bit = 0; bit < 9; ++bit) {
      if (r.flags & (1u << bit)) flags += kFlags[bit];
    }
    return "/" + r.source + "/" + flags;
  }
  std::string render_kind(const Map& m) {
    std::string inner;
    for (const auto& [k, val] : m.entries)
      inner += (inner.empty() ? "" : ", ") + render(k) + " => " + render(val);
    return fmt::format("Map({}) {{{}}}", m.entries.size(), inner.empty() ? "" : " " + inner + " ");
  }
  std::string render_kind(const Set& s) {
    std::string inner;
    for (const auto& val : s.values) inner += (inner.empty() ? "" : ", ") + render(val);
    return fmt::format("Set({}) {{{}}}", s.values.size(), inner.empty() ? "" : " " + inner + " ");
  }
  std::string render_kind(const ArrayBuffer& b) {
    return fmt::format("ArrayBuffer({}) [{}]", b.data.size(),
                       byte_list(b.data.data(), b.data.size()));
  }
  std::string render_kind(const ArrayBufferView& view) {
    const auto* buffer = view.buffer ? std::get_if<ArrayBuffer>(&view.buffer->data) : nullptr;
    bool in_bounds = buffer && view.byte_offset + view.byte_length <= buffer->data.size();
    std::string bytes =
        in_bounds ? byte_list(buffer->data.data() + view.byte_offset, view.byte_length) : "";
    return fmt::format("{}(byteLength {}) [{}]", view_name(view.view_type), view.byte_length,
                       bytes);
  }
  std::string render_kind(const ErrorObject& e) {
    std::string out = error_name(e.prototype);
    if (e.message) out += ": " + *e.message;
    if (e.cause) out += " { cause: " + render(*e.cause) + " }";
    return out;
  }
  std::string render_kind(const BoxedPrimitive& b) { return "[" + render(b.primitive) + "]"; }
  // Named by the runtime's own type ("Blob", "File") when the contents carry
  // one; the contents follow in full, since they are all there is.
  std::string render_kind(const HostObject& h) {
    std::string type = "host object";
    for (const auto& [name, value] : std::get<PlainObject>(h.contents.object()->data).properties) {
      if (name == "type" && value.type() == Value::Type::kString) {
        type += " " + value.as_string();
      }
    }
    return "[" + type + "] " + render(h.contents);
  }

  std::set<const HeapObject*> in_progress_;
};

}  // namespace

std::string display_value(const Value& value) { return Renderer().render(value); }

}  // namespace openkv::cli
