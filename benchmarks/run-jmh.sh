#!/usr/bin/env bash
# Builds the JMH uber-jar and runs one set of Missive benchmarks with the GC profiler, writing JMH's raw JSON to
# benchmarks/results/<name>.json, then (re)writes benchmarks/RESULTS.md from every JSON file there.
#
#   benchmarks/run-jmh.sh smtp      # issue 5: whole SMTP transactions through the server engine (~1 min)
#   benchmarks/run-jmh.sh data      # issue 25: allocation per content octet, DATA/dotted DATA/BDAT (~2 min)
#   benchmarks/run-jmh.sh message   # issue 3: the five benchmark messages, 7 measurements each (~6 min)
#   benchmarks/run-jmh.sh corpus    # issue 3: the shared corpus as one set (~1.5 min)
#   benchmarks/run-jmh.sh mime      # issue 25's MIME verdict: message, then corpus (~7.5 min with one fork); for a
#                                   # verdict that holds, several forks: `benchmarks/run-jmh.sh mime -f 3 -i 4`
#                                   # (~18 min; plain -f 3, one measurement iteration more per fork, ~20 min)
#   benchmarks/run-jmh.sh imap      # issues 18, 20: IMAP command parsing, ENVELOPE/BODYSTRUCTURE of the corpus, SELECT
#                                   # and UID FETCH (UID FLAGS) over 100 000 messages (~2.5 min)
#   benchmarks/run-jmh.sh dkim      # issue 26: DKIM verification against Apache James jDKIM (~2 min)
#   benchmarks/run-jmh.sh all       # all six, one after the other
#
# Extra arguments go to JMH (e.g. -f 0 for a quick look, -p sample=PLAIN, -f 3 for three forks per benchmark: the
# tables then score every iteration of every fork and add the median of the forks' means). Environment:
#   MISSIVE_SHARED_DIR  the shared directory holding corpus/ (default: ../shared beside the checkout)
#   BENCH_BUILD         "reactor" (default: builds benchmarks and the modules it needs, -am, tests skipped),
#                       "module" (builds only benchmarks against the modules installed in ~/.m2), or "none"
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
name=${1:-}
[ -n "$name" ] || { sed -n '2,21p' "$0"; exit 2; }
shift
shared=${MISSIVE_SHARED_DIR:-$root/../shared}

case "${BENCH_BUILD:-reactor}" in
  reactor) mvn -B -q -pl benchmarks -am package -DskipTests ;;
  module) mvn -B -q -o -pl benchmarks package -DskipTests ;;
  none) ;;
  *) echo "BENCH_BUILD must be reactor, module or none" >&2; exit 2 ;;
esac

run() { # run <result name> <JMH include regex> [JMH args...]
  local out="benchmarks/results/$1.json" info="benchmarks/results/$1.run" include=$2
  shift 2
  mkdir -p benchmarks/results
  echo "Measured at commit $(git rev-parse --short HEAD), load average before the run $(cut -d' ' -f1-3 /proc/loadavg)${*:+, JMH arguments $*}." \
    > "$info"
  java "-Dmissive.shared.dir=$shared" -jar benchmarks/target/benchmarks.jar "$include" -prof gc -rf json -rff "$out" \
    -jvmArgsAppend "-Dmissive.shared.dir=$shared" "$@"
}

case "$name" in
  smtp) run smtp 'SmtpTransactionBenchmark' "$@" ;;
  data) run data 'SmtpDataBenchmark' "$@" ;;
  message) run message 'message\.SampleBenchmark' "$@" ;;
  corpus) run corpus 'message\.CorpusBenchmark' "$@" ;;
  mime)
    run message 'message\.SampleBenchmark' "$@"
    run corpus 'message\.CorpusBenchmark' "$@"
    ;;
  imap) run imap 'imap\.' "$@" ;;
  dkim) run dkim 'DkimVerifyBenchmark' "$@" ;;
  all)
    run smtp 'SmtpTransactionBenchmark' "$@"
    run data 'SmtpDataBenchmark' "$@"
    run message 'message\.SampleBenchmark' "$@"
    run corpus 'message\.CorpusBenchmark' "$@"
    run imap 'imap\.' "$@"
    run dkim 'DkimVerifyBenchmark' "$@"
    ;;
  *) echo "unknown set '$name' (smtp, data, message, corpus, mime, imap, dkim, all)" >&2; exit 2 ;;
esac

/usr/bin/python3 benchmarks/jmh_table.py benchmarks/results > benchmarks/RESULTS.md
echo "wrote benchmarks/RESULTS.md"
