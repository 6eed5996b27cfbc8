"""C1 controls, bidi controls and the Unicode line separators in data reach no JSON document (or
CSV report) raw: JSON writes them as `\\uXXXX` escapes, so the document reads safely in a
terminal and parses back to the very same value; ordinary non-ASCII text stays as it is."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from abmctl.output.json_text import dumps, string
from tests.catalogue.overlap_builders import TEAMS
from tests.support.cli import invoke
from tests.support.registry import write

AS_OF = "2026-11-23"
# U+009B is a CSI on some terminals; U+0085 NEL, U+2028/U+2029 separators; bidi controls
OBEYED = ("\x9b", "\x85", "\u2028", "\u2029", "\u202a", "\u202e", "\u2066", "\u2069", "\x80")
DETAIL = "case\x9b31m \x85next\u2028line\u2029para \u202eevil\u202c \u2066iso\u2069 \x80 é ≥"
UNKNOWN = "ghost\x9b2j\u202eco"  # unmatched values are folded to lower case


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("controls")
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml", """
        accounts:
          - id: northwind
            name: "Northwind \\x9b2J\\u202E Corp\\N\\L"
            domains: [northwind.com]
            tier: 1
            tier_since: 2026-07-01
            region: emea
            segment: retail
            owners: {ae: ana.lima, sdr: raj.patel, abm: mei.chen}
            stage: awareness
            stage_since: 2026-07-01
            familiar: false
            sources: [marketing, sales]
            reviewed: 2026-10-01
        """)
    rows = [
        "occurred_at,account,type,contact,detail,score,sentiment,source",
        f'2026-10-30T10:00:00Z,northwind,event_registration,a@northwind.com,"{DETAIL}",,,marketo',
        f'2026-10-31T10:00:00Z,northwind,event_registration,b@northwind.com,"{DETAIL}",,,marketo',
        "2026-11-01T10:00:00Z,northwind,content_download,c@northwind.com,case_study,,,marketo",
        f'2026-11-02T10:00:00Z,northwind,outbound_response,d@northwind.com,"{DETAIL}",,positive,',
        f"2026-11-02T10:00:00Z,{UNKNOWN},outbound_response,e@ghost.com,x,,positive,",
    ]
    path = root / "registry/signals/activity.csv"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(("\n".join(rows) + "\n").encode("utf-8"))
    return root


def _strings(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from _strings(item)


@pytest.mark.parametrize(("command", "code", "original"), [
    ("handoff --details", 0, DETAIL),
    ("overlap", 1, DETAIL),
    ("signals --unmatched", 0, UNKNOWN),
])
def test_no_control_reaches_a_json_document_raw_and_it_parses_back(
        root: Path, command: str, code: int, original: str) -> None:
    done = invoke(*command.split(), "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert done.returncode == code, done.stderr
    assert [c for c in OBEYED if c in done.stdout] == []
    assert "\\u009b" in done.stdout and "\\u202e" in done.stdout
    found = list(_strings(json.loads(done.stdout)))
    assert any(original in s for s in found), found


@pytest.mark.parametrize(("command", "code"), [("overlap", 1), ("handoff", 0),
                                             ("tiers plan", 0), ("scorecard --trend", 0)])
def test_no_control_reaches_a_csv_report_raw(root: Path, command: str, code: int) -> None:
    done = invoke(*command.split(), "--root", str(root), "--as-of", AS_OF, "--format", "csv")
    assert done.returncode == code, done.stderr
    assert [c for c in OBEYED if c in done.stdout] == []
    if command == "overlap":  # the conflict's signals carry the export's detail
        assert "\\x9b31m" in done.stdout and "\\u202eevil" in done.stdout


def test_the_signals_csv_shows_controls_as_escapes(root: Path) -> None:
    done = invoke("signals", "--unmatched", "--root", str(root), "--as-of", AS_OF,
                  "--format", "csv")
    assert done.returncode == 0, done.stderr
    assert [c for c in OBEYED if c in done.stdout] == []
    assert "ghost\\x9b2j\\u202eco" in done.stdout


def test_ordinary_non_ascii_is_written_as_it_is_and_json_text_parses_back() -> None:
    assert dumps({"name": "Zürich ≥ 50 é"}) == '{"name": "Zürich ≥ 50 é"}'
    assert string(DETAIL).count("\\u") == 9  # each control once, é and ≥ as they are
    assert json.loads(string(DETAIL)) == DETAIL
    assert json.loads(dumps([DETAIL, {UNKNOWN: 1}], indent=2)) == [DETAIL, {UNKNOWN: 1}]
