#!/usr/bin/env bash
# Builds the Temporal CLI (dev server with SQLite and the Web UI) from source through the Go module proxy,
# into a per-user cache keyed by version, so every clone on this machine reuses it. Does nothing when built.
set -euo pipefail
VERSION=1.5.1
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${PAL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pal}/temporal-cli-$VERSION"
bin="$cache/temporal"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
command -v go >/dev/null || { echo "build-temporal: Go is required to build the Temporal CLI" >&2; exit 1; }
mkdir -p "$cache"
echo "build-temporal: building Temporal CLI $VERSION (first run on this machine takes a few minutes)..." >&2
cd "$root/tools/temporal"
tmp="$bin.tmp.$$"
GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath -o "$tmp" \
  -ldflags "-s -w -X github.com/temporalio/cli/temporalcli.Version=$VERSION" \
  github.com/temporalio/cli/cmd/temporal
mv -f "$tmp" "$bin"
echo "$bin"
