#!/usr/bin/env python3
"""Time every report against a plain `csv.reader` pass over the same activity file.

    python benchmarks/ratios.py                          # sizes 100k 300k 1m 3m, 3 runs each
    python benchmarks/ratios.py --sizes 100k 1m --runs 5 --formats json text

A wall time on a shared 2-core machine moves by 20% from one run to the next; the ratio of a
command's CPU time to a `csv.reader` pass over the same file, both timed in the same round,
moves much less. Each round runs the baseline, then each command, one after the other (never
in parallel); the table gives the median of the rounds. Every size has 10,000 accounts in 20
files; only the activity grows, so the last column is what one more row costs.

`lint` is also compared with a PyYAML C-loader parse (`yaml.load(..., Loader=yaml.CSafeLoader)`)
of the same account files. PyYAML is needed for that column only (`pip install pyyaml`);
abmctl itself does not use it. Without it the column says `-`.

Standard library only (besides the optional PyYAML); the registries come from generate.py and
are reused while their parameters and generate.py stay the same.
"""

from __future__ import annotations

import argparse
import hashlib
import os
import shlex
import statistics
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
AS_OF = "2026-11-23"
# size -> (accounts, files, activity rows); directory names shared with run.sh
SIZES = {
    "100k": (10_000, 20, 100_000),
    "300k": (10_000, 20, 300_000),
    "1m": (10_000, 20, 1_000_000),
    "3m": (10_000, 20, 3_000_000),
    "100kacc": (100_000, 20, 100_000),
}
DIRS = {"100k": "10k", "100kacc": "100k"}  # run.sh's names for the same registries
COMMANDS = ("lint", "handoff", "tiers plan", "overlap", "scorecard")

CSV_PASS = """\
import csv, sys
n = 0
with open(sys.argv[1], newline="", encoding="utf-8") as f:
    for row in csv.reader(f):
        n += len(row)
"""
YAML_PASS = """\
import sys, yaml
for name in sys.argv[1:]:
    with open(name, encoding="utf-8") as f:
        yaml.load(f, Loader=yaml.CSafeLoader)
"""


@dataclass
class Timing:
    """One process: wall and CPU (user + sys) seconds, peak resident memory in MB."""

    wall: float
    cpu: float
    mb: float
    code: int


@dataclass
class Series:
    runs: list[Timing] = field(default_factory=list)
    failed: str = ""

    def median(self, attribute: str) -> float:
        return statistics.median(getattr(t, attribute) for t in self.runs)


