#!/usr/bin/env bash
# Fuzzes one @FuzzTest target for a given time (FUZZING.md, "Running a target").
#
#   fuzz/run.sh <module> <TestClass>#<method> <seconds> [libFuzzer flags...]
#   fuzz/run.sh message-format MessageFuzzTest#parsesAndWritesBack 120
#   fuzz/run.sh --list                      # every target: module, class#method
#
# Runs at the lowest CPU priority (nice 19): the machine is shared. Corpora, in libFuzzer's order:
#   <module>/.cifuzz-corpus/<package.Class>/<method>/   what this target found so far (git-ignored; new inputs go here)
#   <module>/src/test/resources/<package>/<Class>Inputs/<method>/   the regression corpus, replayed by mvn verify
#   ../shared/corpus/mime4j-testmsgs/       message-format targets only (MISSIVE_SHARED_DIR overrides ../shared)
# A finding (failed assertion, unchecked exception, timeout) is written to fuzz/findings/<Class>.<method>/ and the
# run fails (FUZZ_KEEP_GOING=N: go on until N distinct findings, told apart by stack trace); reduce it to a unit
# test (FUZZING.md), fix the bug, then copy the input into the Inputs directory.
# The last lines print the inputs run and inputs per second, with the commit and load average for FUZZING.md.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

if [ "${1:-}" = "--list" ]; then
  grep -rl --include='*FuzzTest.java' '@FuzzTest' -- */src/test/java | sort | while read -r f; do
    module=${f%%/src/*}
    class=$(basename "$f" .java)
    grep -A3 '@FuzzTest' "$f" | grep -oE 'void [a-zA-Z0-9_]+' | sed "s/void /$module $class#/"
  done
  exit 0
fi

if [ $# -lt 3 ]; then
  sed -n '2,5p' "$0" | sed 's/^# \{0,1\}//'
  exit 2
fi
module=$1
target=$2
seconds=$3
shift 3
class=${target%%#*}
method=${target#*#}
if [ "$class" = "$target" ] || [ -z "$method" ]; then
  echo "target must be <TestClass>#<method>, was: $target" >&2
  exit 2
fi
source=$(find "$module/src/test/java" -name "$class.java" | head -1)
if [ -z "$source" ]; then
  echo "no $class.java under $module/src/test/java (fuzz/run.sh --list shows the targets)" >&2
  exit 2
fi
package_dir=$(dirname "${source#"$module/src/test/java/"}")
package=${package_dir//\//.}

generated="$root/$module/.cifuzz-corpus/$package.$class/$method"
inputs="$root/$module/src/test/resources/$package_dir/${class}Inputs/$method"
findings="$root/fuzz/findings/$class.$method"
mkdir -p "$generated" "$inputs" "$findings"
corpora=("$generated" "$inputs")
shared=${MISSIVE_SHARED_DIR:-$root/../shared}
if [ "$module" = "message-format" ] && [ -d "$shared/corpus/mime4j-testmsgs" ]; then
  corpora+=("$(cd "$shared/corpus/mime4j-testmsgs" && pwd)")
fi


# Jazzer's JUnit integration reads libFuzzer's command line from jazzer.internal.arg.N (0 is argv[0]); directories
# come first, and flags given after the ones Jazzer adds (its default -max_total_time among them) win.
args=(-Djazzer.internal.arg.0=fuzz)
n=1
for arg in "${corpora[@]}" "-max_total_time=$seconds" "-timeout=10" "-artifact_prefix=$findings/" \
    "-print_final_stats=1" "$@"; do
  args+=("-Djazzer.internal.arg.$n=$arg")
  n=$((n + 1))
done

# Logging at ERROR only while fuzzing: the tests' slf4j-simple settings (src/test/resources/simplelogger.properties)
# keep WARN, and imap-core's server at DEBUG, which wrote a line or two per input through surefire's output pipe (about
# half the CPU of an ImapServerFuzzTest input, FUZZING.md "Speed"). The logging calls still run; only the formatting
# and writing of messages below ERROR stop. System properties win over the file, logger by logger.
logging=(-Dorg.slf4j.simpleLogger.defaultLogLevel=error)
if [ -f "$module/src/test/resources/simplelogger.properties" ]; then
  while read -r key; do
    logging+=("-D$key=error")
  done < <(sed -n 's/^\(org\.slf4j\.simpleLogger\.log\.[^=[:space:]]*\)[[:space:]]*=.*/\1/p' \
      "$module/src/test/resources/simplelogger.properties")
fi

# Jazzer's comparison hooks are JNI calls from the instrumented code; on JDK 17 -XX:+CriticalJNINatives makes them
# cheaper (Jazzer's docs, "Recommended JVM Options"; about half the CPU of a SmtpServerFuzzTest input, FUZZING.md
# "Speed"). JDK_JAVA_OPTIONS reaches surefire's forked JVM whatever argLine a module's POM sets; JDK 18 dropped the
# flag, which IgnoreUnrecognizedVMOptions turns into a no-op there.
export JDK_JAVA_OPTIONS="${JDK_JAVA_OPTIONS:+$JDK_JAVA_OPTIONS }-XX:+IgnoreUnrecognizedVMOptions -XX:+CriticalJNINatives"

# FUZZ_BUILD=no: no build, only the module's surefire:test, against the module's target/ directory and what
# `mvn install -DskipTests` left in the local repository; so two runs of one target can go at once, one per core (libFuzzer's
# -fork and -jobs do not work under Jazzer's JUnit integration, FUZZING.md "Speed"): both write new inputs into the one
# .cifuzz-corpus directory and read each other's every second (libFuzzer's -reload); FUZZ_INSTANCE=<n> gives each its log.
goal=(-pl "$module" -am test)
if [ "${FUZZ_BUILD:-yes}" = no ]; then
  goal=(-pl "$module" surefire:test)
fi

log="$root/fuzz/findings/$class.$method${FUZZ_INSTANCE:+.$FUZZ_INSTANCE}.log"
echo "== fuzzing $module $class#$method for ${seconds}s (nice 19); log: ${log#"$root/"}"
commit=$(git rev-parse --short HEAD)
status=0
JAZZER_FUZZ=1 nice -n 19 mvn -B "${goal[@]}" \
    -Dtest="$class#$method" -Dsurefire.failIfNoSpecifiedTests=false \
    -Djazzer.hooks=true -Djazzer.instrument='dev.missive.**' -Djazzer.custom_hook_includes='dev.missive.**' \
    -Djazzer.keep_going="${FUZZ_KEEP_GOING:-1}" "${logging[@]}" \
    "${args[@]}" > "$log" 2>&1 || status=$?

grep -E "^(#[0-9]+\s+(INITED|DONE|pulse)|Done [0-9]+ runs|stat::|==[0-9]+== ERROR|== Java Exception|artifact_prefix)" "$log" \
  | tail -n 12 || true
runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
took=$(grep -oE "^Done [0-9]+ runs in [0-9]+ second" "$log" | tail -1 | grep -oE "[0-9]+" | tail -1 || true)
load=$(cut -d' ' -f1-3 /proc/loadavg)
echo "== $module $class#$method: ${runs:-?} inputs in ${took:-?} s, ${rate:-?} inputs/s;" \
  "$(date -u +%Y-%m-%d) commit $commit, $(nproc) cores, load average $load"
if [ "$status" -ne 0 ]; then
  ls "$findings" 2>/dev/null | sed "s|^|   finding: fuzz/findings/$class.$method/|"
  echo "== FAILED (exit $status): see ${log#"$root/"}" >&2
fi
exit "$status"
