#!/usr/bin/env python3
"""Registries for timing `tiers apply` and `tiers diff`, made from one `generate.py` wrote.

    python benchmarks/scenarios.py apply SRC DST [--demote 89]
    python benchmarks/scenarios.py diff SRC DST [--changes 60]

`apply`: a copy of SRC whose review window is open on 2026-11-23 (monthly, 28 days) and in
which the first `--demote` Tier 2 accounts fall below Tier 2's keep fit, so each is demoted and
frees a seat for a held promotion: on the 10k registry, 89 give exactly 200 tier changes in 20
files (apply needs --force: that moves more than 30% of Tier 2).

`diff`: a git repository holding SRC's `registry/` and `rules/` at HEAD~1, and at HEAD the same
with `--changes` tiers changed (half Tier 3 -> 2, half Tier 2 -> 3, spread over six files).

`history`: a git repository holding SRC as committed on 2025-12-15, then four quarterly review
commits (2026-01-10, 04-10, 07-10, 10-10), each changing about 200 tiers in every file (160
Tier 3 -> 2, 20-60 Tier 2 -> 3 on the 10k registry), the last also moving 50 accounts from
the first file to the second: for `tiers history` and the report's tier history.
Standard library and `git` only, like `generate.py`.
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from pathlib import Path

MONTHLY_WINDOW = "review: {cadence: monthly, window_days: 28, year_start_month: 1}\n"


def make_apply(src: Path, dst: Path, demote: int) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    shutil.copytree(src, dst)
    (dst / "rules" / "tiers.yaml").write_text(MONTHLY_WINDOW, encoding="utf-8")
    left = demote
    for path in sorted((dst / "registry" / "accounts").glob("*.yaml")):
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        tier = None
        for number, line in enumerate(lines):
            if line.startswith("  - id:"):
                tier = None
            elif line.startswith("    tier: "):
                tier = int(line.split(":")[1])
            elif tier == 2 and left > 0 and line.startswith("    scores: {fit: "):
                lines[number] = re.sub(r"fit: \d+", "fit: 50", line)  # keep fit is 60
                left -= 1
        path.write_text("".join(lines), encoding="utf-8")


def make_diff(src: Path, dst: Path, changes: int) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for folder in ("registry", "rules"):
        shutil.copytree(src / folder, dst / folder)
    _git(dst, "init", "-q")
    _commit(dst, "base")
    files = sorted((dst / "registry" / "accounts").glob("*.yaml"))[:6]
    each = max(1, changes // (2 * len(files)))
    for path in files:
        lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
        left = {"3": each, "2": each}  # promotions from 3, demotions from 2
        for number, line in enumerate(lines):
            tier = line.removeprefix("    tier: ").strip()
            if line.startswith("    tier: ") and left.get(tier, 0) > 0:
                lines[number] = f"    tier: {5 - int(tier)}\n"
                left[tier] -= 1
        path.write_text("".join(lines), encoding="utf-8")
    _commit(dst, "head")


def make_history(src: Path, dst: Path) -> None:
    if dst.exists():
        shutil.rmtree(dst)
    dst.mkdir(parents=True)
    for folder in ("registry", "rules"):
        shutil.copytree(src / folder, dst / folder)
    _git(dst, "init", "-q")
    _commit(dst, "the list", "2025-12-15T12:00:00+00:00")
    files = sorted((dst / "registry" / "accounts").glob("*.yaml"))
    for quarter, day in enumerate(("2026-01-10", "2026-04-10", "2026-07-10", "2026-10-10")):
        for path in files:
            lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
            seen = {"2": 0, "3": 0}
            for number, line in enumerate(lines):
                tier = line.removeprefix("    tier: ").strip()
                if line.startswith("    tier: ") and tier in seen:
                    seen[tier] += 1
                    every = 55 if tier == "3" else 9
                    if (seen[tier] + 7 * quarter) % every == 0:
                        lines[number] = f"    tier: {5 - int(tier)}\n"
            path.write_text("".join(lines), encoding="utf-8")
        if quarter == 3:
            _move_accounts(files[0], files[1], 50)
        _commit(dst, f"quarterly review {day[:7]}", f"{day}T12:00:00+00:00")


def _move_accounts(source: Path, target: Path, count: int) -> None:
    """The first `count` records of `source` cut and appended to `target`."""
    head, _, body = source.read_text(encoding="utf-8").partition("  - id:")
    records = ["  - id:" + r for r in body.split("  - id:")]
    source.write_text(head + "".join(records[count:]), encoding="utf-8")
    with target.open("a", encoding="utf-8") as out:
        out.write("".join(records[:count]))


def _commit(repo: Path, message: str, when: str | None = None) -> None:
    _git(repo, "add", "-A")
    dates = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    _git(repo, "-c", "user.name=bench", "-c", "user.email=bench@example.com", "commit", "-qm",
         message, env=dates)


def _git(repo: Path, *args: str, env: dict[str, str] | None = None) -> None:
    import os

    subprocess.run(["git", *args], cwd=repo, check=True, env={**os.environ, **(env or {})})


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("scenario", choices=("apply", "diff", "history"))
    parser.add_argument("src", type=Path, help="a registry root written by generate.py")
    parser.add_argument("dst", type=Path, help="where the scenario goes (replaced)")
    parser.add_argument("--demote", type=int, default=89, help="apply: Tier 2 accounts to demote")
    parser.add_argument("--changes", type=int, default=60, help="diff: tiers to change")
    args = parser.parse_args(argv)
    if args.scenario == "apply":
        make_apply(args.src, args.dst, args.demote)
    elif args.scenario == "history":
        make_history(args.src, args.dst)
    else:
        make_diff(args.src, args.dst, args.changes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
