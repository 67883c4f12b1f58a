"""Prints, for each target of FUZZING.md's goal table, the inputs of its "Runs" rows that still count at HEAD.

Run by fuzz/at-head.sh, which writes the class-load logs this reads (<module>/target/fuzz-classes/<Class>.*.log).
A row counts when git finds no changed main .java file, between the row's commit and HEAD, in any package the target
loaded a dev.missive class from, and the target's test class did not change either.
"""
import collections
import functools
import glob
import re
import subprocess

fuzzing = open("FUZZING.md", encoding="utf-8").read()
goal = {}  # "Class#method" -> (module, goal)
for m in re.finditer(r"^\| ([a-z0-9-]+) \| `(\w+#\w+)` \|(?: [\d,]+ \|)+ ([\d,]+) \| [\d,]+ \|$", fuzzing, re.M):
    goal[m.group(2)] = (m.group(1), int(m.group(3).replace(",", "")))


@functools.cache
def loaded_packages(module, cls):
    packages = set()
    for log in glob.glob(f"{module}/target/fuzz-classes/{cls}.*.log"):
        for line in open(log, errors="replace"):
            m = re.search(r"\] (dev\.missive\.[\w.$]+) source", line)
            if m:
                packages.add(m.group(1).split("$")[0].rsplit(".", 1)[0])
    return packages


@functools.cache
def changed_since(commit):
    if subprocess.run(["git", "merge-base", "--is-ancestor", commit, "HEAD"], capture_output=True).returncode:
        return None  # not in HEAD's history (or not a commit at all): the row never counts
    r = subprocess.run(["git", "diff", "--name-only", commit, "HEAD", "--", "*.java"], capture_output=True, text=True)
    return None if r.returncode else tuple(r.stdout.split())


def touches(path, packages, cls):
    """Whether a changed file is main code of a package the target loads, or the target's own test class."""
    if path.endswith(f"/{cls}.java"):
        return True
    m = re.search(r"/src/main/java/(.+)/\w+\.java$", path)
    return bool(m) and m.group(1).replace("/", ".") in packages


runs = fuzzing[fuzzing.index("## Runs"):fuzzing.index("## Goal status")]
counted = collections.Counter()
summed = collections.Counter()
reasons = collections.defaultdict(set)
for row in runs.splitlines():
    m = re.match(r"^\| `((\w+)#\w+)` \| ([\d,]+) \|[^|]*\|[^|]*\| ([^|]*)\|", row)
    if not m or m.group(1) not in goal:
        continue
    target, cls, inputs, commit_cell = m.group(1), m.group(2), int(m.group(3).replace(",", "")), m.group(4)
    summed[target] += inputs
    commit = re.search(r"\b[0-9a-f]{7,40}\b", commit_cell)
    changed = changed_since(commit.group(0)) if commit and " + " not in commit_cell else None
    if changed is None:
        reasons[target].add(f"{commit_cell.strip()[:40]}: not a commit of HEAD's history")
        continue
    packages = loaded_packages(goal[target][0], cls)
    if not packages:
        reasons[target].add("no class-load log: run fuzz/at-head.sh")
        continue
    hits = sorted({p.rsplit("/", 1)[-1][:-len(".java")] for p in changed if touches(p, packages, cls)})
    if hits:
        reasons[target].add(f"{commit.group(0)}: {', '.join(hits)[:100]} changed since")
    else:
        counted[target] += inputs

print("| module | target | inputs run (every row) | inputs that count at HEAD | goal | left |")
print("| --- | --- | ---: | ---: | ---: | ---: |")
for target, (module, g) in goal.items():
    print(f"| {module} | `{target}` | {summed[target]:,} | {counted[target]:,} | {g:,} | {max(0, g - counted[target]):,} |")
for target, why in reasons.items():
    if counted[target] < goal[target][1]:
        print(f"\n{target} (rows that do not count):")
        for reason in sorted(why):
            print(f"  {reason}")
