#!/usr/bin/python3
"""Turns the JMH JSON files of benchmarks/results/ into the markdown of benchmarks/RESULTS.md.

Usage: /usr/bin/python3 benchmarks/jmh_table.py benchmarks/results > benchmarks/RESULTS.md

For issue 3 (message format) it prints each message's scores, the per-message ratios of Missive against its peer
and their geometric mean (docs/architecture.md, "Benchmarks"), the corpus scored as one set, and each goal as met or missed.
For issue 5 (SMTP) it prints transactions/s and bytes allocated per transaction (-prof gc), the 300 000/s goal and
the allocation per DATA octet between the 1 KiB and the 100 KiB message; for issue 25 SmtpDataBenchmark's
allocation per content octet (DATA, dotted DATA, BDAT) between its two message sizes. It also writes <folder>/ratios.svg, a
chart of the per-message ratios, and appends <folder>/notes.md (the hand-written reading of the profiles) when
present. Standard library only.
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
    if isinstance(x, str):  # JMH writes "NaN" for an error it cannot compute (one iteration)
        x = float(x)
    if x is None or (isinstance(x, float) and math.isnan(x)):
        return "–"
    return f"{x:,.{digits}f}"


def verdict(value, goal):
    return "met" if value >= goal else "missed"


def geomean(values):
    values = [v for v in values if v and v > 0]
    return math.exp(sum(math.log(v) for v in values) / len(values)) if values else float("nan")


def run_note(folder, name):
    """The commit and load average run-jmh.sh wrote to <folder>/<name>.run before the run, as lines to print."""
    run_file = os.path.join(folder, name + ".run")
    if not os.path.exists(run_file):
        return []
    with open(run_file, encoding="utf-8") as f:
        return [f.read().strip(), ""]


def mean_score(row):
    return row["primaryMetric"]["score"]


def best_score(row):
    """The best measurement iteration: on a machine shared with other work, the one least disturbed by it."""
    raw = [v for fork in row["primaryMetric"].get("rawData", []) for v in fork]
    return max(raw) if raw else mean_score(row)


def fork_means(row):
    """Each fork's mean score, in fork order (JMH's rawData holds one list of iterations per fork)."""
    return [sum(fork) / len(fork) for fork in row["primaryMetric"].get("rawData", []) if fork]


def median_fork_score(row):
    """The median of the forks' means: a JIT outcome that only one fork of three met moves it least."""
    means = sorted(fork_means(row))
    if not means:
        return mean_score(row)
    mid = len(means) // 2
    return means[mid] if len(means) % 2 else (means[mid - 1] + means[mid]) / 2


def forks_of(rows):
    """The most forks any message-format row ran (1 for the usual single-fork run)."""
    return max([len(fork_means(r)) for r in rows] or [1])


def plural(n, word):
    return f"{n} {word}" if n == 1 else f"{n} {word}s"


def ratio_table(rows, scoring=mean_score):
    """{message or 'corpus': {ratio label: value}} for the message-format runs, and the message names in order."""
    score = {}
    for r in rows:
        if klass(r) == "SampleBenchmark":
            score[(r["params"]["sample"], method(r))] = r
        elif klass(r) == "CorpusBenchmark":
            score[("corpus", method(r))] = r
    names = [n for n in SAMPLES + ["corpus"] if any((n, m) in score for m in METHODS)]
    table = {}
    for n in names:
        table[n] = {}
        for label, num, den, _, _ in RATIOS:
            a, b = score.get((n, num)), score.get((n, den))
            if a and b:
                table[n][label] = scoring(a) / scoring(b)
    return score, names, table


