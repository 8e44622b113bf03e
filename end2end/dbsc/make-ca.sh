#!/usr/bin/env bash
# The HTTPS the device-bound-session journeys need (dbsc.spec.ts): a test
# CA, a certificate for localhost it signs (served by keycard itself), and
# a Chromium home whose NSS database trusts the CA. Browsers offer Device
# Bound Session Credentials over https only, and Chromium's
# `--ignore-certificate-errors` is not enough for them. Made afresh on every
# run, into end2end/.dbsc/; nothing here is trusted outside that folder.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.dbsc
rm -rf "$dir"
mkdir -p "$dir/home/.pki/nssdb"
cd "$dir"

quiet() { "$@" 2>/dev/null >/dev/null || { "$@"; exit 1; }; }
quiet openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 7 \
  -subj "/CN=keycard end-to-end test CA" -keyout ca.key -out ca.pem \
  -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign"
quiet openssl req -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes \
  -subj "/CN=localhost" -keyout server.key -out server.csr
printf '%s\n' "subjectAltName=DNS:localhost,IP:127.0.0.1" "basicConstraints=CA:FALSE" \
  "keyUsage=critical,digitalSignature" "extendedKeyUsage=serverAuth" > server.ext
quiet openssl x509 -req -in server.csr -CA ca.pem -CAkey ca.key -CAcreateserial -days 7 \
  -extfile server.ext -out server.pem

certutil -d sql:home/.pki/nssdb -N --empty-password
certutil -d sql:home/.pki/nssdb -A -t "C,," -n keycard-test-ca -i ca.pem
echo "test CA and localhost certificate in end2end/$dir"
