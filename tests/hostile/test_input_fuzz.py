"""Whatever bytes an activity export holds, whatever YAML (or text) an accounts file holds and
whatever rows a CSV export has, `lint`, `handoff`, `overlap` and `tiers plan` run in-process in
every format without an exception, exit 0, 1 or 2, print JSON and SARIF that parse, and write
no workflow command abmctl did not write. (test_output_fuzz.py varies the text of a valid
registry; test_lint_fuzz.py varies an accounts file under lint alone.)"""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abmctl.output.formats import FORMATS
from tests.hostile.output_registry import AS_OF
from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

COMMANDS = {"lint": "findings", "overlap": "overlap", "handoff": "handoff",
            "tiers plan": "plan"}
ACCOUNTS = "registry/accounts/a.yaml"
EXPORT = "registry/signals/a.csv"
VALID_ACCOUNTS = """\
accounts:
  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1,
     tier_since: 2026-07-01, region: emea, segment: retail,
     owners: {ae: ana.lima, sdr: raj.patel, abm: mei.chen}, stage: awareness,
     stage_since: 2026-07-01, familiar: false, sources: [marketing], reviewed: 2026-10-01}
"""
HEADER = ["occurred_at", "account", "type", "contact", "detail", "score", "sentiment",
          "source"]
# the properties abmctl's one annotation writer puts between `::error` and `::`
ANNOTATION = re.compile(r"::(error|warning|notice)"
                        r"( (file=[^,:\n]*(,line=\d+(,col=\d+)?)?,?)?(title=[^,:\n]*)?)?::")

# what a field may be: near-valid values beside any text, separators, quotes and line breaks
FIELD_PIECES = ["northwind", "northwind.com", "a@northwind.com", "2026-11-01T10:00:00Z",
                "2026-11-01", "9999-12-31T23:59:59-14:00", "event_registration",
                "content_download", "outbound_response", "positive", "50", "1e999", ",", ";",
                "\t", '"', "'", "\n", "\r", "\r\n", "\x00", "\x85", "\u2028", "\f", "::error::x",
                "\ud800", "=cmd|' /C calc'!A0", "{", "[1,", "-"]
field = st.lists(st.one_of(st.sampled_from(FIELD_PIECES), st.text(max_size=6)),
                 max_size=4).map("".join)
row = st.lists(field, min_size=0, max_size=10)
scalar = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=10),
                   st.sampled_from(["northwind", "ana.lima", "emea", "2026-07-01", "tier"]))
nested: st.SearchStrategy[Any] = st.recursive(
    scalar,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(st.text(max_size=8), st.sampled_from(
                                ["accounts", "id", "tier", "owners", "domains", "name"])),
                                inner, max_size=4)),
    max_leaves=12,
)


def _dumped(value: Any) -> bytes:
    try:
        return yaml_rs.dumps(value).encode("utf-8", "surrogatepass")
    except Exception:  # a value the writer cannot spell (a lone surrogate): as JSON, also YAML
        return json.dumps(value).encode("utf-8")


def _near_valid(day: int, kind: str, spoilt: dict[int, str]) -> list[str]:
    """A row that would count, with some of its fields replaced by generated text."""
    good = [f"2026-11-{day:02d}T10:00:00Z", "northwind", kind, f"{day}@northwind.com",
            "case_study", "", "positive", "marketo"]
    return [spoilt.get(number, value) for number, value in enumerate(good)]


def _rows(header: bool, rows: list[list[str]], quoting: int) -> bytes:
    text = io.StringIO()
    out = csv.writer(text, lineterminator="\n", quoting=quoting)
    if header:
        out.writerow(HEADER)
    out.writerows(rows)
    return text.getvalue().encode("utf-8", "surrogatepass")


accounts_file = st.one_of(
    st.just(VALID_ACCOUNTS.encode()),
    st.just(VALID_ACCOUNTS.encode()),
    nested.map(_dumped),
    st.fixed_dictionaries({"accounts": st.lists(nested, max_size=3)}).map(_dumped),
    st.text().map(lambda t: t.encode("utf-8", "surrogatepass")),
)
export_file = st.one_of(
    st.binary(max_size=400),
    st.builds(_rows, st.just(True), st.lists(st.builds(
        _near_valid, st.integers(1, 22), st.sampled_from(
            ["event_registration", "content_download", "outbound_response", "web_visit"]),
        st.dictionaries(st.integers(0, 9), field, max_size=2)), max_size=8),
        st.just(csv.QUOTE_MINIMAL)),
    st.builds(_rows, st.booleans(), st.lists(row, max_size=6),
              st.sampled_from([csv.QUOTE_MINIMAL, csv.QUOTE_ALL, csv.QUOTE_NONNUMERIC])),
    st.lists(field, max_size=8).map(lambda fields: ",".join(HEADER) + "\n" + "".join(
        fields)).map(lambda t: t.encode("utf-8", "surrogatepass")),
)


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        write(base, "registry/teams.yaml", TEAMS)
        (base / "registry/signals").mkdir(parents=True)
        yield base


def _check(fmt: str, stdout: str) -> None:
    if fmt in ("json", "sarif"):
        json.loads(stdout)
    lines = [line for line in stdout.splitlines() if line.lstrip().startswith(("::", "##["))]
    if fmt == "github":
        assert all(ANNOTATION.match(line) for line in lines), stdout
    else:
        assert lines == [], stdout


@pytest.mark.slow  # twenty generated registries, every report of each: seconds
@settings(max_examples=20, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(accounts=accounts_file, export=export_file, formats=st.data())
def test_any_input_files_give_a_report_or_a_clean_refusal(
    root: Path, accounts: bytes, export: bytes, formats: st.DataObject
) -> None:
    (root / ACCOUNTS).parent.mkdir(parents=True, exist_ok=True)
    (root / ACCOUNTS).write_bytes(accounts)
    (root / EXPORT).write_bytes(export)
    for command, kind in COMMANDS.items():
        fmt = formats.draw(st.sampled_from(sorted(FORMATS[kind])), label=command)
        done = invoke(*command.split(), "--root", str(root), "--as-of", AS_OF,
                      "--format", fmt)
        assert done.returncode in (0, 1, 2), done.stderr
        assert "Traceback" not in done.stdout + done.stderr
        assert [line for line in done.stderr.splitlines()
                if line.lstrip().startswith(("::", "##["))] == [], done.stderr
        if done.returncode != 2:
            _check(fmt, done.stdout)