def bars_svg(title, sections, x, ticks=(), w=760, left=230):
    """A small SVG bar chart (no plotting library needed). sections: (heading, [(name, value, label)], goal or
    None); x maps a value to its abscissa in pixels; ticks: (value, text) grid lines; goals are red lines."""
    bar, gap = 12, 18
    colours = ["#4e79a7", "#f28e2b", "#59a14f", "#e15759", "#76b7b2", "#9c755f"]
    parts, y = [], 30
    base = x(None)
    for heading, bars, goal in sections:
        parts.append(f'<text x="10" y="{y + 10}" font-weight="bold">{heading}</text>')
        top = y + 16
        for i, (name, v, label) in enumerate(bars):
            yy = top + i * bar
            parts.append(f'<text x="{left - 6}" y="{yy + 10}" text-anchor="end">{name}</text>')
            parts.append(f'<rect x="{base}" y="{yy + 1}" width="{x(v) - base:.1f}" height="{bar - 2}" '
                         f'fill="{colours[i % len(colours)]}"/>')
            parts.append(f'<text x="{x(v) + 4:.1f}" y="{yy + 10}">{label}</text>')
        bottom = top + len(bars) * bar
        if goal is not None:
            parts.append(f'<line x1="{x(goal):.1f}" y1="{top}" x2="{x(goal):.1f}" y2="{bottom}" stroke="red" '
                         'stroke-width="2"/>')
        y = bottom + gap
    for t, text in ticks:
        parts.append(f'<line x1="{x(t):.1f}" y1="20" x2="{x(t):.1f}" y2="{y}" stroke="#ccc"/>'
                     f'<text x="{x(t):.1f}" y="{y + 12}" text-anchor="middle">{text}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{y + 24}" font-family="sans-serif" '
            f'font-size="11"><text x="10" y="16" font-size="13">{title}</text>'
            + "".join(parts) + "</svg>\n")


def svg(rows):
    """The per-message ratios on a log axis, goals as red lines."""
    _, names, table = ratio_table(rows)
    names = [n for n in names if table[n]]
    if not names:
        return None
    w, left = 760, 230
    lo, hi = math.log10(0.005), math.log10(50)
    x = lambda v: left + (math.log10(min(max(0.005 if v is None else v, 0.005), 50)) - lo) / (hi - lo) * (w - left - 20)
    sections = [(f"{label} (goal {reads})", [(n, table[n][label], f"{table[n][label]:.2f}×") for n in names
                                             if table[n].get(label) is not None], goal)
                for label, _, _, goal, reads in RATIOS]
    return bars_svg("Missive ÷ peer, log scale; red: goal", sections, x,
                    [(t, f"{t:g}×") for t in (0.01, 0.1, 1, 10)], w, left)


def ratio_tables(rows, title, scoring):
    _, names, table = ratio_table(rows, scoring)
    out = ["", f"### Ratios, {title} (Missive ÷ peer, higher is better for Missive)", "",
           "| message | " + " | ".join(label for label, *_ in RATIOS) + " |", "|---|" + "---:|" * len(RATIOS)]
    per_ratio = {label: [table[n][label] for n in names if n != "corpus" and label in table[n]]
                 for label, *_ in RATIOS}
    for n in names:
        out.append(f"| {n} | " + " | ".join(f"{table[n][label]:.2f}×" if label in table[n] else "–"
                                              for label, *_ in RATIOS) + " |")
    out.append("| **geometric mean of the five messages** | "
               + " | ".join(f"**{geomean(per_ratio[label]):.2f}×**" for label, *_ in RATIOS) + " |")
    out += ["", f"Goals, {title}:", "", "| goal | geometric mean | corpus | verdict (geometric mean) |",
            "|---|---:|---:|---|"]
    for label, num, den, goal, reads in RATIOS:
        g = geomean(per_ratio[label])
        cr = table.get("corpus", {}).get(label, float("nan"))
        out.append(f"| {label} {reads} | {g:.2f}× | {fmt(cr, 2)}× | {verdict(g, goal) if not math.isnan(g) else '–'} |")
    return out


