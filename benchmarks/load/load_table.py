#!/usr/bin/python3
"""Reads the rounds that smtp-load.sh measured (round, mode, server, messages/s) and prints a Markdown table:
median and min-max per server and mode, the ratios of the medians against Postfix smtp-sink and SubEthaSMTP, and
issue 8's goal (Missive >= 0.7x smtp-sink in both modes on at least one transport). With baseline-blocking and
baseline-netty (smtp-load.sh's BASELINE_JAR) it also gives each Missive server's ratio to its baseline. Standard
library only."""
import csv
import statistics
import sys

MODES = {"kept": "kept connections (-d)", "connect": "one connection per message"}
MISSIVE = ("missive-blocking", "missive-netty")


def main(path):
    rates = {}
    order = []
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            key = (row["mode"], row["server"])
            rates.setdefault(key, []).append(float(row["messages_per_s"]))
            if row["server"] not in order:
                order.append(row["server"])
    median = {k: statistics.median(v) for k, v in rates.items()}
    goal_met = {}
    for mode, title in MODES.items():
        if not any(k[0] == mode for k in rates):
            continue
        print(f"\n### {title}\n")
        print("| server | messages/s (median) | min-max | rounds | ÷ smtp-sink | ÷ SubEthaSMTP |")
        print("|---|---:|---:|---:|---:|---:|")
        sink = median.get((mode, "smtp-sink"))
        subetha = median.get((mode, "subethasmtp"))
        for server in order:
            v = rates.get((mode, server))
            if not v:
                continue
            m = median[(mode, server)]
            r_sink = f"{m / sink:.2f}×" if sink else "–"
            r_sub = f"{m / subetha:.2f}×" if subetha else "–"
            print(f"| {server} | {m:,.0f} | {min(v):,.0f}–{max(v):,.0f} | {len(v)} | {r_sink} | {r_sub} |")
            if server in MISSIVE and sink:
                goal_met.setdefault(server, []).append(m / sink >= 0.7)
        for server in MISSIVE:
            base = median.get((mode, server.replace("missive-", "baseline-")))
            if base and (mode, server) in median:
                print(f"\n{server} ÷ its baseline ({title}): {median[(mode, server)] / base:.2f}×")
    print()
    met = [s for s, oks in goal_met.items() if len(oks) == len(MODES) and all(oks)]
    verdict = "met by " + ", ".join(met) if met else "missed"
    print(f"Goal (issue 8): Missive ≥ 0.7× smtp-sink in both modes on at least one transport: **{verdict}**.")


if __name__ == "__main__":
    main(sys.argv[1])
