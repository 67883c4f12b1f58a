#!/usr/bin/env bash
# Issue 8 items 2 and 3, each in its own JVM:
#  - 10 000 concurrent SMTP sessions idle after EHLO on Missive's Netty transport in a 256 MiB heap, then one message
#    on each: heap per idle session and one engine's own state (JOL), with the engine's default 64 KiB inbox and
#    with the smallest inbox the limits allow (1 KiB);
#  - 100 MiB through SMTP DATA and 100 MiB served by POP3 RETR from a file, in memory through the engines, in a
#    64 MiB heap: MB/s and peak heap.
#
#   benchmarks/load/footprint.sh            # SESSIONS=10000, STREAM_MIB=100
#   benchmarks/load/footprint.sh --smoke    # 500 sessions, 8 MiB
#
# Environment: SESSIONS, STREAM_MIB, BENCH_BUILD (full, module or none: see lib.sh), MVN_FLAGS.
# Loopback only; stops by itself.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
# shellcheck source=benchmarks/load/lib.sh
. "$here/lib.sh"

if [ "${1:-}" = "--smoke" ]; then
  SESSIONS=${SESSIONS:-500}; STREAM_MIB=${STREAM_MIB:-8}
else
  SESSIONS=${SESSIONS:-10000}; STREAM_MIB=${STREAM_MIB:-100}
fi
jar=$(build_load_jar)
# one descriptor per session in the server JVM and another in the client JVM
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((SESSIONS + 1000)) ]; then
  echo "ulimit -n is $(ulimit -n), too low for $SESSIONS sessions" >&2
  exit 1
fi
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && commit="$commit+dirty"
echo "== $(nproc) cores, $(java -version 2>&1 | head -1); ulimit -n $(ulimit -n); commit $commit;" \
  "load average $(cut -d' ' -f1-3 /proc/loadavg)"

for inbox in default 1024; do
  echo
  echo "== $SESSIONS idle SMTP sessions on the Netty transport, -Xmx256m, engine inbox: $inbox"
  extra=(); [ "$inbox" != default ] && extra=("$inbox")
  java -Xmx256m -Djdk.attach.allowAttachSelf=true -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$jar" dev.missive.benchmarks.load.IdleSessions "$SESSIONS" "${extra[@]}" 2>&1 | grep --line-buffered -v '^# ' || true
done

for protocol in smtp pop3; do
  echo
  echo "== $STREAM_MIB MiB through $protocol in memory, -Xmx64m"
  java -Xmx64m -cp "$jar" dev.missive.benchmarks.load.Streaming "$protocol" "$STREAM_MIB"
  echo "(load average after: $(cut -d' ' -f1-3 /proc/loadavg))"
done
