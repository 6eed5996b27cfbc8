"""Whatever text an account's name and research or an export's detail hold, every report in
every format is produced in-process without an exception, exits 0, 1 or 2, still parses
(JSON, SARIF), writes no workflow command abmctl did not write and no HTML in Markdown."""

from __future__ import annotations

import csv
import io
import json
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abmctl.output.formats import FORMATS
from tests.hostile.output_registry import AS_OF, commands_at_line_start
from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

KINDS = {"lint": "findings", "overlap": "overlap", "handoff --details": "handoff",
         "tiers plan": "plan"}
ANNOTATION = re.compile(r"::(error|warning|notice)( [^:\n]*)?::")
# text with what hostile input is made of, beside any character at all
PIECES = ["\n", "\r", "::warning::x", "##[error]", "\x1b]0;t\x07", "\u202e", "<script>",
          "<!--", "![i](http://e/i.png)", "@org/team", "|", "`", "# h", "\\", "\x85", "\ud800"]
hostile = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=8)),
                   max_size=6).map("".join)


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        write(base, "registry/teams.yaml", TEAMS)
        yield base


def _write(root: Path, name: str, research: str, detail: str) -> None:
    (root / "registry/accounts").mkdir(parents=True, exist_ok=True)
    (root / "registry/accounts/a.yaml").write_text(
        "accounts:\n  - {id: northwind, name: " + json.dumps(name) + ", domains: "
        "[northwind.com], tier: 1, tier_since: 2026-07-01, region: emea, segment: retail, "
        "owners: {ae: ana.lima, sdr: raj.patel, abm: mei.chen}, stage: awareness, "
        "stage_since: 2026-07-01, familiar: false, sources: [marketing], reviewed: 2026-10-01,"
        " research: " + json.dumps(research) + "}\n", encoding="utf-8", errors="surrogatepass")
    rows = io.StringIO()
    out = csv.writer(rows, lineterminator="\n")
    out.writerow(["occurred_at", "account", "type", "contact", "detail", "source"])
    for day, kind in ((30, "event_registration"), (31, "content_download")):
        out.writerow([f"2026-10-{day}T10:00:00Z", "northwind", kind, f"{day}@northwind.com",
                      detail, detail])
    out.writerow(["2026-11-01T10:00:00Z", "northwind", "outbound_response", "d@northwind.com",
                  detail, detail])
    (root / "registry/signals").mkdir(exist_ok=True)
    (root / "registry/signals/a.csv").write_bytes(rows.getvalue().encode("utf-8",
                                                                          "surrogatepass"))


def _check(fmt: str, stdout: str) -> None:
    if fmt in ("json", "sarif"):
        json.loads(stdout)
    elif fmt == "github":
        assert all(ANNOTATION.match(line) for line in stdout.splitlines()), stdout
    else:
        assert commands_at_line_start(stdout) == [], stdout
    if fmt in ("text", "markdown", "github"):
        assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", stdout)
    if fmt == "markdown":
        assert not re.search(r"<[A-Za-z/!?]", stdout), stdout


@pytest.mark.slow  # 5 s: every format of every report, 15 generated registries
@settings(max_examples=15, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(name=hostile, research=hostile, detail=hostile)
def test_any_text_in_any_format_is_a_report(root: Path, name: str, research: str,
                                            detail: str) -> None:
    _write(root, name, research, detail)
    for command, kind in KINDS.items():
        for fmt in FORMATS[kind]:
            done = invoke(*command.split(), "--root", str(root), "--as-of", AS_OF,
                          "--format", fmt)
            assert done.returncode in (0, 1, 2), done.stderr
            assert commands_at_line_start(done.stderr) == [], done.stderr
            if done.returncode != 2:
                _check(fmt, done.stdout)
