"""Whatever an accounts file holds, lint reports findings or nothing — never an exception.

Oracle: text the YAML reader cannot parse, or that is not a mapping at the top, is always
reported as ABM001/ABM002 at that file; text that parses may lint clean.
"""

from __future__ import annotations

import tempfile
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
import yaml_rs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abmctl.catalogue import catalogue
from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import run_rules
from abmctl.findings import Finding
from abmctl.load.registry_files import load_registry
from tests.commands.lint_builders import AS_OF
from tests.support.cli import run
from tests.support.registry import TEAMS, write

ACCOUNTS = "registry/accounts/fuzz.yaml"
# pieces of YAML syntax, so that generated files reach past the first syntax error
FRAGMENTS = [
    "accounts:", "  - id: northwind", "    name: Northwind", "    domains: [northwind.com]",
    "    tier: 1", "    tier_since: 2026-02-30", "    owners: {ae: ana.lima}", "  -", "- ",
    "    scores: {fit: 101}", "\t- id: tab", "  ? [a, b]", "  : x", "&a [x, x]", "*a", "*b",
    "!!python/object/apply:os.system ['true']", "!<tag:x>", "---", "...", "%YAML 1.2", "{",
    "}", "[", "]", "|", ">-", "  # abmctl: ignore[ABM201] until=2026-13-01", "'", '"\\ud800"',
    "x-notes: free", "accounts: {id: a}", "accounts: 3", "id: a", "    id: [1]", "\ufeff",
    "    stage: closed_lost", "    acv_potential: .nan", "    familiar: yes", "0o17: 1",
]
yamlish = st.lists(st.sampled_from(FRAGMENTS), max_size=12).map("\n".join)


@pytest.fixture(scope="module")
def root() -> Iterator[Path]:
    with tempfile.TemporaryDirectory() as folder:
        base = Path(folder)
        write(base, "registry/teams.yaml", TEAMS)
        (base / "registry" / "accounts").mkdir()
        yield base


def lint_in_process(root: Path, raw: bytes) -> list[Finding]:
    (root / ACCOUNTS).write_bytes(raw)
    reg = load_registry(root)
    return run_rules(reg, Context(as_of=date.fromisoformat(AS_OF)), ["load", "lint"])


def assert_reported_unless_readable(raw: bytes, found: list[Finding]) -> None:
    codes = catalogue()
    assert all(f.code in codes and f.severity in ("error", "warning", "info") for f in found)
    at_file = {f.code for f in found if f.path == ACCOUNTS}
    try:
        data = yaml_rs.loads(raw.decode("utf-8-sig"), parse_datetime=False)
    except Exception:  # any reader failure (bad bytes, bad syntax) must be ABM001
        assert "ABM001" in at_file
        return
    if data is not None and not isinstance(data, dict):
        assert at_file & {"ABM001", "ABM002"}


FUZZ = settings(max_examples=300, deadline=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture,
                                       HealthCheck.too_slow])


@FUZZ
@given(text=st.one_of(st.text(), yamlish))
def test_any_text_as_an_accounts_file_is_findings_never_an_exception(
    root: Path, text: str
) -> None:
    raw = text.encode("utf-8", "surrogatepass")
    assert_reported_unless_readable(raw, lint_in_process(root, raw))


@FUZZ
@given(raw=st.one_of(st.binary(), yamlish.map(lambda t: t.encode() + b"\xff\xfe\x00")))
def test_any_bytes_as_an_accounts_file_are_findings_never_an_exception(
    root: Path, raw: bytes
) -> None:
    assert_reported_unless_readable(raw, lint_in_process(root, raw))


@pytest.mark.slow  # a real process per generated registry
@settings(max_examples=5, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(text=yamlish)
def test_the_real_command_line_survives_generated_files(root: Path, text: str) -> None:
    (root / ACCOUNTS).write_text(text, encoding="utf-8", errors="surrogatepass")
    done = run("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json", ACCOUNTS)
    assert done.returncode in (0, 1)
    assert "Traceback" not in done.stderr
    assert done.stdout.startswith("{")
