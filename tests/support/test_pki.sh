# A throwaway PKI for TLS tests, made with the openssl CLI (the shell twin of
# test_pki.h): make_test_pki DIR writes DIR/ca.pem (+ ca.key) and, signed by
# that CA, DIR/cert.pem + DIR/key.pem for 127.0.0.1, valid for a day.
# rustls (Deno) wants a v3 CA with basicConstraints and an IP SAN.
make_test_pki() {
  local dir="$1"
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 1 \
    -subj "/CN=OpenKV test CA" -keyout "$dir/ca.key" -out "$dir/ca.pem" \
    -addext "basicConstraints=critical,CA:TRUE" \
    -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null || return 1
  openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
    -subj "/CN=127.0.0.1" -keyout "$dir/key.pem" -out "$dir/server.csr" 2>/dev/null || return 1
  printf '%s\n' "basicConstraints=critical,CA:FALSE" "keyUsage=critical,digitalSignature" \
    "extendedKeyUsage=serverAuth" "subjectAltName=IP:127.0.0.1" >"$dir/server.ext"
  openssl x509 -req -in "$dir/server.csr" -CA "$dir/ca.pem" -CAkey "$dir/ca.key" \
    -CAcreateserial -days 1 -extfile "$dir/server.ext" -out "$dir/cert.pem" 2>/dev/null
}
