#!/usr/bin/env bash
# Issue 19's IMAP load items over the example server's Maildir store, each in its own JVM:
#  - 10 000 IMAP sessions in IDLE with a 10 000-message INBOX selected, on Missive's Netty transport, -Xmx256m: heap
#    per IDLE session and one engine's own state (JOL; goal <= 4 KiB);
#  - FETCH 1:* BODY[] of 10 000 messages by 10 clients, Missive against GreenMail's IMAP server in the same run (goal
#    >= 10x GreenMail);
#  - SELECT of a 100 000-message folder: the first (every message numbered), after a restart, and again.
#
#   benchmarks/load/maildir-imap.sh            # SESSIONS=10000 MESSAGES=10000 LARGE=100000
#   benchmarks/load/maildir-imap.sh --smoke    # 200 sessions, 500 messages, a 5 000-message folder
#
# Environment: SESSIONS, MESSAGES, CLIENTS, LARGE, BENCH_BUILD (see lib.sh), MVN_FLAGS. Loopback and a temporary
# directory only; stops by itself. Run it on a quiet machine.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."
# shellcheck source=benchmarks/load/lib.sh
. "$here/lib.sh"

if [ "${1:-}" = "--smoke" ]; then
  SESSIONS=${SESSIONS:-200}; MESSAGES=${MESSAGES:-500}; LARGE=${LARGE:-5000}
else
  SESSIONS=${SESSIONS:-10000}; MESSAGES=${MESSAGES:-10000}; LARGE=${LARGE:-100000}
fi
CLIENTS=${CLIENTS:-10}
jar=$(build_load_jar)
ulimit -n "$(ulimit -Hn)"
if [ "$(ulimit -n)" != unlimited ] && [ "$(ulimit -n)" -lt $((SESSIONS + 1000)) ]; then
  echo "ulimit -n is $(ulimit -n), too low for $SESSIONS sessions" >&2
  exit 1
fi
echo "== $(nproc) cores, $(java -version 2>&1 | head -1); ulimit -n $(ulimit -n)"
quiet=(-Dorg.slf4j.simpleLogger.defaultLogLevel=warn)

echo; echo "== $SESSIONS IMAP sessions in IDLE, $MESSAGES-message INBOX, Netty, -Xmx256m"
java -Xmx256m -Djdk.attach.allowAttachSelf=true "${quiet[@]}" -cp "$jar" \
  dev.missive.benchmarks.load.MaildirIdleSessions "$SESSIONS" "$MESSAGES" 2>&1 | grep --line-buffered -v '^# ' || true

echo; echo "== FETCH 1:* BODY[] of $MESSAGES messages by $CLIENTS clients: Missive against GreenMail"
java -Xmx2g "${quiet[@]}" -cp "$jar" dev.missive.benchmarks.load.MaildirFetchVsGreenMail "$MESSAGES" "$CLIENTS" 3

echo; echo "== SELECT of a $LARGE-message folder"
java -Xmx1g "${quiet[@]}" -cp "$jar" dev.missive.benchmarks.load.MaildirSelectLarge "$LARGE"