def message_section(rows, folder):
    score, names, table = ratio_table(rows)
    if not names:
        return []
    runs = []
    for name in ("message", "corpus"):
        note = run_note(folder, name)
        if note:
            runs.append(f"- `run-jmh.sh {name}`: {note[0]}")
    first = next(iter(score.values()))
    out = ["## Message format (issue 3)", "",
           "Operations per second (one operation parses the message, or the whole corpus once), ± the 99.9 % "
           "error JMH reports; bytes allocated per operation from `-prof gc`. "
           f"{plural(forks_of(list(score.values())), 'fork')} per benchmark, {first.get('warmupIterations', '?')} "
           f"warm-up and {first.get('measurementIterations', '?')} measurement iterations of "
           f"{first.get('measurementTime', '?')} per fork.", "",
           "| message | " + " | ".join(METHODS) + " |", "|---|" + "---:|" * len(METHODS)]
    measured = [score[k] for k in score]
    forks = forks_of(measured)
    iterations = max([sum(len(f) for f in r["primaryMetric"].get("rawData", [])) for r in measured] or [0])
    if forks > 1:
        out[2] += (f" With {plural(forks, 'fork')}, each cell's second line holds the forks' means in fork order: "
                   "the peers' JIT outcomes differ most from fork to fork.")
    for n in names:
        cells = []
        for m in METHODS:
            r = score.get((n, m))
            forks_line = "<br>forks " + " / ".join(fmt(v) for v in fork_means(r)) if r and forks > 1 else ""
            cells.append("–" if r is None else
                         f"{fmt(r['primaryMetric']['score'])} ± {fmt(r['primaryMetric']['scoreError'])}"
                         f"{forks_line}<br>{fmt(alloc(r))} B/op")
        out.append(f"| {n} | " + " | ".join(cells) + " |")
    if runs:
        out[4:4] = runs + [""]
    over = f"the {iterations} iterations" + (f" of {plural(forks, 'fork')}" if forks > 1 else "")
    scorings = [(f"mean of {over} (JMH's score)", mean_score)]
    if forks > 1:
        scorings.append((f"median of the {forks} forks' means, the least moved by one fork's JIT outcome",
                         median_fork_score))
    scorings.append((f"best of {over}, the least disturbed by other work", best_score))
    for title, scoring in scorings:
        out += ratio_tables(rows, title, scoring)
    return out + [""]


def smtp_section(rows):
    smtp = [r for r in rows if klass(r) == "SmtpTransactionBenchmark"]
    if not smtp:
        return []
    out = ["## SMTP server engine (issue 5)", "",
           "`session`: one whole connection per operation (new engine, greeting, EHLO, MAIL, RCPT × n, DATA, QUIT); "
           "`transaction`: one mail transaction (MAIL, RCPT × n, DATA) per operation on a connection kept open.", "",
           "The host hands the engine at most `hostRead` octets per `receive` (0: each client flight whole); 16 KiB is "
           "the blocking transport's read buffer, so DATA content arrives in pieces as from a socket.", "",
           "| benchmark | RCPT | message | hostRead | operations/s | DATA MB/s | B allocated / operation |",
           "|---|---:|---:|---:|---:|---:|---:|"]
    by = {}
    key = lambda r: (method(r), int(r["params"]["recipients"]), int(r["params"]["messageSize"]),
                     int(r["params"].get("hostRead", 0)))
    reads = sorted({key(r)[3] for r in smtp})
    for r in sorted(smtp, key=key):
        by[key(r)] = r
        m, n, size, read = key(r)
        s = r["primaryMetric"]["score"]
        out.append(f"| {m} | {n} | {size:,} B | {read:,} | {fmt(s)} ± {fmt(r['primaryMetric']['scoreError'])} | "
                   f"{fmt(s * size / 1e6, 1)} | {fmt(alloc(r))} |")
    out += ["", "### Goals", ""]
    for m in ("transaction", "session"):
        for read in reads:
            one = by.get((m, 1, 1024, read))
            if one:
                s = one["primaryMetric"]["score"]
                b = best_score(one)
                out.append(f"- ≥ {SMTP_GOAL:,} one-KiB transactions/s on one core, `{m}`, hostRead {read:,}: "
                           f"{fmt(s)}/s, **{verdict(s, SMTP_GOAL)}** ({s / SMTP_GOAL:.2f}× the goal); best iteration "
                           f"{fmt(b)}/s, {verdict(b, SMTP_GOAL)} ({b / SMTP_GOAL:.2f}×).")
    for m in ("transaction", "session"):
        for n in (1, 10):
            for read in reads:
                small, big = by.get((m, n, 1024, read)), by.get((m, n, 102400, read))
                if small and big:
                    per = (alloc(big) - alloc(small)) / (102400 - 1024)
                    out.append(f"- No per-byte allocation in DATA, `{m}`, {n} RCPT, hostRead {read:,}: "
                               f"{fmt(alloc(small))} B at 1 KiB, {fmt(alloc(big))} B at 100 KiB, {per:.4f} B per "
                               f"extra DATA octet: **{'met' if per < 0.01 else 'missed'}** (met below 0.01 B per "
                               f"octet).")
    return out + [""]


