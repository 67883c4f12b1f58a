#!/usr/bin/python3
"""Reads the rounds that smtp-load.sh measured (round, mode, server, messages/s, and since issue 25 the load
average before a run, smtp-source's CPU and the server's CPU) and prints a Markdown table per mode.

Ratios are paired by round: in each round every server runs once, one after the other, so a server's ratio to
Postfix smtp-sink (or to SubEthaSMTP) is taken within the round, between runs seconds apart, and the table gives
the median of those per-round ratios with their min-max. A slow spell of the machine (a virtual CPU that loses
speed for tens of seconds, which the medians of whole columns mix into every ratio) then moves both sides of a
ratio at once. The same is done for the server's CPU time per message (from /proc): the ratio "by CPU" is
smtp-sink's CPU per message over the server's, so above 1 means cheaper than smtp-sink, like the throughput ratio;
it does not depend on how much of its core the generator got. Rows without the CPU columns (runs before issue 25)
give the throughput ratios only.

Each goal's verdict says "clear" when every round's ratio (of three or more) falls on the same side of the goal,
else "within the spread". With baseline-blocking and baseline-netty (smtp-load.sh's BASELINE_JAR) it also gives each Missive
server's per-round ratio to its baseline, and with missive-netty-nio Netty's default (native epoll where it loads) ÷ NIO.
Standard library only."""
import csv
import statistics
import sys

MODES = {"kept": "kept connections (-d)", "connect": "one connection per message"}
MISSIVE = ("missive-blocking", "missive-netty")
# each Missive server against its BASELINE_JAR self, and Netty's default (native epoll where it loads) against NIO
PAIRS = [(s, s.replace("missive-", "baseline-")) for s in MISSIVE] + [("missive-netty", "missive-netty-nio")]
GOALS = {"kept": 0.8, "connect": 0.7}  # issue 25, against smtp-sink; and >= 1.5x SubEthaSMTP in both modes
SUBETHA_GOAL = 1.5


def read(path):
    """{(mode, server): {round: (msg/s, cpu us/msg or None, load, generator %, JIT us/msg or None)}}, servers in
    first-seen order."""
    runs, order, commits = {}, [], []
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            cpu = load = gen = jit = None
            if row.get("server_cpu_s"):
                cpu = 1e6 * float(row["server_cpu_s"]) / float(row["messages"])
                load, gen = float(row["load1"]), float(row["generator_cpu_pct"])
            if row.get("server_jit_cpu_s"):
                jit = 1e6 * float(row["server_jit_cpu_s"]) / float(row["messages"])
            runs.setdefault((row["mode"], row["server"]), {})[row["round"]] = (
                float(row["messages_per_s"]), cpu, load, gen, jit)
            if row["server"] not in order:
                order.append(row["server"])
            if row.get("commit") and row["commit"] not in commits:
                commits.append(row["commit"])
    return runs, order, commits


def paired(runs, mode, server, reference, by_cpu=False, without_jit=False):
    """The per-round ratios of server to reference (throughput, or reference CPU/msg over server CPU/msg, optionally
    each without its JIT compiler's CPU)."""
    mine, theirs = runs.get((mode, server), {}), runs.get((mode, reference), {})
    ratios = []
    for r, run in mine.items():
        other = theirs.get(r)
        if other is None:
            continue
        if by_cpu and without_jit:
            if run[1] and other[1] and run[4] is not None and other[4] is not None and run[1] > run[4]:
                ratios.append((other[1] - other[4]) / (run[1] - run[4]))
        elif by_cpu:
            if run[1] and other[1]:
                ratios.append(other[1] / run[1])
        else:
            ratios.append(run[0] / other[0])
    return ratios


def spread(values, digits=2, suffix="×"):
    """'median (min–max)' or '–'."""
    if not values:
        return "–"
    m = statistics.median(values)
    if len(values) == 1:
        return f"{m:.{digits}f}{suffix}"
    return f"{m:.{digits}f}{suffix} ({min(values):.{digits}f}–{max(values):.{digits}f})"


