#!/usr/bin/env bash
# Shared by the bench scripts: compiles main and test classes (no tests run) and prints the test
# classpath, so a benchmark runs in a plain `java` process whose heap and RSS are its own.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
# The launcher's JDK lookup: JAVA_HOME, java on PATH, then the usual install locations.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/bin/java-lookup.sh"
java_bin=$(find_java) || { echo "bench: needs a JDK 21+ (set JAVA_HOME)" >&2; exit 2; }
export JAVA_HOME=$(cd "$(dirname "$java_bin")/.." && pwd)
cd "$root"
cp_file=target/bench/classpath.txt
mkdir -p target/bench
if [ ! -f "$cp_file" ] || [ pom.xml -nt "$cp_file" ]; then
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
fi
./mvnw -q -B test-compile >&2
echo "$root/target/test-classes:$root/target/classes:$(cat "$cp_file")"