def data_section(rows, folder):
    """Issue 25: SmtpDataBenchmark, the allocation per extra content octet between its two message sizes."""
    data = [r for r in rows if klass(r) == "SmtpDataBenchmark"]
    if not data:
        return []
    out = ["## SMTP message content (issue 25)", ""]
    out += run_note(folder, "data")
    out += ["`SmtpDataBenchmark.transaction`: one mail transaction (MAIL, RCPT, DATA or BDAT, the content read and "
            "discarded) per operation on a session kept open, the content in host reads of `hostRead` octets: DATA, "
            "DATA with a stuffed dot starting every body line (each line its own piece), or one BDAT chunk. The "
            "allocation per content octet is the growth of B/op from the small to the large message divided by the "
            "extra octets (the transaction's fixed cost cancels out); goal below 0.01 B.", "",
            "| content | hostRead | message | operations/s | content MB/s | B allocated / operation |",
            "|---|---:|---:|---:|---:|---:|"]
    key = lambda r: (r["params"]["kind"], int(r["params"]["hostRead"]), int(r["params"]["messageSize"]))
    by = {}
    for r in sorted(data, key=key):
        by.setdefault(key(r)[:2], []).append(r)
        kind, read, size = key(r)
        s = r["primaryMetric"]["score"]
        out.append(f"| {kind} | {read:,} | {size:,} B | {fmt(s)} ± {fmt(r['primaryMetric']['scoreError'])} | "
                   f"{fmt(s * size / 1e6, 1)} | {fmt(alloc(r))} |")
    out += ["", "### Goal: zero allocation per DATA octet", ""]
    for (kind, read), rs in by.items():
        if len(rs) < 2:
            continue
        small, big = rs[0], rs[-1]
        a, b = int(small["params"]["messageSize"]), int(big["params"]["messageSize"])
        per = (alloc(big) - alloc(small)) / (b - a)
        out.append(f"- {kind}, hostRead {read:,}: {fmt(alloc(small))} B at {a:,} B, {fmt(alloc(big))} B at {b:,} B, "
                   f"{per:.4f} B per extra octet: **{'met' if per < 0.01 else 'missed'}**.")
    return out + [""]


def imap_section(rows, folder):
    imap = [r for r in rows if klass(r) in ("CommandParsingBenchmark", "ImapCorpusBenchmark")]
    if not imap:
        return []
    out = ["## IMAP (issues 18, 20)", ""]
    out += run_note(folder, "imap")
    out += ["`CommandParsingBenchmark.decode`: one operation reads 12 typical client commands (a session's worth: "
            "SELECT, UID FETCH of flags and header fields, UID SEARCH, UID STORE, LIST-EXTENDED, a small APPEND) "
            "into typed records. `ImapCorpusBenchmark`: one operation is one pass over the shared corpus — "
            "`layout` computes every message's layout (envelope, structure, section offsets), `fetchResponse` also "
            "writes its `FETCH (ENVELOPE … BODYSTRUCTURE …)` response, `missiveParse` and `angusParse` read those "
            "responses back (this module's client decoder against Angus Mail's IMAP protocol parser).", "",
            "| benchmark | operations/s | B allocated / operation |", "|---|---:|---:|"]
    by = {}
    for r in sorted(imap, key=lambda r: (klass(r), method(r))):
        by[method(r)] = r["primaryMetric"]["score"]
        out.append(f"| {klass(r)}.{method(r)} | {fmt(r['primaryMetric']['score'])} ± "
                   f"{fmt(r['primaryMetric']['scoreError'])} | {fmt(alloc(r))} |")
    if "decode" in by:
        out += ["", f"Commands read per second: {fmt(by['decode'] * 12)} (12 per operation)."]
    if "missiveParse" in by and "angusParse" in by:
        out.append(f"FETCH response parsing, Missive ÷ Angus Mail in the same run: "
                   f"{by['missiveParse'] / by['angusParse']:.2f}×.")
    return out + [""]


