"""A Parquet export through the commands: every command that reads activity reads it, the
reports are the ones its CSV gives, and a file that is not readable Parquet stops the run
with one line naming it (exit 2), never a traceback."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import polars as pl
import pytest

from tests.support.cli import invoke, run
from tests.support.registry import write, write_registry

REPO = Path(__file__).resolve().parents[2]
AS_OF = "2026-11-23"
SIGNALS = "registry/signals"
# rows every reader must tell apart, added to the generated export: a bad date, an unknown
# type, an account on no list, an empty account
BAD_ROWS = [
    "yesterday,north000001.com,web_visit,,,,,site",
    "2026-11-20T10:00:00Z,north000001.com,telepathy,,,,,site",
    "2026-11-20T10:00:00Z,nobody.example,web_visit,,/pricing,,,site",
    "2026-11-20T10:00:00Z,,web_visit,,/pricing,,,site",
]
ACCOUNTS = """
accounts:
  - id: northwind
    name: Northwind Traders
    domains: [northwind.com]
    tier: 3
"""


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """benchmarks/generate.py's registry (400 accounts, 6,000 rows) with `BAD_ROWS` added."""
    root = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "--accounts",
                    "400", "--files", "2", "--activity", "6000", "--out", str(root)],
                   check=True, capture_output=True)
    csv = root / SIGNALS / "activity.csv"
    with csv.open("a", encoding="utf-8") as out:
        out.write("".join(f"{row}\n" for row in BAD_ROWS))
    yield root


def as_parquet(csv_root: Path, into: Path, *, typed: bool) -> Path:
    """A copy of the registry whose export is the same rows as Parquet: every column text
    (`typed` False), or occurred_at a UTC Datetime and score a Float64 (`typed`)."""
    shutil.copytree(csv_root, into)
    csv = into / SIGNALS / "activity.csv"
    frame = pl.read_csv(csv, infer_schema=False)
    if typed:
        frame = frame.with_columns(
            pl.col("occurred_at").str.to_datetime("%Y-%m-%dT%H:%M:%SZ", time_zone="UTC",
                                                 strict=False),
            pl.col("score").cast(pl.Float64))
        assert frame.schema["occurred_at"] == pl.Datetime("us", "UTC")
    frame.write_parquet(into / SIGNALS / "activity.parquet")
    csv.unlink()
    return into


def lines(said: str) -> list[str]:
    """What was printed, a line wrapped to the terminal's width made one line again."""
    return said.replace("\n  ", " ").splitlines()


@pytest.mark.parametrize("typed", [False, True], ids=["text columns", "typed columns"])
def test_handoff_json_from_parquet_is_the_csvs_but_for_the_source_named(
    generated: Path, tmp_path: Path, typed: bool,
) -> None:
    parquet_root = as_parquet(generated, tmp_path / "pq", typed=typed)
    from_csv = invoke("handoff", "--root", str(generated), "--as-of", AS_OF, "--format", "json")
    from_pq = invoke("handoff", "--root", str(parquet_root), "--as-of", AS_OF,
                     "--format", "json")
    assert from_csv.returncode == from_pq.returncode == 0, from_pq.stderr
    assert len(json.loads(from_csv.stdout)["handoffs"]) > 10  # a report worth comparing
    csv_name, pq_name = f"{SIGNALS}/activity.csv", f"{SIGNALS}/activity.parquet"
    expected = from_csv.stdout.replace(f'"path": "{csv_name}", "format": "canonical"',
                                       f'"path": "{pq_name}", "format": "parquet"')
    assert from_pq.stdout == expected  # byte for byte
    [source] = json.loads(from_pq.stdout)["sources"]
    assert (source["rows"], source["unmatched"] >= 1, source["skipped"]) == (6004, True, 3)
    # the skipped rows are said as the CSV's are, line N of the CSV being row N - 1
    said = [line for line in lines(from_pq.stderr) if line.endswith("row skipped")]
    from_csv_said = [line for line in lines(from_csv.stderr) if line.endswith("row skipped")]
    assert len(said) == 3
    renumbered = [re.sub(r"activity\.csv:(\d+):",
                         lambda m: f"activity.parquet:{int(m[1]) - 1}:", line)
                  for line in from_csv_said]
    if typed:  # a typed column holds no text 'yesterday': that row's occurred_at is null
        renumbered[0] = renumbered[0].split(": occurred_at")[0] + (
            ": missing required field 'occurred_at': row skipped")
    assert said == renumbered
    assert said[0].startswith(f"{pq_name}:6001: ")


