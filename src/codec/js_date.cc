// Copyright (c) OpenKV authors.
#include "codec/js_date.h"

#include <cmath>
#include <cstdint>
#include <cstdlib>
#include <limits>

#include <fmt/format.h>

namespace openkv::codec {
namespace {

constexpr int64_t kMsPerDay = 86400000;
constexpr double kMaxTimeValue = 8.64e15;

// Proleptic Gregorian calendar <-> days since 1970-01-01 (H. Hinnant's
// algorithms), exact for every year a time value can reach.
int64_t days_from_civil(int64_t y, int64_t m, int64_t d) {
  y -= m <= 2;
  int64_t era = (y >= 0 ? y : y - 399) / 400;
  int64_t yoe = y - era * 400;
  int64_t doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  int64_t doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + doe - 719468;
}

void civil_from_days(int64_t z, int64_t& y, int64_t& m, int64_t& d) {
  z += 719468;
  int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  int64_t doe = z - era * 146097;
  int64_t yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int64_t doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  int64_t mp = (5 * doy + 2) / 153;
  d = doy - (153 * mp + 2) / 5 + 1;
  m = mp < 10 ? mp + 3 : mp - 9;
  y = yoe + era * 400 + (m <= 2);
}

int64_t days_in_month(int64_t y, int64_t m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  return m == 2 && leap ? 29 : kDays[m - 1];
}

// Reads exactly `count` decimal digits at text[pos].
bool read_digits(std::string_view text, size_t& pos, size_t count, int64_t& out) {
  if (text.size() - pos < count) return false;
  out = 0;
  for (size_t i = 0; i < count; ++i, ++pos) {
    char c = text[pos];
    if (c < '0' || c > '9') return false;
    out = out * 10 + (c - '0');
  }
  return true;
}

bool consume(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

double time_clip(double ms) {
  if (!std::isfinite(ms) || std::fabs(ms) > kMaxTimeValue) {
    return std::numeric_limits<double>::quiet_NaN();
  }
  return std::trunc(ms) + 0.0;  // + 0.0 turns −0 into +0
}

std::string date_to_iso_string(double clipped_ms) {
  auto ms = static_cast<int64_t>(clipped_ms);
  int64_t days = ms / kMsPerDay;
  int64_t in_day = ms % kMsPerDay;
  if (in_day < 0) {
    in_day += kMsPerDay;
    --days;
  }
  int64_t y, m, d;
  civil_from_days(days, y, m, d);
  // Years outside 0..9999 use the expanded six-digit form with a sign.
  std::string year = y >= 0 && y <= 9999 ? fmt::format("{:04}", y)
                                         : fmt::format("{}{:06}", y < 0 ? '-' : '+', std::llabs(y));
  return fmt::format("{}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", year, m, d, in_day / 3600000,
                     in_day / 60000 % 60, in_day / 1000 % 60, in_day % 1000);
}

std::optional<double> parse_date_string(std::string_view text) {
  size_t pos = 0;
  int64_t year, month = 1, day = 1;
  if (!text.empty() && (text[0] == '+' || text[0] == '-')) {
    bool negative = text[0] == '-';
    ++pos;
    if (!read_digits(text, pos, 6, year)) return std::nullopt;
    if (negative && year == 0) return std::nullopt;  // "-000000" is not a year
    if (negative) year = -year;
  } else if (!read_digits(text, pos, 4, year)) {
    return std::nullopt;
  }
  if (consume(text, pos, '-')) {
    if (!read_digits(text, pos, 2, month) || month < 1 || month > 12) return std::nullopt;
    if (consume(text, pos, '-')) {
      if (!read_digits(text, pos, 2, day) || day < 1 || day > days_in_month(year, month)) {
        return std::nullopt;
      }
    }
  }
  int64_t ms = days_from_civil(year, month, day) * kMsPerDay;
  if (consume(text, pos, 'T')) {
    int64_t hour, minute, second = 0, millis = 0;
    if (!read_digits(text, pos, 2, hour) || !consume(text, pos, ':') ||
        !read_digits(text, pos, 2, minute) || hour > 24 || minute > 59) {
      return std::nullopt;
    }
    if (consume(text, pos, ':')) {
      if (!read_digits(text, pos, 2, second) || second > 59) return std::nullopt;
      if (consume(text, pos, '.')) {
        size_t first = pos;
        for (int64_t scale = 100; pos < text.size() && text[pos] >= '0' && text[pos] <= '9';
             ++pos, scale /= 10) {
          millis += (text[pos] - '0') * scale;
        }
        if (pos == first) return std::nullopt;
      }
    }
    // "T24:00" is the end of the day, and nothing later.
    if (hour == 24 && (minute != 0 || second != 0 || millis != 0)) return std::nullopt;
    ms += ((hour * 60 + minute) * 60 + second) * 1000 + millis;
    if (!consume(text, pos, 'Z')) {
      if (pos >= text.size() || (text[pos] != '+' && text[pos] != '-')) return std::nullopt;
      int64_t sign = text[pos] == '-' ? -1 : 1;
      ++pos;
      int64_t offset_hour, offset_minute;
      if (!read_digits(text, pos, 2, offset_hour) || !consume(text, pos, ':') ||
          !read_digits(text, pos, 2, offset_minute) || offset_hour > 23 || offset_minute > 59) {
        return std::nullopt;
      }
      ms -= sign * (offset_hour * 60 + offset_minute) * 60000;
    }
  }
  if (pos != text.size()) return std::nullopt;
  double clipped = time_clip(static_cast<double>(ms));
  if (std::isnan(clipped)) return std::nullopt;
  return clipped;
}

}  // namespace openkv::codec
