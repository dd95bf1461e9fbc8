#!/usr/bin/env bash
# `botkeeper serve` (its own JVM, -Xmx128m by default) against a real dev Vault with N bindings
# (default 2000, already synced) and the GitHub simulator at GitHub's real limits: tokens changed in
# Vault at random moments, time until each reaches the simulator (p50/p95/max), then serve's heap.
# Extra key=value arguments go to org.botkeeper.bench.ServeBench (changes=30 over=150 interval=10s
# xmx=128m realLimits=true). Loopback only.
#   bench/serve-latency.sh                 # 2000 bindings, 30 changes
#   bench/serve-latency.sh 10000 changes=0 # heap of serve with 10,000 bindings after full runs
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# The launcher's JDK lookup: JAVA_HOME, java on PATH, then the usual install locations.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/bin/java-lookup.sh"
java_bin=$(find_java) || { echo "bench: needs a JDK 21+ (set JAVA_HOME)" >&2; exit 2; }
export JAVA_HOME=$(cd "$(dirname "$java_bin")/.." && pwd)
cp=$("$here/classpath.sh")
cd "$here/.."
n=${1:-2000}
shift || true
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); nproc $(nproc); memory $(free -g | awk '/Mem:/{print $2}') GiB; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1)"
exec "$JAVA_HOME/bin/java" -Xmx${BENCH_XMX:-768m} --enable-native-access=ALL-UNNAMED -Dbench.classpath="$cp" \
  -cp "$cp" org.botkeeper.bench.ServeBench "$n" "$@"
