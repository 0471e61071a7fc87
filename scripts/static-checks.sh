#!/usr/bin/env bash
# npm test's static checks: the type check and lint at once (each mostly waits on one core), failing if either fails.
set -uo pipefail
cd "$(dirname "$0")/.."
npm run -s typecheck & typecheck=$!
npm run -s lint; lint=$?
wait "$typecheck"; typecheck=$?
exit $((typecheck || lint))
