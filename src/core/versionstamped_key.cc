// Copyright (c) OpenKV authors.

#include "core/versionstamped_key.h"

#include <string>

namespace openkv::core {

Bytes versionstamped_key(const Bytes& key, const Versionstamp& versionstamp) {
  Bytes out = key;
  out.push_back(0x02);
  std::string hex = versionstamp.to_hex();
  out.insert(out.end(), hex.begin(), hex.end());
  out.push_back(0x00);
  return out;
}

}  // namespace openkv::core
