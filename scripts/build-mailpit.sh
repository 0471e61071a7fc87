#!/usr/bin/env bash
# Builds Mailpit (an SMTP catcher with a web inbox and an API) from source through the Go module proxy, into the
# per-user cache keyed by version, so every clone on this machine reuses it. The module ships its web inbox as
# sources only: they are built with npm (packages from the npm registry, as pinned by Mailpit's package-lock.json)
# into a copy of the module before `go build` embeds them. Prints the binary's path; does nothing when built.
set -euo pipefail
VERSION=v1.33.1 # keep in step with tools/mailpit/go.mod
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${PAL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pal}/mailpit-$VERSION"
bin="$cache/mailpit"
if [ -x "$bin" ]; then echo "$bin"; exit 0; fi
say() { echo "build-mailpit: $*" >&2; }
command -v go >/dev/null || { say "Go is required to build Mailpit"; exit 1; }
command -v npm >/dev/null || { say "npm is required to build Mailpit's web inbox"; exit 1; }
mkdir -p "$cache"
say "building Mailpit $VERSION with its web inbox (first run on this machine takes a few minutes)..."
work=$(mktemp -d "$cache/build.XXXXXX")
trap 'chmod -R u+w "$work" 2>/dev/null; rm -rf "$work"' EXIT

# The module's source as the proxy serves it, checked against tools/mailpit/go.sum.
src=$(cd "$root/tools/mailpit" && GOFLAGS=-mod=readonly go mod download -json github.com/axllent/mailpit |
  sed -n 's/^[[:space:]]*"Dir": "\(.*\)",$/\1/p')
[ -d "$src" ] || { say "go mod download gave no source folder for github.com/axllent/mailpit $VERSION"; exit 1; }
cp -R "$src" "$work/src"
chmod -R u+w "$work/src"

# The web inbox, as Mailpit's own release build makes it (npm ci, npm run package: esbuild into server/ui/dist), with
# two differences, both forced by what the npm registry serves:
# - rapidoc 12.1.0, pinned by Mailpit's package-lock.json, is not on the registry (its newest there is 9.3.8). Only the
#   API documentation page (/api/v1/, entry server/ui-src/docs.js) uses it, so that page is left out: rapidoc is
#   dropped from the copy's package.json and lock, and the build has the inbox's entry (app.js) only.
# - sass-embedded 1.108.1 (pinned) is not on the registry either. It is a peer of esbuild-sass-plugin, which uses it
#   only when asked to (Mailpit's build does not: it uses the plain `sass` package), so peers are left out.
# No install scripts run: esbuild comes as a prebuilt platform package and sass is JavaScript.
(
  cd "$work/src"
  node - <<'NODE'
const fs = require('node:fs');
const edit = (file, change) => fs.writeFileSync(file, change(fs.readFileSync(file, 'utf8')));
edit('package.json', (text) => { const p = JSON.parse(text); delete p.dependencies.rapidoc; return JSON.stringify(p, null, 2); });
edit('package-lock.json', (text) => {
  const lock = JSON.parse(text);
  delete lock.packages[''].dependencies.rapidoc;
  delete lock.packages['node_modules/rapidoc'];
  return JSON.stringify(lock, null, 2);
});
edit('esbuild.config.mjs', (text) => {
  const entries = '["server/ui-src/app.js", "server/ui-src/docs.js"]';
  if (!text.includes(entries)) throw new Error(`esbuild.config.mjs no longer lists ${entries}: review this build`);
  return text.replace(entries, '["server/ui-src/app.js"]');
});
NODE
  npm ci --omit=peer --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  npm run --silent package >&2
)
[ -f "$work/src/server/ui/dist/app.js" ] || { say "the web inbox did not build (no server/ui/dist/app.js)"; exit 1; }

# go build of that copy, with the versions and checksums of tools/mailpit/go.mod and go.sum.
cp "$root/tools/mailpit/go.mod" "$root/tools/mailpit/go.sum" "$root/tools/mailpit/tools.go" "$work/"
(
  cd "$work"
  go mod edit -replace "github.com/axllent/mailpit=$work/src"
  tmp="$bin.tmp.$$"
  GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath -o "$tmp" \
    -ldflags "-s -w -X github.com/axllent/mailpit/config.Version=$VERSION" github.com/axllent/mailpit
  mv -f "$tmp" "$bin"
)
echo "$bin"
