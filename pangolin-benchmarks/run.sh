#!/usr/bin/env bash
# Builds what is missing, then runs the Pangolin HTTP benchmark: servers pinned to CPU 0 (by the program, with
# taskset), the load client pinned to CPU 1 (here). Every option goes to the program; see --help, or README.md.
#
#   pangolin-benchmarks/run.sh                                    # defaults: 64 connections, 15 s per scenario
#   pangolin-benchmarks/run.sh --seconds 3 --warmup 1 --jvm-warmup 5 --connections 16    # a smoke run
#   pangolin-benchmarks/run.sh --compare-jar /work/baseline/pangolin-server/target/pangolin-server.jar \
#       --markdown /tmp/bench.md
#
# Maven runs under `flock /tmp/mvn.lock` (other builds share this machine) and only ever packages (never installs).
set -euo pipefail
cd "$(dirname "$0")/.."   # the repository root: default paths are relative to it

export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"

mvn_locked() {
  if command -v flock >/dev/null; then flock /tmp/mvn.lock mvn -B -q "$@"; else mvn -B -q "$@"; fi
}

# the server jar: built only when the default one is used and missing
server_jar=pangolin-server/target/pangolin-server.jar
args=("$@")
for ((i = 0; i < ${#args[@]}; i++)); do
  if [[ "${args[i]}" == --server-jar ]]; then server_jar="${args[i + 1]:-}"; fi
done
if [[ ! -f "$server_jar" ]]; then
  if [[ "$server_jar" == pangolin-server/target/pangolin-server.jar ]]; then
    echo "building $server_jar" >&2
    mvn_locked -DskipTests -DskipITs package -pl pangolin-server -am
  else
    echo "$server_jar does not exist" >&2
    exit 2
  fi
fi

# this module: rebuilt when its sources or pom are newer than its jar
bench_jar=pangolin-benchmarks/target/pangolin-benchmarks.jar
changed() { find pangolin-benchmarks/pom.xml pangolin-benchmarks/src -newer "$bench_jar" -type f | head -1; }
if [[ ! -f "$bench_jar" || -n "$(changed)" ]]; then
  echo "building $bench_jar" >&2
  mvn_locked -f pangolin-benchmarks/pom.xml package
fi

pin=()
if command -v taskset >/dev/null && [[ "$(nproc --all)" -ge 2 ]]; then
  pin=(taskset -c "${CLIENT_CPUS:-1}")
fi
exec "${pin[@]}" "$JAVA_HOME/bin/java" -jar "$bench_jar" "$@"
