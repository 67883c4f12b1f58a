#!/usr/bin/env bash
# The SMTP load harness of issue 8: Missive (blocking and Netty transports), SubEthaSMTP, GreenMail and Postfix's
# smtp-sink side by side on loopback, each driven by Postfix's smtp-source (20 parallel sessions, 1 KiB messages),
# once with kept connections (-d) and once with one connection per message, after a warm-up. Prints messages/s
# per server (median of the rounds, min-max) and the ratios against smtp-sink and SubEthaSMTP, each taken within a
# round and given as the median (min-max) of the rounds (load_table.py).
#
#   benchmarks/load/smtp-load.sh            # full run: 9 short rounds (about 10 minutes on 2 cores)
#   benchmarks/load/smtp-load.sh --smoke    # CI: 300 messages per server and mode, one round (well under a minute)
#
# A round runs every server once per mode, one after the other; each round starts one server further down the list
# (round 1: A B C, round 2: B C A, ...), so no server always follows the same one or always runs last, when the
# machine has handled the most connections (TIME_WAIT sockets, recorded per run) and warmed up the longest. Many
# short rounds, compared within each round, are what tells servers apart on a virtual machine whose CPUs change speed
# for seconds at a time (benchmarks/RESULTS-load.md, "Telling servers apart").
#
# Environment: ROUNDS, MESSAGES (kept connections), MESSAGES_CONNECT (one connection per message), SESSIONS (20),
# SIZE (1024), BASE_PORT (2601), BENCH_BUILD (full, module or none: see lib.sh), MVN_FLAGS (e.g. -o),
# JAVA_OPTS for the servers (-Xmx512m, SLF4J simple logger at warn: no line per connection),
# SERVERS (the default list below, or a subset), BASELINE_JAR: a benchmarks.jar built at another commit; its Missive
# servers run in the same rounds as baseline-blocking and baseline-netty, and the table gives each Missive server's
# ratio to its baseline (how a change to the transports moved the numbers, under the same load).
# PIN (default "yes" on 2 or more cores): every server runs on SERVER_CPUS (default 0) and smtp-source on
# GENERATOR_CPUS (default 1, or 1-N on more cores) with taskset, so generator and server do not take each other's
# core; PIN=no leaves them to the scheduler (the issue 8 runs). Each run records the 1-minute load average before it,
# the generator's CPU seconds (user + system) and its share of the run's wall time, and the server's CPU seconds
# (from /proc; of them, its JIT compiler threads' apart: a JVM still compiling pays for its warm-up), so a run can be
# judged: a generator near 100 % of its core measured the generator, not the server.
# Raw rounds go to benchmarks/load/results-smtp.tsv (full runs only; RESULTS names another file; the commit measured
# is in every row), the table to standard output.
# Loopback only; every count is bounded and every server is stopped on exit (and stops by itself after an hour).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
cd "$here/../.."

smoke=false
[ "${1:-}" = "--smoke" ] && smoke=true
if $smoke; then
  ROUNDS=${ROUNDS:-1}; MESSAGES=${MESSAGES:-300}; MESSAGES_CONNECT=${MESSAGES_CONNECT:-300}; WARMUP=${WARMUP:-100}
else
  ROUNDS=${ROUNDS:-9}; MESSAGES=${MESSAGES:-10000}; MESSAGES_CONNECT=${MESSAGES_CONNECT:-3000}; WARMUP=${WARMUP:-5000}
fi
SESSIONS=${SESSIONS:-20}
SIZE=${SIZE:-1024}
BASE_PORT=${BASE_PORT:-2601}
JAVA_OPTS=${JAVA_OPTS:--Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn}
SERVERS=${SERVERS:-missive-blocking missive-netty subethasmtp greenmail smtp-sink}
if [ -n "${BASELINE_JAR:-}" ]; then
  [ -f "$BASELINE_JAR" ] || { echo "BASELINE_JAR $BASELINE_JAR not found" >&2; exit 1; }
  SERVERS="$SERVERS baseline-blocking baseline-netty"
