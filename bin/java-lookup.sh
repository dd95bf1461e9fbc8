# Sourced by bin/botkeeper and the bench scripts: finds a JDK 21 or newer without starting a JVM when
# it can. Candidates in order: JAVA_HOME, java on PATH, then where JDKs are usually installed (Linux
# packages and installers under /usr/lib/jvm, macOS, SDKMAN, IntelliJ's ~/.jdks). Prints the java binary.

java_major() {
  # A JDK's release file says its version without starting a JVM (that alone costs ~0.1 s per run); read
  # with bash's own read, as every process started here adds to each command's start-up.
  local release line resolved
  release="${1%/*}/../release"
  # /usr/bin/java is a link (Debian's alternatives) to the JDK's own bin/java, next to its release file:
  # one readlink costs a few ms, the JVM below ~60 ms.
  if [ ! -f "$release" ] && [ -L "$1" ] && resolved=$(readlink -f "$1" 2>/dev/null); then
    release="${resolved%/*}/../release"
  fi
  if [ -f "$release" ]; then
    while IFS= read -r line; do
      if [[ $line =~ ^JAVA_VERSION=\"([0-9]+) ]]; then
        echo "${BASH_REMATCH[1]}"
        return
      fi
    done < "$release"
    return
  fi
  "$1" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = //p'
}

find_java() {
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME/bin/java")
  command -v java >/dev/null 2>&1 && candidates+=("$(command -v java)")
  local dir
  for dir in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* \
      "$HOME"/.jdks/*; do
    [ -x "$dir/bin/java" ] && candidates+=("$dir/bin/java")
  done
  local candidate best="" best_major=0
  for candidate in "${candidates[@]}"; do
    local major
    major=$(java_major "$candidate" || true)
    major=${major%%.*}
    [ -n "$major" ] || continue
    if [ "$major" -ge 21 ]; then
      # JAVA_HOME or PATH wins when new enough; among the others, the newest.
      if [ "$candidate" = "${JAVA_HOME:-}/bin/java" ] || [ "$candidate" = "$(command -v java 2>/dev/null)" ]; then
        echo "$candidate"
        return 0
      fi
      if [ "$major" -gt "$best_major" ]; then
        best=$candidate
        best_major=$major
      fi
    fi
  done
  [ -n "$best" ] && echo "$best" && return 0
  return 1
}
