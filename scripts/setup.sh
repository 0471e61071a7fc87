#!/usr/bin/env bash
# Installs what is missing, and only that: npm packages, the Temporal CLI (built from source), the Java
# time-skipping test server (from Maven Central), openpyxl (from PyPI, for the workbook tests), and the local TLS certificates for the SMTP catcher.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
say() { echo "setup: $*" >&2; }

if [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  say "installing npm packages (npm ci)"
  npm ci --no-audit --no-fund >&2
fi

bash scripts/build-temporal.sh >/dev/null
bash scripts/build-test-server.sh >/dev/null
bash scripts/build-xlsx-reader.sh >/dev/null

# .pal holds the local stack's data and secrets: its owner's only.
mkdir -p -m 700 .pal
chmod 700 .pal
tls="$root/.pal/tls"
if [ ! -f "$tls/server.crt" ]; then
  say "generating a local CA and a certificate for the SMTP catcher in .pal/tls"
  (
    umask 077
    mkdir -p "$tls"
    openssl req -x509 -newkey rsa:2048 -nodes -days 3650 -subj "/CN=PAL local development CA" \
      -keyout "$tls/ca.key" -out "$tls/ca.crt" 2>/dev/null
    openssl req -newkey rsa:2048 -nodes -subj "/CN=localhost" -keyout "$tls/server.key" -out "$tls/server.csr" 2>/dev/null
    printf 'subjectAltName=DNS:localhost,DNS:mailpit,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n' > "$tls/server.ext"
    openssl x509 -req -in "$tls/server.csr" -CA "$tls/ca.crt" -CAkey "$tls/ca.key" -CAcreateserial -days 825 \
      -extfile "$tls/server.ext" -out "$tls/server.crt" 2>/dev/null
    rm -f "$tls/server.csr" "$tls/server.ext"
  )
fi
# Keys stay the owner's; the certificates are public (docker-compose mounts them into containers whose user differs).
chmod 700 "$tls"
chmod 600 "$tls"/*.key "$tls"/ca.srl
chmod 644 "$tls"/*.crt
say "ready"