fi
out=${RESULTS:-benchmarks/load/results-smtp.tsv}
work=$(mktemp -d)
commit=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)
[ -n "$(git status --porcelain --untracked-files=no 2>/dev/null)" ] && commit="$commit+dirty"
cores=$(nproc)
PIN=${PIN:-$([ "$cores" -ge 2 ] && echo yes || echo no)}
SERVER_CPUS=${SERVER_CPUS:-0}
GENERATOR_CPUS=${GENERATOR_CPUS:-$([ "$cores" -gt 2 ] && echo "1-$((cores - 1))" || echo 1)}
server_pin=(); generator_pin=()
if [ "$PIN" = yes ]; then
  command -v taskset >/dev/null || { echo "PIN=yes needs taskset (util-linux)" >&2; exit 1; }
  server_pin=(taskset -c "$SERVER_CPUS"); generator_pin=(taskset -c "$GENERATOR_CPUS")
fi

# --- what it needs: Postfix's smtp-source and smtp-sink, its services kept from starting -----------------------
if ! command -v smtp-source >/dev/null 2>&1 && [ ! -x /usr/sbin/smtp-source ]; then
  echo "== installing postfix (smtp-source, smtp-sink); its services are kept from starting"
  created_policy=false
  if [ ! -e /usr/sbin/policy-rc.d ]; then
    printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d && chmod +x /usr/sbin/policy-rc.d && created_policy=true
  fi
  export DEBIAN_FRONTEND=noninteractive
  echo "postfix postfix/main_mailer_type select No configuration" | debconf-set-selections
  apt-get update -qq && apt-get install -y -qq postfix >/dev/null
  $created_policy && rm -f /usr/sbin/policy-rc.d
fi
export PATH="$PATH:/usr/sbin"

# --- the servers' jar --------------------------------------------------------------------------------------------
# shellcheck source=benchmarks/load/lib.sh
. "$here/lib.sh"
jar=$(build_load_jar)

pids=()
cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

port_of() {
  local i=0 s
  for s in $SERVERS; do
    [ "$s" = "$1" ] && { echo $((BASE_PORT + i)); return; }
    i=$((i + 1))
  done
}

echo "== starting the servers on 127.0.0.1:$BASE_PORT.."
for s in $SERVERS; do
  port=$(port_of "$s")
  if [ "$s" = smtp-sink ]; then
    # -u nobody: smtp-sink drops root; 1024: listen backlog. It reads and discards every message.
    "${server_pin[@]}" smtp-sink -u nobody "127.0.0.1:$port" 1024 >"$work/$s.log" 2>&1 &
  elif [ "${s#baseline-}" != "$s" ]; then
    # shellcheck disable=SC2086
    "${server_pin[@]}" java $JAVA_OPTS -cp "$BASELINE_JAR" dev.missive.benchmarks.load.LoadServer "missive-${s#baseline-}" "$port" 3600 \
      >"$work/$s.log" 2>&1 &
  else
    # shellcheck disable=SC2086
    "${server_pin[@]}" java $JAVA_OPTS -cp "$jar" dev.missive.benchmarks.load.LoadServer "$s" "$port" 3600 >"$work/$s.log" 2>&1 &
  fi
  pids+=($!)
  eval "pid_$(echo "$s" | tr - _)=$!"