@pytest.mark.parametrize("words", [
    ["lint"], ["handoff"], ["overlap"], ["scorecard"], ["tiers", "plan"], ["signals"],
    ["explain", "north-000000"],
])
def test_every_command_that_reads_activity_reads_a_parquet_export(
    generated: Path, tmp_path: Path, words: list[str],
) -> None:
    root = as_parquet(generated, tmp_path / "pq", typed=False)
    done = invoke(*words, "--root", str(root), "--as-of", AS_OF)
    assert done.returncode in (0, 1), done.stderr
    said = " ".join(lines(done.stdout + done.stderr))
    assert re.search(r"registry/signals/activity\.parquet \(parquet\): 6,004 rows: [\d,]+ "
                     r"matched, [\d,]+ unmatched, 3 skipped", said), said


@pytest.fixture
def small(registry_root: Path) -> Path:
    return write_registry(registry_root, {"registry/accounts/all.yaml": ACCOUNTS})


def test_report_reads_a_parquet_export(small: Path, tmp_path: Path) -> None:
    (small / SIGNALS).mkdir(parents=True)
    pl.DataFrame({"occurred_at": ["2026-11-20", "2026-11-21"], "account": ["northwind.com"] * 2,
                  "type": ["web_visit"] * 2}).write_parquet(small / SIGNALS / "web.parquet")
    done = invoke("report", "--html", str(tmp_path / "site"), "--root", str(small),
                  "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "web.parquet (parquet): 2 rows: 2 matched" in " ".join(lines(done.stderr))


BROKEN = {
    "empty": (b"", "an empty file, not a Parquet file"),
    "csv named .parquet": (b"occurred_at,account,type\n2026-11-02,northwind.com,web_visit\n",
                           "text, not a Parquet file (it does not begin with PAR1)"),
    "random bytes": (bytes(range(256)) * 8, "not a Parquet file (it does not begin with PAR1)"),
    "cut short": (b"PAR1\x15\x04\x15\x10" * 20, "damaged Parquet file: it ends before its footer"),
    "damaged inside": (b"PAR1" + b"\x07" * 64 + b"PAR1", "damaged Parquet file (parquet: "),
}


@pytest.mark.parametrize("case", list(BROKEN))
@pytest.mark.parametrize("where", ["registry", "--signals"])
def test_a_file_that_is_not_readable_parquet_stops_the_run_naming_it(
    small: Path, case: str, where: str,
) -> None:
    raw, said = BROKEN[case]
    if where == "registry":
        path = small / SIGNALS / "web.parquet"
        name, extra = f"{SIGNALS}/web.parquet", []
    else:
        path = small / "exports" / "web.parquet"
        name, extra = "exports/web.parquet", ["--signals", str(path)]
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(raw)
    done = invoke("handoff", "--root", str(small), "--as-of", AS_OF, *extra)
    assert done.returncode == 2, done.stderr
    errors = [line for line in done.stderr.splitlines() if "error" in line]
    assert errors == [f"abmctl: error: {name}: {said}" + errors[0].split(said, 1)[1]], errors
    assert "Traceback" not in done.stderr
    # `abmctl signals` shows it instead of stopping, as it does any unread file
    shown = invoke("signals", "--skipped", "--root", str(small), "--as-of", AS_OF, *extra)
    assert shown.returncode == 0, shown.stderr
    assert f"{name}:1: {said}" in " ".join(lines(shown.stdout))


def test_the_real_program_says_a_damaged_parquet_file_in_one_line(small: Path) -> None:
    write(small, f"{SIGNALS}/web.parquet", "PAR1 not really")
    done = run("lint", "--root", str(small), "--as-of", AS_OF)  # asserts: no traceback
    assert done.returncode == 2, done.stderr
    assert done.stderr.strip().splitlines()[-1] == (
        f"abmctl: error: {SIGNALS}/web.parquet: damaged Parquet file: it ends before its "
        "footer (PAR1) does; was it cut short while copied?")


def test_strict_stops_on_a_skipped_parquet_row(small: Path) -> None:
    (small / SIGNALS).mkdir(parents=True)
    pl.DataFrame({"occurred_at": ["2026-11-20", "soon"], "account": ["northwind.com"] * 2,
                  "type": ["web_visit"] * 2}).write_parquet(small / SIGNALS / "web.parquet")
    done = invoke("handoff", "--root", str(small), "--as-of", AS_OF, "--strict")
    assert done.returncode == 2, done.stderr
    assert f"{SIGNALS}/web.parquet:2: occurred_at 'soon' is not" in done.stderr
    assert "abmctl: error: --strict: 1 activity row(s) skipped" in done.stderr
