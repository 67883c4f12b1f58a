#!/usr/bin/env bash
# The consumer build (issue 9): uses the Missive jars as `mvn -B install` put them in the local repository, the way
# a user's project does, from .ci/consumer/ (outside the reactor):
#   1. on the module path: compiles a named module that requires only dev.missive.smtp and dev.missive.pop3 (the
#      rest must come through `requires transitive`), sends one message client engine -> server engine in memory,
#      parses it with message-format, and checks that every module exports exactly its non-internal packages and
#      that each public class of an internal package is refused to the consumer;
#   2. on the class path: the same program without module-info;
#   (both runs also resolve the sources and Javadoc jars of the five modules, so a missing one fails)
#   3. a compile that must fail: a module importing dev.missive.smtp.internal must be told it is not exported.
# Usage: .ci/consumer.sh [--install] [extra Maven options, e.g. -o]
#   --install  runs `mvn -B install` of the whole project first (otherwise run it before this script).
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "${1:-}" = "--install" ]; then
  shift
  echo "== mvn -B install"
  mvn -B install "$@"
fi

version=$(sed -n 's:^  <version>\(.*\)</version>$:\1:p' pom.xml | head -n 1)
if [ -z "$version" ]; then
  echo "consumer.sh: cannot read the project version from pom.xml" >&2
  exit 1
fi
consumer=(mvn -B -f .ci/consumer/pom.xml -Dmissive.version="$version" "$@")

echo "== consumer on the module path (dev.missive:*:$version)"
"${consumer[@]}" -P module-path clean verify

echo "== consumer on the class path"
"${consumer[@]}" -P class-path clean verify

echo "== consumer: importing an internal package must not compile"
log=$(mktemp)
trap 'rm -f "$log"' EXIT
if "${consumer[@]}" -P internal-probe clean compile >"$log" 2>&1; then
  cat "$log"
  echo "consumer.sh: FAILED: dev.missive.smtp.internal was readable from another module" >&2
  exit 1
fi
if ! grep -q "package dev.missive.smtp.internal is declared in module dev.missive.smtp, which does not export it" "$log"; then
  cat "$log"
  echo "consumer.sh: FAILED: the probe failed to compile, but not because the internal package is unexported" >&2
  exit 1
fi
echo "refused as it should be: $(grep -m1 -o 'package dev.missive.smtp.internal is declared in module.*' "$log")"
echo "consumer.sh: OK"