def verdict(ratios, goal):
    """'met'/'missed', and whether every round agrees."""
    if not ratios:
        return "not measured"
    met = statistics.median(ratios) >= goal
    if len(ratios) < 3:
        return ("met" if met else "missed") + f" ({len(ratios)} round{'s' if len(ratios) > 1 else ''}: no spread)"
    clear = all(r >= goal for r in ratios) or all(r < goal for r in ratios)
    return ("met" if met else "missed") + (", clear" if clear else ", within the spread")


def table(runs, order, mode):
    measured = any(run[1] is not None for (m, _), rounds in runs.items() if m == mode for run in rounds.values())
    print(f"\n### {MODES[mode]}\n")
    head = "| server | messages/s median (min–max) | rounds | ÷ smtp-sink, per round | ÷ SubEthaSMTP, per round |"
    rule = "|---|---:|---:|---:|---:|"
    if measured:
        head += (" server CPU µs/message | of which JIT compiler | ÷ smtp-sink by CPU, per round |"
                 " ÷ SubEthaSMTP by CPU, per round | load before | smtp-source CPU (% of a core) |")
        rule += "---:|---:|---:|---:|---:|---:|"
    print(head)
    print(rule)
    for server in order:
        rounds = runs.get((mode, server))
        if not rounds:
            continue
        rates = [run[0] for run in rounds.values()]
        cells = [server, spread(rates, 0, ""), str(len(rates)),
                 spread(paired(runs, mode, server, "smtp-sink")) if server != "smtp-sink" else "1",
                 spread(paired(runs, mode, server, "subethasmtp")) if server != "subethasmtp" else "1"]
        if measured:
            cpus = [run[1] for run in rounds.values() if run[1] is not None]
            jits = [run[4] for run in rounds.values() if run[4] is not None]
            cells += [spread(cpus, 0, ""), spread(jits, 0, ""),
                      spread(paired(runs, mode, server, "smtp-sink", True)) if server != "smtp-sink" else "1",
                      spread(paired(runs, mode, server, "subethasmtp", True)) if server != "subethasmtp" else "1",
                      f"{statistics.median(run[2] for run in rounds.values() if run[2] is not None):.2f}",
                      f"{statistics.median(run[3] for run in rounds.values() if run[3] is not None):.0f}"]
        print("| " + " | ".join(cells) + " |")
    for server in MISSIVE + ("missive-netty-nio",):
        nojit = paired(runs, mode, server, "subethasmtp", True, True)
        if nojit:
            print(f"\n{server} ÷ subethasmtp by CPU without either JIT compiler's ({MODES[mode]}), per round: "
                  f"{spread(nojit)}")
    for server, base in PAIRS:
        if (mode, base) in runs and (mode, server) in runs:
            print(f"\n{server} ÷ {base} ({MODES[mode]}), per round: "
                  f"{spread(paired(runs, mode, server, base))}, by CPU {spread(paired(runs, mode, server, base, True))}")


def main(path):
    runs, order, commits = read(path)
    for mode in MODES:
        if any(k[0] == mode for k in runs):
            table(runs, order, mode)
    print()
    if commits:
        print(f"Commit measured: {', '.join(commits)} (ratios are medians of per-round ratios, min–max in brackets; "
              "load = 1-minute load average before each run).")
    for server in MISSIVE:
        parts = []
        for mode, goal in GOALS.items():
            sink = paired(runs, mode, server, "smtp-sink")
            sub = paired(runs, mode, server, "subethasmtp")
            if sink:
                parts.append(f"{mode}: ≥ {goal}× smtp-sink {verdict(sink, goal)}"
                             f" (by CPU {verdict(paired(runs, mode, server, 'smtp-sink', True), goal)})")
            if sub:
                parts.append(f"{mode}: ≥ {SUBETHA_GOAL}× SubEthaSMTP {verdict(sub, SUBETHA_GOAL)}"
                             f" (by CPU {verdict(paired(runs, mode, server, 'subethasmtp', True), SUBETHA_GOAL)})")
        if parts:
            print(f"Goals (issue 25), {server}: " + "; ".join(parts) + ".")


if __name__ == "__main__":
    main(sys.argv[1])
