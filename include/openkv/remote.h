// Copyright (c) OpenKV authors.
//
// KV Connect servers (http:// and https:// paths) for Database::open.
//
// The remote backend is its own library (CMake: OpenKV::remote; archive
// libopenkv_storage_remote.a) because it brings HTTP/2 (nghttp2), TLS
// (OpenSSL), Boost.Asio and protobuf, which an embedder using only local files
// does not want to link. A program that links it calls this once:
//
//   openkv::register_remote_backend();
//   auto db = openkv::Database::open("https://kv.example.com");
//
// Without it, Database::open of an http(s):// path throws
// Error(kUnsupported) naming this function.
#ifndef OPENKV_REMOTE_H_
#define OPENKV_REMOTE_H_

namespace openkv {

// Lets Database::open connect to KV Connect servers. Calling it again has no
// further effect. Thread-safe; never throws.
void register_remote_backend();

}  // namespace openkv

#endif  // OPENKV_REMOTE_H_
