#!/usr/bin/env bash
# Initial and no-change sync of N bindings (default 2000) through the real engine, a real dev Vault
# and the GitHub simulator enforcing every limit GitHub documents, time compressed for both the
# simulator and the client's budgets. Extra key=value arguments go to org.botkeeper.bench.SyncBench
# (compress=60 environments=existing|missing gapMs=... writesPerHour=... pointsPerMinute=...).
# Loopback only.
#   bench/sync-bench.sh            # 2000 bindings
#   bench/sync-bench.sh 10000
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
exec "$JAVA_HOME/bin/java" -Xmx${BENCH_XMX:-512m} -XX:+UseSerialGC --enable-native-access=ALL-UNNAMED \
  -Dorg.slf4j.simpleLogger.defaultLogLevel=warn -cp "$cp" org.botkeeper.bench.SyncBench "$n" "$@"