def run(argv: list[str], cwd: Path | None = None, timeout: float = 600) -> Timing:
    """Run `argv` to completion, its output thrown away, and measure it (wait4's rusage)."""
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    deadline = start + timeout
    while True:
        pid, status, usage = os.wait4(process.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() > deadline:
            process.kill()
            pid, status, usage = os.wait4(process.pid, 0)
            break
        time.sleep(0.005)
    wall = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode > 1 and process.stderr is not None:
        tail = process.stderr.read().decode(errors="replace").strip().splitlines()[-1:]
        print(f"    exit {process.returncode}: {' '.join(tail)[:100]}", file=sys.stderr)
    if process.stderr is not None:
        process.stderr.close()
    return Timing(wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024,
                  process.returncode)


def generate(name: str, root: Path, python: str) -> Path:
    accounts, files, rows = SIZES[name]
    where = root / DIRS.get(name, name)
    digest = hashlib.sha1((HERE / "generate.py").read_bytes()).hexdigest()[:12]
    params = f"{accounts} {files} {rows} {digest}"
    stamp = where / ".params"
    if stamp.exists() and stamp.read_text().strip() == params:
        return where
    print(f"== generating {name} into {where}", file=sys.stderr)
    subprocess.run(["rm", "-rf", str(where)], check=True)
    subprocess.run([python, str(HERE / "generate.py"), "--accounts", str(accounts), "--files",
                    str(files), "--activity", str(rows), "--out", str(where)], check=True)
    stamp.write_text(params + "\n")
    return where


def has_pyyaml(python: str) -> bool:
    probe = subprocess.run([python, "-c", "import yaml; yaml.CSafeLoader"],
                           capture_output=True)
    return probe.returncode == 0


def measure(name: str, where: Path, args: argparse.Namespace, yaml_ok: bool,
            ) -> dict[str, Series]:
    """Every series of one size, `args.runs` rounds, each round baseline-first."""
    activity = where / "registry" / "signals" / "activity.csv"
    account_files = sorted(str(p) for p in (where / "registry" / "accounts").glob("*.yaml"))
    abmctl = shlex.split(args.abmctl)
    jobs: dict[str, list[str]] = {"csv.reader": [args.python, "-c", CSV_PASS, str(activity)]}
    if yaml_ok and "lint" in args.commands:
        jobs["PyYAML"] = [args.python, "-c", YAML_PASS, *account_files]
    for command in args.commands:
        for fmt in (["json"] if command == "lint" else args.formats):
            jobs[f"{command} {fmt}"] = [*abmctl, *command.split(), "--root", str(where),
                                        "--as-of", AS_OF, "--format", fmt]
    series = {label: Series() for label in jobs}
    for round_ in range(args.runs):
        print(f"== {name}: round {round_ + 1} of {args.runs}", file=sys.stderr)
        for label, argv in jobs.items():
            if series[label].failed:
                continue
            timing = run(argv, timeout=args.timeout)
            if timing.code > 1:
                series[label].failed = f"exit {timing.code}"
                continue
            series[label].runs.append(timing)
            print(f"   {label}: {timing.wall:.2f} s wall, {timing.cpu:.2f} s CPU, "
                  f"{timing.mb:.0f} MB", file=sys.stderr)
    return series


def table(results: dict[str, dict[str, Series]]) -> list[str]:
    lines = ["| rows | command | wall s | CPU s | peak MB | ×csv (CPU) | ×csv (wall) "
             "| ×PyYAML (CPU) | µs CPU per added row |",
             "|---|---|---|---|---|---|---|---|---|"]
    previous: dict[str, tuple[int, int, float]] = {}  # label -> accounts, rows, CPU
    for name, series in results.items():
        rows = SIZES[name][2]
        base = series["csv.reader"]
        yaml_series = series.get("PyYAML")
        for label, s in series.items():
            if label == "PyYAML":
                continue
            if s.failed or not s.runs:
                lines.append(f"| {rows:,} | {label} | {s.failed or 'not run'} | | | | | | |")
                continue
            cpu, wall = s.median("cpu"), s.median("wall")
            ratio_cpu = cpu / base.median("cpu") if base.runs else float("nan")
            ratio_wall = wall / base.median("wall") if base.runs else float("nan")
            ratio_yaml = "-"
            if label.startswith("lint") and yaml_series and yaml_series.runs:
                ratio_yaml = f"{cpu / yaml_series.median('cpu'):.2f}"
            per_row = "-"
            accounts = SIZES[name][0]
            before = previous.get(label)
            if before and before[0] == accounts and rows > before[1]:
                per_row = f"{(cpu - before[2]) / (rows - before[1]) * 1e6:.2f}"
            previous[label] = (accounts, rows, cpu)
            lines.append(f"| {rows:,} | {label} | {wall:.2f} | {cpu:.2f} | {s.median('mb'):.0f} "
                         f"| {ratio_cpu:.2f} | {ratio_wall:.2f} | {ratio_yaml} | {per_row} |")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", nargs="+", default=["100k", "300k", "1m", "3m"],
                        choices=list(SIZES))
    parser.add_argument("--runs", type=int, default=3, help="rounds per size (median)")
    parser.add_argument("--commands", nargs="+", default=list(COMMANDS), choices=COMMANDS)
    parser.add_argument("--formats", nargs="+", default=["json", "text"])
    parser.add_argument("--dir", type=Path, default=Path("/tmp/abmctl-bench"))
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--abmctl", default=os.environ.get("ABMCTL", "abmctl"),
                        help="the command to time (default: abmctl on PATH)")
    parser.add_argument("--timeout", type=float, default=600)
    args = parser.parse_args(argv)
    yaml_ok = has_pyyaml(args.python)
    if not yaml_ok:
        print("ratios.py: PyYAML with libyaml not found: no ×PyYAML column", file=sys.stderr)
    results = {}
    for name in args.sizes:
        results[name] = measure(name, generate(name, args.dir, args.python), args, yaml_ok)
    print("\n".join(table(results)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
