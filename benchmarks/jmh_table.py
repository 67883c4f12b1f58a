#!/usr/bin/python3
"""Turns the JMH JSON files of benchmarks/results/ into the markdown of benchmarks/RESULTS.md.

Usage: /usr/bin/python3 benchmarks/jmh_table.py benchmarks/results > benchmarks/RESULTS.md

For issue 3 (message format) it prints each message's scores, the per-message ratios of Missive against its peer
and their geometric mean (DESIGN.md "Benchmarks"), the corpus scored as one set, and each goal as met or missed.
For issue 5 (SMTP) it prints transactions/s and bytes allocated per transaction (-prof gc), the 300 000/s goal and
the allocation per DATA octet between the 1 KiB and the 100 KiB message. Standard library only; no plots.
"""
import json
import math
import os
import sys

# (label, numerator method, denominator method, goal, how the goal reads)
RATIOS = [
    ("tree ÷ Mime4j DOM", "missiveTree", "mime4jDom", 2.0, "≥ 2×"),
    ("tree ÷ Angus walk", "missiveTree", "angusWalk", 3.0, "≥ 3×"),
    ("stream+decode ÷ Mime4j stream", "missiveStreamDecoded", "mime4jStream", 2.0, "≥ 2×"),
    ("raw stream ÷ byte scan", "missiveStreamRaw", "byteScan", 1 / 3, "≥ ⅓ (within 3× of the scan)"),
]
METHODS = ["missiveTree", "mime4jDom", "angusWalk", "missiveStreamDecoded", "mime4jStream", "missiveStreamRaw",
           "byteScan"]
SAMPLES = ["PLAIN", "NEWSLETTER", "ATTACHMENT", "FORWARD", "HEADERS"]
SMTP_GOAL = 300_000


def load(folder):
    rows = []
    for name in sorted(os.listdir(folder)):
        if name.endswith(".json"):
            try:
                with open(os.path.join(folder, name), encoding="utf-8") as f:
                    rows.extend(json.load(f))
            except ValueError:
                print(f"skipped {name}: not complete JMH JSON (a run still writing it?)", file=sys.stderr)
    return rows


def method(row):
    return row["benchmark"].rsplit(".", 1)[1]


def klass(row):
    return row["benchmark"].rsplit(".", 2)[1]


def alloc(row):
    m = row.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return m["score"] if m else float("nan")


def fmt(x, digits=0):
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.{digits}f}"


def verdict(value, goal):
    return "met" if value >= goal else "missed"


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def message_section(rows):
    samples = [r for r in rows if klass(r) == "SampleBenchmark"]
    corpus = [r for r in rows if klass(r) == "CorpusBenchmark"]
    if not samples and not corpus:
        return []
    score = {}
    for r in samples:
        score[(r["params"]["sample"], method(r))] = r
    for r in corpus:
        score[("corpus", method(r))] = r
    names = [s for s in SAMPLES if any((s, m) in score for m in METHODS)]
    if corpus:
        names.append("corpus")
    out = ["## Message format (issue 3)", "",
           "Operations per second (one operation parses the message, or the whole corpus once), ± the 99.9 % "
           "error JMH reports; bytes allocated per operation from `-prof gc`.", "",
           "| message | " + " | ".join(METHODS) + " |", "|---|" + "---:|" * len(METHODS)]
    for n in names:
        cells = []
        for m in METHODS:
            r = score.get((n, m))
            cells.append("–" if r is None else
                         f"{fmt(r['primaryMetric']['score'])} ± {fmt(r['primaryMetric']['scoreError'])}"
                         f"<br>{fmt(alloc(r))} B/op")
        out.append(f"| {n} | " + " | ".join(cells) + " |")
    out += ["", "### Ratios (Missive ÷ peer, higher is better for Missive)", "",
            "| message | " + " | ".join(label for label, *_ in RATIOS) + " |", "|---|" + "---:|" * len(RATIOS)]
    per_ratio = {label: [] for label, *_ in RATIOS}
    for n in names:
        cells = []
        for label, num, den, _, _ in RATIOS:
            a, b = score.get((n, num)), score.get((n, den))
            if a is None or b is None:
                cells.append("–")
                continue
            ratio = a["primaryMetric"]["score"] / b["primaryMetric"]["score"]
            if n != "corpus":
                per_ratio[label].append(ratio)
            cells.append(f"{ratio:.2f}×")
        out.append(f"| {n} | " + " | ".join(cells) + " |")
    out.append("| **geometric mean of the five messages** | "
               + " | ".join(f"**{geomean(per_ratio[label]):.2f}×**" for label, *_ in RATIOS) + " |")
    out += ["", "### Goals", "", "| goal | geometric mean | corpus | verdict (geometric mean) |", "|---|---:|---:|---|"]
    for label, num, den, goal, reads in RATIOS:
        g = geomean(per_ratio[label])
        c = score.get(("corpus", num)), score.get(("corpus", den))
        cr = c[0]["primaryMetric"]["score"] / c[1]["primaryMetric"]["score"] if all(c) else float("nan")
        out.append(f"| {label} {reads} | {g:.2f}× | {fmt(cr, 2)}× | {verdict(g, goal) if not math.isnan(g) else '–'} |")
    return out + [""]


