#!/usr/bin/env bash
# The counted runs of FUZZING.md's goal table: fuzzes a list of targets one after another for a number of inputs
# each (libFuzzer's -runs=N), JOBS at a time (2 on a 2-core machine), appending each run's result line to a file.
#
#   fuzz/run-counted.sh <inputs> <results-file> [<module> <Class>#<method>]...
#   fuzz/run-counted.sh 10000000 fuzz/counted.txt smtp-core SmtpServerFuzzTest#sessionsKeepSmtpRulesInEveryChunking
#   fuzz/run-counted.sh 1000000 fuzz/counted.txt           # no targets given: every target of fuzz/run.sh --list
#
# Environment: JOBS (default 2), MAX_SECONDS (a run's time limit, default 43200; the input count ends it first),
# BUILD=no to skip the first build, MAVEN_OPTS as for any build. It builds the reactor once (install -DskipTests),
# then starts each target through fuzz/run.sh; two targets of the same module never run at once (they share the
# module's target directory). Each result line is fuzz/run.sh's last line ("== <module> <Class>#<method>: N inputs
# in S s, R inputs/s; date commit, cores, load average"), or a "FAILED" line when the run stopped on a finding; the
# full logs stay in fuzz/findings/.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ $# -lt 2 ] || [ $(( ($# - 2) % 2 )) -ne 0 ]; then
  sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
inputs=$1
results=$2
shift 2
case "$inputs" in
  ''|*[!0-9]*) echo "inputs must be a number, was: $inputs" >&2; exit 2 ;;
esac
jobs=${JOBS:-2}
max_seconds=${MAX_SECONDS:-43200}

targets=()
if [ $# -eq 0 ]; then
  while read -r module target; do
    targets+=("$module $target")
  done < <(fuzz/run.sh --list)
else
  while [ $# -gt 0 ]; do
    targets+=("$1 $2")
    shift 2
  done
fi

mkdir -p "$(dirname "$results")"
if [ "${BUILD:-yes}" != no ]; then
  echo "== building the reactor once (mvn install -DskipTests)"
  mvn -B -q install -DskipTests
fi

declare -A module_of=()
pending=("${targets[@]}")

start() {
  local module=$1 target=$2
  (
    line=$(fuzz/run.sh "$module" "$target" "$max_seconds" "-runs=$inputs" 2>&1 | grep '^== .*inputs' | tail -1) \
      && status=0 || status=$?
    if [ "$status" -ne 0 ] || [ -z "$line" ]; then
      line="FAILED $module $target (exit $status): ${line:-no result line}; see fuzz/findings/"
    fi
    echo "$line" >> "$results"
    echo "$line"
  ) &
  module_of[$!]=$module
}

busy() {   # is a job of module $1 running?
  local pid
  for pid in "${!module_of[@]}"; do
    if kill -0 "$pid" 2>/dev/null && [ "${module_of[$pid]}" = "$1" ]; then
      return 0
    fi
  done
  return 1
}

reap() {   # forget jobs that ended
  local pid
  for pid in "${!module_of[@]}"; do
    kill -0 "$pid" 2>/dev/null || unset "module_of[$pid]"
  done
}

while [ ${#pending[@]} -gt 0 ] || [ ${#module_of[@]} -gt 0 ]; do
  reap
  started=no
  if [ ${#module_of[@]} -lt "$jobs" ]; then
    for i in "${!pending[@]}"; do
      read -r module target <<< "${pending[$i]}"
      if ! busy "$module"; then
        echo "== start $module $target: $inputs inputs"
        start "$module" "$target"
        unset "pending[$i]"
        pending=("${pending[@]}")
        started=yes
        break
      fi
    done
  fi
  if [ "$started" = no ]; then
    wait -n 2>/dev/null || true
  fi
done
echo "== done: results in $results"
