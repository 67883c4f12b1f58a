#!/usr/bin/env bash
# Fails when the main classes of a module form a package cycle (docs/architecture.md, "Dependency rules": an
# `...internal` package never imports the API package it serves). Reads every module's target/classes with jdeps, so
# it runs after `mvn install` (test.sh calls it then); a few seconds, no build of its own.
# Usage: .ci/package-cycles.sh [module ...]   (default: every module of the root POM that has target/classes)
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "$#" -gt 0 ]; then
  modules=("$@")
else
  mapfile -t modules < <(sed -n 's:.*<module>\(.*\)</module>.*:\1:p' pom.xml)
fi
command -v jdeps >/dev/null || { echo "jdeps (from the JDK) is needed"; exit 2; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
checked=()
mkdir "$tmp/classes"
for m in "${modules[@]}"; do
  [ -d "$m/target/classes/dev" ] || continue
  cp -r "$m/target/classes/dev" "$tmp/classes/" # packages are unique across modules (no split packages)
  checked+=("$m")
done
# package -> package edges inside dev.missive, as "from to" lines (one jdeps run for all modules)
jdeps -verbose:package -filter:none --ignore-missing-deps -e 'dev\.missive\..*' "$tmp/classes" 2>/dev/null \
  | awk '$1 ~ /^dev\.missive/ && $2 == "->" && $3 ~ /^dev\.missive/ && $1 != $3 { print $1, $3 }' \
  | sort -u > "$tmp/edges"
cycles=$(python3 - "$tmp/edges" <<'PY'
import sys, collections
graph = collections.defaultdict(set)
for line in open(sys.argv[1]):
    a, b = line.split()
    graph[a].add(b)
index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]
def connect(v):  # Tarjan's strongly connected components
    index[v] = low[v] = counter[0]; counter[0] += 1; stack.append(v); on.add(v)
    for w in graph.get(v, ()):
        if w not in index:
            connect(w); low[v] = min(low[v], low[w])
        elif w in on:
            low[v] = min(low[v], index[w])
    if low[v] == index[v]:
        comp = []
        while True:
            w = stack.pop(); on.discard(w); comp.append(w)
            if w == v:
                break
        if len(comp) > 1:
            out.append(" <-> ".join(sorted(comp)))
sys.setrecursionlimit(10000)
for v in list(graph):
    if v not in index:
        connect(v)
print("\n".join(out))
PY
)
failed=0
if [ -n "$cycles" ]; then
  echo "== package cycles among the main classes of ${checked[*]}:"
  echo "$cycles" | sed 's/^/   /'
  failed=1
fi
if [ "$failed" -ne 0 ]; then
  echo "== package cycles found (docs/architecture.md, \"Dependency rules\")"
  exit 1
fi
echo "== no package cycle in the main classes of ${#checked[@]} modules"
