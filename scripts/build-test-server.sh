#!/usr/bin/env bash
# Fetches Temporal's Java time-skipping test server from Maven Central into the per-user cache and writes
# an executable wrapper for @temporalio/testing ('existing-path'). Does nothing when already there.
set -euo pipefail
VERSION=$(sed -n 's:.*<version>\(1\.[0-9.]*\)</version>.*:\1:p' "$(dirname "$0")/../tools/test-server/pom.xml" | head -1)
root=$(cd "$(dirname "$0")/.." && pwd)
cache="${PAL_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/pal}/temporal-test-server-$VERSION"
wrapper="$cache/temporal-test-server"
if [ -x "$wrapper" ]; then echo "$wrapper"; exit 0; fi
command -v mvn >/dev/null || { echo "build-test-server: Maven is required" >&2; exit 1; }
command -v java >/dev/null || { echo "build-test-server: Java is required" >&2; exit 1; }
echo "build-test-server: fetching temporal-test-server $VERSION from Maven Central..." >&2
mkdir -p "$cache"
mvn -q -B -f "$root/tools/test-server/pom.xml" -Dmaven.repo.local="$cache/m2" \
  dependency:copy-dependencies -DoutputDirectory="$cache/lib" >&2
# The SDK gives the server 5 s to answer: a client JIT, serial GC and a class-data-sharing archive
# (recorded once here from a real start) bring JVM start-up under half a second.
jvm=(-XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -Xmx512m -cp "$cache/lib/*")
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
java -XX:ArchiveClassesAtExit="$cache/app.jsa" -Xlog:cds=off -Xlog:cds+dynamic=off "${jvm[@]}" \
  io.temporal.testserver.TestServer "$port" >/dev/null 2>&1 &
pid=$!
for _ in $(seq 1 200); do (echo >"/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
sleep 1; kill -TERM "$pid"; wait "$pid" 2>/dev/null || true
cat > "$wrapper.tmp" <<WRAP
#!/usr/bin/env bash
exec java -XX:SharedArchiveFile="$cache/app.jsa" -Xshare:auto -Xlog:cds=off ${jvm[*]@Q} io.temporal.testserver.TestServer "\$@"
WRAP
chmod +x "$wrapper.tmp"
mv -f "$wrapper.tmp" "$wrapper"
echo "$wrapper"
