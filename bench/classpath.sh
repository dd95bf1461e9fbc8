#!/usr/bin/env bash
# Shared by the bench scripts: compiles main and test classes (no tests run) and prints the test
# classpath, so a benchmark runs in a plain `java` process whose heap and RSS are its own.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
cd "$root"
cp_file=target/bench/classpath.txt
mkdir -p target/bench
if [ ! -f "$cp_file" ] || [ pom.xml -nt "$cp_file" ]; then
  ./mvnw -q -B dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile="$cp_file" >&2
fi
./mvnw -q -B test-compile >&2
echo "$root/target/test-classes:$root/target/classes:$(cat "$cp_file")"
