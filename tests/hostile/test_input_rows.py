"""One bad row is one skipped row, reported with its file and line; the run goes on with the
rest (a date past the calendar, a number Python will not read, a line nested 100,000 deep, a
lone surrogate)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.hostile.input_registry import AS_OF, HEADER, export, small_registry
from tests.support.cli import invoke

GOOD = '{"occurred_at": "2026-11-20", "account": "acme.com", "type": "web_visit"}'
BAD_JSON_LINES = {
    "nested 100,000 deep": ("[" * 100_000 + "]" * 100_000, "not read: nested too deeply"),
    "a 5,000-digit number": (GOOD[:-1] + ', "score": ' + "9" * 5000 + "}",
                             "not valid JSON: a number with more than 4,300 digits"),
    "a lone surrogate": (GOOD[:-1] + ', "detail": "\\ud800"}',
                         "a \\u escape in it is half a UTF-16 pair (a lone surrogate)"),
}


@pytest.mark.parametrize("case", list(BAD_JSON_LINES))
@pytest.mark.parametrize("command", [("handoff", "--details"), ("handoff", "--format", "json"),
                                     ("lint",), ("tiers", "plan")])
def test_a_bad_json_line_is_skipped_with_its_line_and_the_run_goes_on(
    tmp_path: Path, case: str, command: tuple[str, ...]
) -> None:
    root = small_registry(tmp_path)
    line, reason = BAD_JSON_LINES[case]
    export(root, "x.jsonl", f"{GOOD}\n{line}\n{GOOD}\n")
    done = invoke(*command, "--root", str(root), "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert f"registry/signals/x.jsonl:2: {reason}" in done.stderr
    assert "x.jsonl:1:" not in done.stderr and "x.jsonl:3:" not in done.stderr


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-14:00", "9999-12-31T23:59:59Z",
                                    "0001-01-01T00:00:00+14:00", "1899-12-31"])
def test_a_date_past_the_years_abmctl_reads_is_a_skipped_row(tmp_path: Path, moment: str) -> None:
    root = small_registry(tmp_path)
    export(root, "x.csv", HEADER + "2026-11-20,acme.com,web_visit\n"
           f"{moment},acme.com,web_visit\n2026-11-21,acme.com,web_visit\n")
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert (f"registry/signals/x.csv:3: occurred_at '{moment}' is outside the years 1900-2999"
            in done.stderr)
    assert json.loads(done.stdout)["skipped_rows"] == 1


@pytest.mark.parametrize("moment", ["1900-01-01", "2999-12-31T23:59:59Z"])
def test_the_first_and_last_years_are_read(tmp_path: Path, moment: str) -> None:
    root = small_registry(tmp_path)
    export(root, "x.csv", HEADER + f"{moment},acme.com,web_visit\n")
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["skipped_rows"] == 0
