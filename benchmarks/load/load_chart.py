#!/usr/bin/python3
"""Draws issue 8's chart (item 5) from the raw results: messages/s per server in both modes from results-smtp.tsv
(medians of the rounds, as load_table.py prints them) and MB/s of the streaming runs from the saved output of
footprint.sh, as one SVG with the goals as red lines. Reuses jmh_table.py's bar chart writer. Standard library only.

Usage: /usr/bin/python3 benchmarks/load/load_chart.py benchmarks/load/results-smtp.tsv \
           benchmarks/load/results-footprint.txt > benchmarks/load/load.svg
"""
import csv
import os
import re
import statistics
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from jmh_table import bars_svg  # noqa: E402

from load_table import MODES  # noqa: E402

STREAM_GOAL = 500  # MB/s through each engine (issue 8 item 3)
STREAM = re.compile(r"^(smtp|pop3): (\d+) octets in [\d.]+ s: (\d+) MB/s( \(.*\))?$")


def load_sections(path):
    rates, order = {}, []
    with open(path, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            rates.setdefault((row["mode"], row["server"]), []).append(float(row["messages_per_s"]))
            if row["server"] not in order:
                order.append(row["server"])
    sections = []
    for mode, title in MODES.items():
        median = {s: statistics.median(rates[(mode, s)]) for s in order if (mode, s) in rates}
        if not median:
            continue
        top = max(median.values())
        sink = median.get("smtp-sink")
        bars = [(s, m / top, f"{m:,.0f}/s" + (f" ({m / sink:.2f}× smtp-sink)" if sink else ""))
                for s, m in median.items()]
        goal = 0.7 * sink / top if sink else None
        sections.append((f"SMTP load, {title}: messages/s, median (goal: Missive ≥ 0.7× smtp-sink)", bars, goal))
    return sections


def stream_section(path):
    runs = {}
    with open(path) as f:
        for line in f:
            m = STREAM.match(line.strip())
            if m:
                runs[m.group(1)] = int(m.group(3))
    if not runs:
        return []
    top = max(max(runs.values()), STREAM_GOAL)
    names = {"smtp": "SMTP DATA (sink)", "pop3": "POP3 RETR (file)"}
    bars = [(names[p], v / top, f"{v:,} MB/s") for p, v in runs.items()]
    return [(f"Streaming 100 MiB through each engine in memory: MB/s (goal ≥ {STREAM_GOAL})", bars,
             STREAM_GOAL / top)]


def main(smtp_tsv, footprint_txt):
    w, left = 760, 150
    x = lambda v: left + (0 if v is None else v) * (w - left - 210)
    sections = load_sections(smtp_tsv) + stream_section(footprint_txt)
    sys.stdout.write(bars_svg("Missive against its peers, 2 shared cores (bars scaled per section); red: goal",
                              sections, x, (), w, left))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
