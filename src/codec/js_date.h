// Copyright (c) OpenKV authors.
//
// JavaScript Date text for the JSON notation (06 §3.4, §4.5): the ISO form
// Date.prototype.toISOString writes and the ECMAScript date-time strings the
// importer reads. Time values are milliseconds since the Unix epoch, UTC.
#ifndef OPENKV_CODEC_JS_DATE_H_
#define OPENKV_CODEC_JS_DATE_H_

#include <optional>
#include <string>
#include <string_view>

namespace openkv::codec {

// ECMAScript TimeClip: NaN when not finite or beyond ±8.64e15 ms, otherwise
// truncated toward zero (so −0 becomes +0).
double time_clip(double ms);

// toISOString of a time value that time_clip left valid:
// "YYYY-MM-DDTHH:mm:ss.sssZ", with "±YYYYYY" for years outside 0..9999.
std::string date_to_iso_string(double clipped_ms);

// The time value of an ECMAScript date-time string that names its zone ("Z"
// or ±HH:mm), or of a date-only form (UTC). Fractional seconds may have any
// number of digits; digits after the third are dropped. nullopt for anything
// else, including date-times without a zone (they would be local time) and
// dates outside the TimeClip range.
std::optional<double> parse_date_string(std::string_view text);

}  // namespace openkv::codec

#endif  // OPENKV_CODEC_JS_DATE_H_
