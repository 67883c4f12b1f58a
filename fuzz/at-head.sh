#!/usr/bin/env bash
# Which of FUZZING.md's "Runs" still count at HEAD (FUZZING.md, "Goal status"): a run counts when no Java source in a
# package its target loads a class from, nor the target's own test class, changed between the run's commit and HEAD.
#
#   fuzz/at-head.sh            # replays every target once to learn what it loads, then prints the table
#   BUILD=no fuzz/at-head.sh   # without the first install -DskipTests
#
# Each target's regression inputs are replayed (mvn surefire:test) with the JVM's class-load log
# (-Xlog:class+load) written to target/fuzz-classes/<Class>.*.log of its module; fuzz/at-head.py reads those logs,
# the Runs table and git. Packages, not classes: a replay loads only what its inputs reach, a long run may reach more
# of the same packages. A run whose commit is not in HEAD's history, or marked "+ ..." (uncommitted code), never counts.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
if [ "${BUILD:-yes}" != no ]; then
  mvn -B -q install -DskipTests
fi
rm -rf -- */target/fuzz-classes # what an older build loaded says nothing of this one
fuzz/run.sh --list | while read -r module target; do
  class=${target%%#*}
  dir="$module/target/fuzz-classes"
  [ -n "$(ls "$dir/$class".*.log 2>/dev/null)" ] && continue # one replay per class, for all its methods
  mkdir -p "$dir"
  JDK_JAVA_OPTIONS="-Xlog:class+load=info:file=$root/$dir/$class.%p.log" \
    mvn -B -q -pl "$module" surefire:test -Dtest="$class" -Dsurefire.failIfNoSpecifiedTests=false > /dev/null 2>&1 \
    || { echo "the replay of $class failed: mvn -pl $module test -Dtest=$class shows why" >&2; exit 1; }
done
python3 fuzz/at-head.py
