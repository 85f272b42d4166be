// Copyright (c) OpenKV authors.
//
// A throwaway PKI for TLS tests, made with the OpenSSL API when a test starts:
// a CA and a server certificate for 127.0.0.1 that it signed, as PEM files in
// a temporary directory removed afterwards. Shared by the server's TLS tests
// and the remote backend's https:// tests.
#ifndef OPENKV_TESTS_SUPPORT_TEST_PKI_H_
#define OPENKV_TESTS_SUPPORT_TEST_PKI_H_

#include <gtest/gtest.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

namespace openkv::test_support {

namespace fs = std::filesystem;

struct KeyFree {
  void operator()(EVP_PKEY* key) const { EVP_PKEY_free(key); }
};
struct CertFree {
  void operator()(X509* cert) const { X509_free(cert); }
};
using Key = std::unique_ptr<EVP_PKEY, KeyFree>;
using Cert = std::unique_ptr<X509, CertFree>;

inline Key new_key() { return Key(EVP_EC_gen("P-256")); }

inline void add_extension(X509* cert, X509* issuer, int nid, const char* value) {
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, issuer, cert, nullptr, nullptr, 0);
  X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &ctx, nid, value);
  ASSERT_NE(ext, nullptr) << value;
  X509_add_ext(cert, ext, -1);
  X509_EXTENSION_free(ext);
}

// A v3 certificate valid from an hour ago for a day. `issuer` null = self-signed.
inline Cert new_cert(EVP_PKEY* key, const char* common_name, X509* issuer, EVP_PKEY* issuer_key,
                     long serial, bool ca) {
  Cert cert(X509_new());
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), serial);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 24 * 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                             reinterpret_cast<const unsigned char*>(common_name), -1, -1, 0);
  X509* signer = issuer != nullptr ? issuer : cert.get();
  X509_set_issuer_name(cert.get(), X509_get_subject_name(signer));
  add_extension(cert.get(), signer, NID_subject_key_identifier, "hash");
  if (ca) {
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:TRUE");
    add_extension(cert.get(), signer, NID_key_usage, "critical,keyCertSign,cRLSign");
  } else {
    add_extension(cert.get(), signer, NID_authority_key_identifier, "keyid");
    add_extension(cert.get(), signer, NID_basic_constraints, "critical,CA:FALSE");
    add_extension(cert.get(), signer, NID_key_usage, "critical,digitalSignature");
    add_extension(cert.get(), signer, NID_ext_key_usage, "serverAuth");
    add_extension(cert.get(), signer, NID_subject_alt_name, "IP:127.0.0.1");
  }
  X509_sign(cert.get(), issuer_key != nullptr ? issuer_key : key, EVP_sha256());
  return cert;
}

inline void write_pem(const fs::path& path, X509* cert) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  PEM_write_X509(f, cert);
  std::fclose(f);
}

inline void write_pem(const fs::path& path, EVP_PKEY* key) {
  std::FILE* f = std::fopen(path.c_str(), "w");
  ASSERT_NE(f, nullptr);
  PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
  std::fclose(f);
}

// ca.pem, cert.pem + key.pem (server, for 127.0.0.1, signed by the CA),
// other_key.pem (matches nothing), not_pem.txt.
class Pki {
 public:
  Pki() : dir_(fs::temp_directory_path() / ("openkv-pki-" + std::to_string(::getpid()))) {
    fs::create_directories(dir_);
    Key ca_key = new_key();
    Cert ca = new_cert(ca_key.get(), "OpenKV test CA", nullptr, nullptr, 1, true);
    Key server_key = new_key();
    Cert server = new_cert(server_key.get(), "127.0.0.1", ca.get(), ca_key.get(), 2, false);
    write_pem(ca_file(), ca.get());
    write_pem(cert_file(), server.get());
    write_pem(key_file(), server_key.get());
    write_pem(other_key_file(), new_key().get());
    std::FILE* f = std::fopen(not_pem_file().c_str(), "w");
    std::fputs("not a certificate\n", f);
    std::fclose(f);
  }
  ~Pki() { fs::remove_all(dir_); }

  std::string ca_file() const { return dir_ / "ca.pem"; }
  std::string cert_file() const { return dir_ / "cert.pem"; }
  std::string key_file() const { return dir_ / "key.pem"; }
  std::string other_key_file() const { return dir_ / "other_key.pem"; }
  std::string not_pem_file() const { return dir_ / "not_pem.txt"; }

 private:
  fs::path dir_;
};

}  // namespace openkv::test_support

#endif  // OPENKV_TESTS_SUPPORT_TEST_PKI_H_