done
for s in $SERVERS; do
  port=$(port_of "$s")
  for _ in $(seq 1 300); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then break; fi
    sleep 0.1
  done
  (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null || { echo "$s did not start:"; cat "$work/$s.log"; exit 1; }
done

# CPU seconds (user + system) a process has used so far, from /proc (clock ticks)
cpu_of() {
  awk -v hz="$(getconf CLK_TCK)" '{ print ($14 + $15) / hz }' "/proc/$1/stat" 2>/dev/null || echo 0
}

# CPU seconds the JVM's JIT compiler threads (C1, C2) of a process have used so far: part of the server's CPU above,
# reported apart because a server still compiling pays for its warm-up, not for the messages (0 for smtp-sink)
jit_of() {
  cat /proc/"$1"/task/*/stat 2>/dev/null | awk -v hz="$(getconf CLK_TCK)" \
    '/\(C[12] CompilerThre/ { sub(/^.*\) /, ""); t += $12 + $13 } END { print t / hz }'
}

# TCP sockets in TIME_WAIT now (every connection of the last minute leaves one; many slow down new connections)
time_wait() {
  awk '$1 == "TCP:" { for (i = 2; i < NF; i++) if ($i == "tw") print $(i + 1) }' /proc/net/sockstat 2>/dev/null || echo 0
}

# one smtp-source run; prints: messages/s, load average before, generator CPU s, generator CPU % of the wall
# time, server CPU s, TIME_WAIT sockets before, the server's JIT compiler CPU s
drive() { # server mode messages
  local port flags=() start end load server_pid server_before server_after gen tw jit_before jit_after
  port=$(port_of "$1")
  [ "$2" = kept ] && flags=(-d)
  load=$(cut -d' ' -f1 /proc/loadavg)
  tw=$(time_wait)
  server_pid=$(eval "echo \${pid_$(echo "$1" | tr - _)}")
  server_before=$(cpu_of "$server_pid")
  jit_before=$(jit_of "$server_pid")
  start=$(date +%s%N)
  if ! { TIMEFORMAT='%U %S'; time "${generator_pin[@]}" smtp-source "${flags[@]}" -s "$SESSIONS" -l "$SIZE" \
      -m "$3" -f bench@client.example -t user@server.example -M client.example "127.0.0.1:$port" \
      >"$work/source.log" 2>&1; } 2>"$work/time.txt"; then
    echo "smtp-source failed against $1 ($2):" >&2
    cat "$work/source.log" >&2
    return 1
  fi
  end=$(date +%s%N)
  server_after=$(cpu_of "$server_pid")
  jit_after=$(jit_of "$server_pid")
  gen=$(awk '{ print $1 + $2 }' "$work/time.txt")
  awk -v m="$3" -v ns=$((end - start)) -v load="$load" -v gen="$gen" -v sb="$server_before" -v sa="$server_after" \
    -v tw="$tw" -v jb="$jit_before" -v ja="$jit_after" 'BEGIN { printf "%.0f\t%s\t%.2f\t%.0f\t%.2f\t%s\t%.2f\n",
    m / (ns / 1e9), load, gen, 100 * gen / (ns / 1e9), sa - sb, tw, ja - jb }'
}

echo "== warm-up: $WARMUP messages per server and mode"
for mode in kept connect; do
  for s in $SERVERS; do drive "$s" "$mode" "$WARMUP" >/dev/null; done
done

echo "== $ROUNDS round(s): $MESSAGES messages with kept connections (-d), $MESSAGES_CONNECT with one connection" \
  "per message; $SESSIONS sessions, $SIZE-octet messages; $cores cores, $(java -version 2>&1 | head -1);" \
  "commit $commit; pinned: $PIN${server_pin:+ (servers on CPU $SERVER_CPUS, smtp-source on CPU $GENERATOR_CPUS)}"

printf 'round\tmode\tserver\tmessages\tmessages_per_s\tload1\tgenerator_cpu_s\tgenerator_cpu_pct\tserver_cpu_s' \
  > "$work/rounds.tsv"
printf '\ttime_wait\tserver_jit_cpu_s\tpinned\tcommit\n' >> "$work/rounds.tsv"
read -r -a servers <<< "$SERVERS"
for r in $(seq 1 "$ROUNDS"); do
  # this round's order: the list rotated by one more server than the last round's
  shift_by=$(( (r - 1) % ${#servers[@]} ))
  order=("${servers[@]:$shift_by}" "${servers[@]:0:$shift_by}")
  for mode in kept connect; do
    n=$MESSAGES; [ "$mode" = connect ] && n=$MESSAGES_CONNECT
    for s in "${order[@]}"; do
      run=$(drive "$s" "$mode" "$n")
      printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$r" "$mode" "$s" "$n" "$run" "$PIN" "$commit" >> "$work/rounds.tsv"
      echo "$run" | awk -v r="$r" -v mode="$mode" -v s="$s" -F '\t' '{ printf "   round %s %s %s: %s msg/s" \
        " (load %s before; smtp-source %.2f CPU-s = %s%% of a core; server %.2f CPU-s; %s TIME_WAIT before)\n",
        r, mode, s, $1, $2, $3, $4, $5, $6 }'
    done
  done
done
$smoke || cp "$work/rounds.tsv" "$out"

/usr/bin/python3 "$here/load_table.py" "$work/rounds.tsv"
if $smoke; then
  echo
  echo "(smoke run: cold JVMs and a few hundred messages; it proves that every server works, it measures nothing)"
fi
