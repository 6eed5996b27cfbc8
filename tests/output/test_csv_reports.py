"""`--format csv` of every table report parses with the csv module into the same rows as the
report's JSON: the same count, in the same order, the same value in each column (a missing
value an empty cell, a list its items joined by `; `, text behind a `'` when it would start a
spreadsheet formula)."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from abmctl.output.csv_text import table
from abmctl.output.escape import csv_cell
from tests.support.cli import invoke
from tests.support.registry import REPO

AS_OF = "2026-11-23"
Rows = list[dict[str, Any]]


def expected(value: Any) -> str:
    """The cell a JSON value becomes."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        value = "; ".join(value)
    text = str(value)
    return "'" + text if isinstance(value, str) and text[:1] in ("=", "+", "-", "@") else text


def scorecard_rows(document: dict[str, Any]) -> Rows:
    period = document["period"]
    return [{"period": period["label"], "start": period["start"], "end": period["end"],
             **{k: m[k] for k in ("id", "title", "value", "target", "red_below", "numerator",
                                  "denominator", "status", "note")}}
            for m in document["metrics"]]


def trend_rows(document: dict[str, Any]) -> Rows:
    periods = {p["label"]: p for p in document["periods"]}
    return [{"id": row["id"], "title": row["title"], "group": row["group"],
             "period": point["period"], "start": periods[point["period"]]["start"],
             "end": periods[point["period"]]["end"], "value": point["value"],
             "target": row["target"], "red_below": row["red_below"],
             "numerator": point["numerator"], "denominator": point["denominator"],
             "status": point["status"]}
            for row in document["metrics"] for point in row["values"]]


def handoff_rows(document: dict[str, Any]) -> Rows:
    return [{"account": h["account"], "tier": h["tier"], "stage": h["stage"],
             "transition": h["transition"], "route_to": h["route"]["to"],
             "route_person": h["route"]["person"], "route_alert": h["route"]["alert"],
             "signals": len(h["signals"]), "at": h["at"], "due": h["due"],
             "sla_breached": h["sla_breached"], "sla_status": h["sla_status"],
             "first_touch": h["first_touch"]}
            for h in document["handoffs"]]


def plan_rows(document: dict[str, Any]) -> Rows:
    return [{"status": status, "account": m["account"], "from": m["from"], "to": m["to"],
             "reason": m["reason"]}
            for status, key in (("change", "changes"), ("held", "held"))
            for m in document[key]]


def overlap_rows(document: dict[str, Any]) -> Rows:
    keys = ("code", "severity", "account", "teams", "plays", "decides", "message",
            "resolution", "path", "line")
    return [{**{k: c[k] for k in keys}, "touches": c.get("touches", []),
             "signals": c.get("signals", []), "count": c["count"]}
            for c in document["conflicts"]]


REPORTS: dict[str, tuple[list[str], Callable[[dict[str, Any]], Rows]]] = {
    "scorecard": (["scorecard"], scorecard_rows),
    "scorecard month": (["scorecard", "--month", "2026-10"], scorecard_rows),
    "trend": (["scorecard", "--trend"], trend_rows),
    "trend by territory": (["scorecard", "--trend", "--by", "quarter", "--by", "territory",
                            "--periods", "3"], trend_rows),
    "handoff": (["handoff"], handoff_rows),
    "tiers plan": (["tiers", "plan"], plan_rows),
    "overlap": (["overlap"], overlap_rows),
    "overlap --all": (["overlap", "--all"], overlap_rows),
}


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """benchmarks/generate.py's registry at 1,000 accounts and 8,000 activity rows."""
    root = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "--accounts",
                    "1000", "--files", "2", "--activity", "8000", "--out", str(root)],
                   check=True, capture_output=True)
    yield root


def output(root: Path, words: list[str], fmt: str) -> str:
    done = invoke(*words, "--root", str(root), "--as-of", AS_OF, "--format", fmt)
    assert done.returncode in (0, 1), done.stderr  # overlap: 1 with error conflicts
    return done.stdout


@pytest.mark.parametrize("where", ["example", "generated"])
@pytest.mark.parametrize("report", list(REPORTS))
def test_the_csv_holds_the_rows_of_the_json(
    report: str, where: str, request: pytest.FixtureRequest,
) -> None:
    root = REPO if where == "example" else request.getfixturevalue("generated")
    words, rows_of = REPORTS[report]
    records = rows_of(json.loads(output(root, words, "json")))
    reader = csv.DictReader(io.StringIO(output(root, words, "csv"), newline=""))
    parsed = list(reader)
    assert records, "the registry should give this report rows to compare"
    assert reader.fieldnames == list(records[0])
    assert len(parsed) == len(records)
    assert parsed == [{k: expected(v) for k, v in record.items()} for record in records]


@pytest.mark.parametrize("text", ["=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)",
                                  "\tpadded"])
def test_a_cell_a_spreadsheet_would_run_starts_with_a_quote(text: str) -> None:
    assert csv_cell(text) == "'" + text
    assert list(csv.reader(io.StringIO(table(["name"], [[text]]), newline=""))) == [
        ["name"], ["'" + text]]


@pytest.mark.parametrize("text", ["acme", "a=b", " =x", "'=quoted", "1-2", "", "Zürich ≥ 50",
                                  "two\nlines", "a\tb"])
def test_other_text_is_left_as_it_is(text: str) -> None:
    assert csv_cell(text) == text


@pytest.mark.parametrize(("text", "shown"), [
    ("ghost\x9b2J\u202eco", "ghost\\x9b2J\\u202eco"), ("\x1b[2J", "\\x1b[2J"),
    ("\rreturn", "\\x0dreturn"), ("one\r\ntwo", "one\ntwo"),
    ("::error::x", ":\u2060:error:\u2060:x"), ("##[warning]y", "#\u2060#[warning]y"),
])
def test_controls_and_workflow_commands_are_shown_harmless(text: str, shown: str) -> None:
    assert csv_cell(text) == shown


def test_numbers_are_never_quoted_and_quoting_is_rfc_4180() -> None:
    text = table(["a", "b", "c", "d", "e"], [[-1, -0.5, 'say "hi", then\nleave', None,
                                              ["x y", "z"]], [True, False, "a\r\nb", 0, []]])
    assert text == ('a,b,c,d,e\r\n-1,-0.5,"say ""hi"", then\nleave",,x y; z\r\n'
                    'true,false,"a\nb",0,\r\n')
    assert list(csv.reader(io.StringIO(text, newline=""))) == [
        ["a", "b", "c", "d", "e"], ["-1", "-0.5", 'say "hi", then\nleave', "", "x y; z"],
        ["true", "false", "a\nb", "0", ""]]


@pytest.mark.parametrize("count", [0, 1, 2, 4, 5])
def test_a_table_written_in_pieces_is_the_table(count: int) -> None:
    """`table_chunks` (a large report written as it is made) gives the text `table` gives,
    whether the rows end on a piece's boundary or not."""
    from abmctl.output.csv_text import table_chunks

    rows = [(f"a,{n}", n, None, ("x", "y")) for n in range(count)]
    pieces = list(table_chunks(("name", "n", "none", "list"), rows, batch=2))
    assert "".join(pieces) == table(("name", "n", "none", "list"), rows)
    assert len(pieces) == count // 2 + 1
