"""Review: the same rows as a CSV export and as a Parquet file give the same reports from every
command that reads activity, in JSON, apart from the source's path and format and the skipped
rows' lines (a Parquet file's row N is the CSV's line N + 1: the CSV's header is line 1)."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from tests.support.cli import invoke
from tests.support.registry import REPO

AS_OF = "2026-11-20"
BAD_ROWS = '''\
yesterday,north000000.com,web_visit,,,,,site
2026-11-05,nobody.example,web_visit,,,,,site
2026-11-05,,web_visit,,,,,site
2026-11-05,north000000.com,telepathy,,,,,site
2026-11-05,north000000.com,third_party_intent,,x,lots,,bombora
2026-11-05,north000000.com,sales_touch,eve,call,,Maybe,crm
2026-11-05,north000000.com,web_visit,"a,b","quoted ""x""",,,site
1850-01-01,north000000.com,web_visit,,,,,site
'''
COMMANDS = (("handoff",), ("overlap", "--all"), ("scorecard",), ("tiers", "plan"),
            ("signals", "--skipped", "--unmatched"), ("lint",))


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    root = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "--accounts", "80",
                    "--files", "2", "--activity", "1500", "--out", str(root)], check=True,
                   capture_output=True)
    made = root / "registry" / "signals" / "activity.csv"
    csv = root / "exports" / "week.csv"
    csv.parent.mkdir()
    csv.write_text(made.read_text(encoding="utf-8") + BAD_ROWS, encoding="utf-8")
    made.unlink()
    frame = pl.read_csv(csv, infer_schema=False)
    parquet = root / "exports" / "week.parquet"
    frame.write_parquet(parquet)
    return root, csv, parquet


def _report(root: Path, export: Path, command: tuple[str, ...]) -> tuple[int, Any, str]:
    done = invoke(*command, "--root", str(root), "--as-of", AS_OF, "--format", "json",
                  "--signals", str(export))
    return done.returncode, json.loads(done.stdout), done.stderr


def _as_csv(value: Any) -> Any:
    """The Parquet run's report as the CSV run says it: its path and format, and the lines
    of its skipped rows one further down."""
    if isinstance(value, dict):
        found = {key: _as_csv(item) for key, item in value.items()}
        if found.get("path") == "exports/week.csv" and isinstance(found.get("line"), int):
            found["line"] += 1
        if found.get("format") == "parquet":
            found["format"] = "canonical"
        return found
    if isinstance(value, list):
        return [_as_csv(item) for item in value]
    if isinstance(value, str):
        return value.replace("week.parquet", "week.csv")
    return value


@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_csv_and_parquet_give_the_same_report(
        exports: tuple[Path, Path, Path], command: tuple[str, ...]) -> None:
    root, csv, parquet = exports
    from_csv = _report(root, csv, command)
    from_parquet = _report(root, parquet, command)
    assert from_csv[0] == from_parquet[0]
    assert from_csv[1] == _as_csv(from_parquet[1])
    # the notes name the same faults, each a line further down in the CSV (words compared:
    # the two paths' lengths wrap the text apart)
    said = " ".join(from_parquet[2].replace("week.parquet (parquet)", "week.csv (canonical)")
                    .replace("week.parquet", "week.csv").split())
    assert re.sub(r"week\.csv:(\d+):", lambda m: f"week.csv:{int(m[1]) + 1}:", said) == (
        " ".join(from_csv[2].split()))
    if command[0] == "signals":
        skipped = [(s["line"], s["reason"]) for s in from_csv[1]["skipped"]]
        assert len(skipped) == 6  # every bad row but the quoted one (a good row) and the
        assert skipped[-1][0] == 1509  # unmatched one; the year 1850 on the CSV's last line
