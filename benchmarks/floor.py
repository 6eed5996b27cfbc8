#!/usr/bin/env python3
"""What a command over a million activity rows cannot go under, as ratios to `csv.reader`.

    python benchmarks/floor.py                      # the 1m registry of ratios.py, 5 rounds
    python benchmarks/floor.py --size 3m --runs 3

Each step below is a separate process that does only that step's work, timed in the same
round as the `csv.reader` pass of `ratios.py` over the same file (CPU = user + sys, wall,
medians of the rounds). Nothing here is abmctl's path: these are lower bounds, the least any
design built on the same pieces must spend.

- `start`: Python and abmctl's imports (`import abmctl.cli`).
- `registry`: loading the 10,000-account registry (imports included).
- `polars read`: `import polars` and one multi-threaded `read_csv` of the file, every column
  as text (no checks, no matching).
- `row objects`: the polars read, then one `ActivityRow` per row from its columns with the
  cheapest calls there are (`to_list`, `datetime.fromisoformat` over a column, `map`), with
  no cycle collector and no teardown of the objects, as abmctl runs: the floor of any design
  that keeps a Python object per row, before any check.
- `PyYAML`: a PyYAML C-loader parse of the account files, lint's yardstick (only when PyYAML
  is installed: `pip install pyyaml`; abmctl does not use it).
- `handoff json dump`: `json.dumps` of the handoff document abmctl prints for this
  registry (made once, before the rounds), with the C encoder, timed inside the process
  (`--measured`), i.e. only the writing of a report already built.

Standard library only, besides polars (an abmctl dependency) and abmctl itself.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ratios import AS_OF, CSV_PASS, SIZES, YAML_PASS, generate, has_pyyaml, run  # noqa: E402

START = "import abmctl.cli"
REGISTRY = """\
import sys
from pathlib import Path
from abmctl.load.registry_files import load_registry
load_registry(Path(sys.argv[1]))
"""
POLARS_READ = """\
import sys
import polars as pl
pl.read_csv(sys.argv[1], infer_schema=False)
"""
ROW_OBJECTS = """\
import gc, os, sys
gc.disable()  # as abmctl runs: no cycle collector
from datetime import datetime
from itertools import repeat
import polars as pl
from abmctl.engine.activity import ActivityRow
frame = pl.read_csv(sys.argv[1], infer_schema=False)
column = {name: frame.get_column(name).to_list() for name in frame.columns}
rows = list(map(
    ActivityRow, map(datetime.fromisoformat, column["occurred_at"]), column["account"],
    column["type"], column["contact"], column["detail"], column["score"],
    column["sentiment"], column["source"], repeat("activity.csv"), range(2, frame.height + 2)))
os._exit(0)  # as abmctl ends: no object-by-object teardown
"""
JSON_DUMP = """\
import json, sys, time
with open(sys.argv[1], encoding="utf-8") as f:
    document = json.load(f)
started, cpu = time.perf_counter(), time.process_time()
json.dumps(document, ensure_ascii=False)
print(f"{time.perf_counter() - started:.4f} {time.process_time() - cpu:.4f}")
"""


def measured(python: str, program: str, *args: str) -> tuple[float, float]:
    """(wall, CPU) seconds a program prints of its own measured part."""
    out = subprocess.run([python, "-c", program, *args], capture_output=True, text=True,
                         check=True).stdout.split()
    return float(out[0]), float(out[1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", default="1m", choices=sorted(SIZES))
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--root", type=Path, default=Path("/tmp/abmctl-bench"))
    parser.add_argument("--python", default=sys.executable)
    parser.add_argument("--abmctl", default="abmctl")
    args = parser.parse_args(argv)

    where = generate(args.size, args.root, args.python)
    activity = str(where / "registry" / "signals" / "activity.csv")
    with tempfile.TemporaryDirectory() as scratch:
        handoff = Path(scratch) / "handoff.json"
        with handoff.open("w", encoding="utf-8") as out:
            subprocess.run([args.abmctl, "handoff", "--root", str(where), "--as-of", AS_OF,
                            "--format", "json"], stdout=out, stderr=subprocess.DEVNULL,
                           check=False)
        jobs = {
            "csv.reader": [args.python, "-c", CSV_PASS, activity],
            "start": [args.python, "-c", START],
            "registry": [args.python, "-c", REGISTRY, str(where)],
            "polars read": [args.python, "-c", POLARS_READ, activity],
            "row objects": [args.python, "-c", ROW_OBJECTS, activity],
        }
        if has_pyyaml(args.python):
            jobs["PyYAML"] = [args.python, "-c", YAML_PASS, *sorted(
                str(path) for path in (where / "registry" / "accounts").glob("*.yaml"))]
        wall: dict[str, list[float]] = {label: [] for label in [*jobs, "handoff json dump"]}
        cpu: dict[str, list[float]] = {label: [] for label in wall}
        for round_ in range(args.runs):
            print(f"== round {round_ + 1} of {args.runs}", file=sys.stderr)
            for label, job in jobs.items():
                timing = run(job)
                wall[label].append(timing.wall)
                cpu[label].append(timing.cpu)
            dump_wall, dump_cpu = measured(args.python, JSON_DUMP, str(handoff))
            wall["handoff json dump"].append(dump_wall)
            cpu["handoff json dump"].append(dump_cpu)

    base_wall = statistics.median(wall["csv.reader"])
    base_cpu = statistics.median(cpu["csv.reader"])
    print(f"| {args.size} rows | wall s | CPU s | ×csv.reader (wall) | ×csv.reader (CPU) |")
    print("|---|---|---|---|---|")
    for label in wall:
        w, c = statistics.median(wall[label]), statistics.median(cpu[label])
        print(f"| {label} | {w:.2f} | {c:.2f} | {w / base_wall:.2f} | {c / base_cpu:.2f} |")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