def dkim_section(rows, folder):
    dkim = [r for r in rows if klass(r) == "DkimVerifyBenchmark"]
    if not dkim:
        return []
    out = ["## DKIM verification against Apache James jDKIM (issue 26)", ""]
    out += run_note(folder, "dkim")
    out += ["One operation verifies one message signed `rsa-sha256` relaxed/relaxed with an RSA-2048 key: header "
           "parse, body hash, key record, RSA check; the key record comes from memory on both sides. Ratio = "
           "Missive ÷ jDKIM 0.3 in the same run "
           f"({dkim[0].get('forks', '?')} fork, {dkim[0].get('warmupIterations', '?')} warm-up and "
           f"{dkim[0].get('measurementIterations', '?')} measurement iterations of "
           f"{dkim[0].get('measurementTime', '?')}).", "",
           "| body | Missive verifications/s | jDKIM verifications/s | Missive ÷ jDKIM | Missive B / op | "
           "jDKIM B / op |",
           "|---:|---:|---:|---:|---:|---:|"]
    by = {(method(r), int(r["params"]["bodyKiB"])): r for r in dkim}
    ratios = []
    for size in sorted({k for _, k in by}):
        mine, theirs = by.get(("missive", size)), by.get(("jdkim", size))
        if not mine or not theirs:
            continue
        m, t = mine["primaryMetric"], theirs["primaryMetric"]
        ratios.append(m["score"] / t["score"])
        out.append(f"| {size} KiB | {fmt(m['score'])} ± {fmt(m['scoreError'])} | {fmt(t['score'])} ± "
                   f"{fmt(t['scoreError'])} | {m['score'] / t['score']:.2f}× | {fmt(alloc(mine))} | "
                   f"{fmt(alloc(theirs))} |")
    if ratios:
        out += ["", f"Geometric mean of the ratios: {geomean(ratios):.2f}×."]
    return out + [""]


def main():
    folder = sys.argv[1] if len(sys.argv) > 1 else "benchmarks/results"
    rows = load(folder)
    chart = svg(rows)
    if chart:
        with open(os.path.join(folder, "ratios.svg"), "w", encoding="utf-8") as f:
            f.write(chart)
    head = ["# Benchmark results", "",
            "Written by `benchmarks/jmh_table.py` from the raw JMH JSON in `benchmarks/results/` "
            "(see `benchmarks/README.md`)."]
    if rows:
        # the message-format section names its own forks and iterations (the MIME verdict runs several forks)
        r = next((x for x in rows if klass(x) not in ("SampleBenchmark", "CorpusBenchmark")), rows[0])
        head.append(f"JMH {r.get('jmhVersion', '?')}, {r.get('vmName', '?')} {r.get('jdkVersion', '?')}, "
                    f"{plural(r.get('forks', 1), 'fork')}, {r.get('warmupIterations', '?')} warm-up and "
                    f"{r.get('measurementIterations', '?')} measurement iterations of "
                    f"{r.get('measurementTime', '?')} per fork, {r.get('threads', '?')} thread, unless a section says otherwise.")
    note = os.environ.get("BENCH_NOTE")
    if note:
        head += ["", f"**Machine:** {note}"]
    pic = ["", "![Missive ÷ peer per message](results/ratios.svg)", ""] if chart else []
    notes = []
    notes_file = os.path.join(folder, "notes.md")
    if os.path.exists(notes_file):  # the hand-written reading of the profiles, kept beside the raw JSON
        with open(notes_file, encoding="utf-8") as f:
            notes = [f.read().rstrip()]
    print("\n".join(head + [""] + smtp_section(rows) + data_section(rows, folder) + message_section(rows, folder) + imap_section(rows, folder)
                     + dkim_section(rows, folder) + pic + notes))


if __name__ == "__main__":
    main()