def smtp_section(rows):
    smtp = [r for r in rows if klass(r) == "SmtpTransactionBenchmark"]
    if not smtp:
        return []
    out = ["## SMTP server engine (issue 5)", "",
           "`session`: one whole connection per operation (new engine, greeting, EHLO, MAIL, RCPT × n, DATA, QUIT); "
           "`transaction`: one mail transaction (MAIL, RCPT × n, DATA) per operation on a connection kept open.", "",
           "| benchmark | RCPT | message | operations/s | DATA MB/s | B allocated / operation |",
           "|---|---:|---:|---:|---:|---:|"]
    by = {}
    key = lambda r: (method(r), int(r["params"]["recipients"]), int(r["params"]["messageSize"]))
    for r in sorted(smtp, key=key):
        by[key(r)] = r
        m, n, size = key(r)
        s = r["primaryMetric"]["score"]
        out.append(f"| {m} | {n} | {size:,} B | {fmt(s)} ± {fmt(r['primaryMetric']['scoreError'])} | "
                   f"{fmt(s * size / 1e6, 1)} | {fmt(alloc(r))} |")
    out += ["", "### Goals", ""]
    for m in ("transaction", "session"):
        one = by.get((m, 1, 1024))
        if one:
            s = one["primaryMetric"]["score"]
            out.append(f"- ≥ {SMTP_GOAL:,} one-KiB transactions/s on one core, `{m}`: {fmt(s)}/s, "
                       f"**{verdict(s, SMTP_GOAL)}** ({s / SMTP_GOAL:.2f}× the goal).")
    for m in ("transaction", "session"):
        for n in (1, 10):
            small, big = by.get((m, n, 1024)), by.get((m, n, 102400))
            if small and big:
                per = (alloc(big) - alloc(small)) / (102400 - 1024)
                out.append(f"- No per-byte allocation in DATA, `{m}`, {n} RCPT: {fmt(alloc(small))} B at 1 KiB, "
                           f"{fmt(alloc(big))} B at 100 KiB, {per:.3f} B per extra DATA octet: "
                           f"**{'met' if per < 0.01 else 'missed'}** (met below 0.01 B per octet).")
    return out + [""]


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results"
    rows = load(folder)
    head = ["# Benchmark results", "",
            "Written by `benchmarks/jmh_table.py` from the raw JMH JSON in `benchmarks/results/` "
            "(see `benchmarks/README.md`)."]
    if rows:
        r = rows[0]
        head.append(f"JMH {r.get('jmhVersion', '?')}, {r.get('vmName', '?')} {r.get('jdkVersion', '?')}, "
                    f"{r.get('forks', '?')} fork, {r.get('warmupIterations', '?')} warm-up and "
                    f"{r.get('measurementIterations', '?')} measurement iterations of "
                    f"{r.get('measurementTime', '?')}, {r.get('threads', '?')} thread.")
    note = os.environ.get("BENCH_NOTE")
    if note:
        head += ["", f"**Machine:** {note}"]
    print("\n".join(head + [""] + smtp_section(rows) + message_section(rows)))


if __name__ == "__main__":
    main()
