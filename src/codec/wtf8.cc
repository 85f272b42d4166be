// Copyright (c) OpenKV authors.
#include "codec/wtf8.h"

#include <optional>

#include "openkv/errors.h"

namespace openkv::codec {
namespace {

bool is_high_surrogate(uint32_t u) { return u >= 0xD800 && u <= 0xDBFF; }
bool is_low_surrogate(uint32_t u) { return u >= 0xDC00 && u <= 0xDFFF; }

void append_code_point(std::string& out, uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

// Decodes the sequence starting at bytes[i] and advances i past it, or
// returns nullopt (i unchanged) for a malformed, overlong or out-of-range
// sequence. Surrogate code points are accepted only for WTF-8.
std::optional<uint32_t> decode_one(std::span<const uint8_t> bytes, size_t& i,
                                   bool allow_surrogates) {
  uint8_t lead = bytes[i];
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  size_t extra;
  uint32_t cp;
  uint32_t minimum;
  if ((lead & 0xE0) == 0xC0) {
    extra = 1, cp = lead & 0x1F, minimum = 0x80;
  } else if ((lead & 0xF0) == 0xE0) {
    extra = 2, cp = lead & 0x0F, minimum = 0x800;
  } else if ((lead & 0xF8) == 0xF0) {
    extra = 3, cp = lead & 0x07, minimum = 0x10000;
  } else {
    return std::nullopt;
  }
  if (bytes.size() - i <= extra) return std::nullopt;
  for (size_t k = 1; k <= extra; ++k) {
    uint8_t b = bytes[i + k];
    if ((b & 0xC0) != 0x80) return std::nullopt;
    cp = (cp << 6) | (b & 0x3F);
  }
  if (cp < minimum || cp > 0x10FFFF) return std::nullopt;
  if (!allow_surrogates && (is_high_surrogate(cp) || is_low_surrogate(cp))) return std::nullopt;
  i += extra + 1;
  return cp;
}

std::span<const uint8_t> as_bytes(std::string_view text) {
  return {reinterpret_cast<const uint8_t*>(text.data()), text.size()};
}

}  // namespace

std::u16string wtf8_to_utf16(std::string_view text) {
  std::span<const uint8_t> bytes = as_bytes(text);
  std::u16string units;
  units.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    std::optional<uint32_t> cp = decode_one(bytes, i, /*allow_surrogates=*/true);
    if (!cp) {
      throw Error(ErrorCode::kInvalidArgument,
                  "string is not valid WTF-8 at byte " + std::to_string(i));
    }
    if (*cp >= 0x10000) {
      units += static_cast<char16_t>(0xD800 + ((*cp - 0x10000) >> 10));
      units += static_cast<char16_t>(0xDC00 + ((*cp - 0x10000) & 0x3FF));
    } else {
      units += static_cast<char16_t>(*cp);
    }
  }
  return units;
}

std::string utf16_to_wtf8(std::u16string_view units) {
  std::string out;
  out.reserve(units.size() * 3);
  for (size_t i = 0; i < units.size(); ++i) {
    uint32_t u = units[i];
    if (is_high_surrogate(u) && i + 1 < units.size() && is_low_surrogate(units[i + 1])) {
      u = 0x10000 + ((u - 0xD800) << 10) + (units[i + 1] - 0xDC00u);
      ++i;
    }
    append_code_point(out, u);
  }
  return out;
}

std::string latin1_to_wtf8(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size() * 2);
  for (uint8_t b : bytes) append_code_point(out, b);
  return out;
}

std::string utf8_to_wtf8_lossy(std::span<const uint8_t> bytes) {
  std::string out;
  out.reserve(bytes.size());
  size_t i = 0;
  while (i < bytes.size()) {
    std::optional<uint32_t> cp = decode_one(bytes, i, /*allow_surrogates=*/false);
    if (cp) {
      append_code_point(out, *cp);
    } else {
      append_code_point(out, 0xFFFD);
      ++i;
    }
  }
  return out;
}

}  // namespace openkv::codec
