#!/usr/bin/python3
"""Reads the rounds that smtp-load.sh measured (round, mode, server, messages/s) and prints a Markdown table:
median and min-max per server and mode, the ratios of the medians against Postfix smtp-sink and SubEthaSMTP, and
issue 8's goal (Missive >= 0.7x smtp-sink in both modes on at least one transport). Rows that carry them (runs since
issue 25) add the median load average before a run, smtp-source's CPU as a share of one core and the server's CPU
per 1 000 messages, and the commits measured are named. With baseline-blocking and
baseline-netty (smtp-load.sh's BASELINE_JAR) it also gives each Missive server's ratio to its baseline. Standard
library only."""
import csv
import statistics
import sys

MODES = {"kept": "kept connections (-d)", "connect": "one connection per message"}
MISSIVE = ("missive-blocking", "missive-netty")


def main(path):
    rates = {}
    extra = {}
    commits = []
    order = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = (row["mode"], row["server"])
            rates.setdefault(key, []).append(float(row["messages_per_s"]))
            if row.get("load1"):
                runs = extra.setdefault(key, [])
                runs.append((float(row["load1"]), float(row["generator_cpu_pct"]),
                             1e6 * float(row["server_cpu_s"]) / float(row["messages"])))
            if row.get("commit") and row["commit"] not in commits:
                commits.append(row["commit"])
            if row["server"] not in order:
                order.append(row["server"])
    median = {k: statistics.median(v) for k, v in rates.items()}
    goal_met = {}
    for mode, title in MODES.items():
        if not any(k[0] == mode for k in rates):
            continue
        print(f"\n### {title}\n")
        measured = any(k[0] == mode for k in extra)
        more = " load before | smtp-source CPU (% of a core) | server CPU µs/message |" if measured else ""
        print("| server | messages/s (median) | min-max | rounds | ÷ smtp-sink | ÷ SubEthaSMTP |" + more)
        print("|---|---:|---:|---:|---:|---:|" + ("---:|---:|---:|" if measured else ""))
        sink = median.get((mode, "smtp-sink"))
        subetha = median.get((mode, "subethasmtp"))
        for server in order:
            v = rates.get((mode, server))
            if not v:
                continue
            m = median[(mode, server)]
            r_sink = f"{m / sink:.2f}×" if sink else "–"
            r_sub = f"{m / subetha:.2f}×" if subetha else "–"
            cells = ""
            if measured:
                runs = extra.get((mode, server), [])
                cells = " ".join(f"{statistics.median(x[i] for x in runs):,.{d}f} |" if runs else "– |"
                                 for i, d in ((0, 2), (1, 0), (2, 0)))
                cells = " " + cells
            print(f"| {server} | {m:,.0f} | {min(v):,.0f}–{max(v):,.0f} | {len(v)} | {r_sink} | {r_sub} |{cells}")
            if server in MISSIVE and sink:
                goal_met.setdefault(server, []).append(m / sink >= 0.7)
        for server in MISSIVE:
            base = median.get((mode, server.replace("missive-", "baseline-")))
            if base and (mode, server) in median:
                print(f"\n{server} ÷ its baseline ({title}): {median[(mode, server)] / base:.2f}×")
    print()
    if commits:
        print(f"Commit measured: {', '.join(commits)} (medians of the runs; load = 1-minute load average before each).")
    met = [s for s, oks in goal_met.items() if len(oks) == len(MODES) and all(oks)]
    verdict = "met by " + ", ".join(met) if met else "missed"
    print(f"Goal (issue 8): Missive ≥ 0.7× smtp-sink in both modes on at least one transport: **{verdict}**.")
    for server in MISSIVE:
        verdicts = []
        for mode, floor in (("kept", 0.8), ("connect", 0.7)):
            m, sink, sub = (median.get((mode, s)) for s in (server, "smtp-sink", "subethasmtp"))
            if m and sink:
                ok = m / sink >= floor and (sub is None or m / sub >= 1.5)
                also = f", {m / sub:.2f}× SubEthaSMTP" if sub else ""
                verdicts.append(f"{mode} {m / sink:.2f}× smtp-sink{also}: {'met' if ok else 'missed'}")
        if verdicts:
            print(f"Goals (issue 25: ≥ 0.8× smtp-sink kept, ≥ 0.7× per connection, ≥ 1.5× SubEthaSMTP), {server}: "
                  + "; ".join(verdicts) + ".")


if __name__ == "__main__":
    main(sys.argv[1])
