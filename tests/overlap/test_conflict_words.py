"""ABM605 and ABM606 conflicts write their words (message, resolution, evidence) when first
read: the report counts the repeats it does not print without writing them, and a conflict read
late says exactly what one read at once says."""

from __future__ import annotations

import pickle
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

import pytest

from abmctl.catalogue import overlap
from abmctl.commands.options import RegistryOptions, load
from abmctl.findings import Finding
from abmctl.overlap.conflicts import find_conflicts
from abmctl.overlap.groups import OverlapReport, ordered
from abmctl.overlap.render_json import render_json
from tests.support.registry import REPO

NAMES = [f.name for f in fields(Finding)]


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("generated")
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "--accounts", "300",
                    "--files", "3", "--activity", "6000", "--out", str(root)], check=True,
                   capture_output=True)
    return root


def _conflicts(root: Path) -> tuple[list[Finding], OverlapReport]:
    run = load(RegistryOptions(root=root, as_of="2026-11-23"))
    found = find_conflicts(run.reg, run.activity, run.as_of)
    return found, OverlapReport(found, run.as_of)


def _written(conflict: Finding) -> bool:
    return overlap._SLOTS["message"].__get__(conflict, Finding) is not overlap._LATER


def test_a_conflict_is_equal_hashed_and_pickled_as_the_plain_finding(generated: Path) -> None:
    found, _ = _conflicts(generated)
    late = [c for c in found if c.code in ("ABM605", "ABM606")]
    assert {c.code for c in late} == {"ABM605", "ABM606"}
    for conflict in late:
        plain = Finding(*[getattr(conflict, name) for name in NAMES])
        assert plain.message and plain.resolution and plain.extra
        assert conflict == plain and plain == conflict
        assert hash(conflict) == hash(plain)
        back = pickle.loads(pickle.dumps(conflict))
        assert type(back) is Finding and back == plain


def test_the_report_writes_only_the_conflicts_it_prints(generated: Path) -> None:
    found, report = _conflicts(generated)
    late = [c for c in found if c.code in ("ABM605", "ABM606")]
    listed = ordered(found)
    printed = {id(c) for c, count in listed if c.code in ("ABM605", "ABM606")}
    # conflicts alike on an account are one object, the one the report prints with a count
    assert len(late) > len(printed) > 0  # the generated registry repeats conflicts
    assert {id(c) for c in late} == printed
    assert not any(_written(c) for c in late)  # no words written while the conflicts were made
    render_json(report.conflicts, report.as_of)
    assert all(_written(c) for c in late)  # the printed ones' words written by the report


def test_alike_conflicts_as_one_say_what_each_listed_says_of_the_latest(
        generated: Path) -> None:
    """`overlap` (repeats as one) and `overlap --all` (each conflict its own words), grouped
    the same way afterwards: the same conflicts, counts and words."""
    found, report = _conflicts(generated)
    run = load(RegistryOptions(root=generated, as_of="2026-11-23"))
    each = find_conflicts(run.reg, run.activity, run.as_of, each=True)
    assert len({id(c) for c in each}) == len(each) == len(found)
    assert [(c.code, c.account) for c in each] == [(c.code, c.account) for c in found]
    assert render_json(OverlapReport(each, run.as_of).conflicts, run.as_of) == render_json(
        report.conflicts, report.as_of)
    grouped = [(c.message, c.resolution, c.extra, n) for c, n in ordered(found)]
    assert grouped == [(c.message, c.resolution, c.extra, n) for c, n in ordered(each)]
    # the latest of each kind: every listed conflict's words are those of its group's last one
    last = {}
    for conflict in each:
        last[(conflict.code, conflict.account)] = conflict
    for conflict, _ in ordered(found):
        if conflict.code in ("ABM605", "ABM606"):
            assert conflict.message == last[(conflict.code, conflict.account)].message


def test_a_severity_from_lint_yaml_keeps_alike_conflicts_as_one(
        generated: Path, tmp_path: Path) -> None:
    """lint.yaml giving ABM605 and ABM606 other severities: the conflicts alike are still one
    object (copied once at the new severity, not once per conflict), and the report says what
    `--all` grouped says."""
    import shutil

    root = tmp_path / "overridden"
    shutil.copytree(generated, root)
    (root / "rules" / "lint.yaml").write_text(
        "severity: {ABM605: warning, ABM606: info}\n", encoding="utf-8")
    run = load(RegistryOptions(root=root, as_of="2026-11-23"))
    found = find_conflicts(run.reg, run.activity, run.as_of)
    each = find_conflicts(run.reg, run.activity, run.as_of, each=True)
    late = [c for c in found if c.code in ("ABM605", "ABM606")]
    assert {(c.code, c.severity) for c in late} == {("ABM605", "warning"), ("ABM606", "info")}
    assert len({id(c) for c in late}) == len([c for c, _ in ordered(found)
                                              if c.code in ("ABM605", "ABM606")]) < len(late)
    assert render_json(found, run.as_of) == render_json(each, run.as_of)


def test_only_conflicts_alike_are_held_as_one() -> None:
    """Conflicts of one rule on one account that differ in what makes them alike (here who
    decides) stay apart, and each run of alike ones is one object with the latest's words."""
    from datetime import date

    from abmctl.catalogue.base import Context

    def made(decides: str, said: str) -> overlap._Conflict:
        return overlap._Conflict.of(lambda: (said, "", ()), "ABM605", "info", "a.yaml", 3,
                                    "acme", ("abm",), decides)

    def given() -> list[overlap._Conflict]:
        return [made("ana", "1"), made("ana", "2"), made("bo", "3"), made("ana", "4")]

    held = list(overlap._alike(Context(as_of=date(2026, 11, 23), alike_as_one=True),
                               iter(given())))
    assert [c.message for c in held] == ["2", "2", "3", "4"]
    assert held[0] is held[1] and held[2] is not held[1] and held[3] is not held[0]
    each = list(overlap._alike(Context(as_of=date(2026, 11, 23)), iter(given())))
    assert [c.message for c in each] == ["1", "2", "3", "4"]
    assert len({id(c) for c in each}) == 4
