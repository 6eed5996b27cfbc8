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
    text = render_json(report.conflicts, report.as_of)
    listed = {id(c) for c, _ in ordered(found)}
    counted = [c for c in found if id(c) not in listed and c.code in ("ABM605", "ABM606")]
    assert counted  # the generated registry repeats conflicts on an account
    assert not any(_written(c) for c in counted)
    assert all(_written(c) for c in found if id(c) in listed and c.code in ("ABM605", "ABM606"))
    # the same run with every conflict's words read before the report: the same document
    again, report = _conflicts(generated)
    assert [c.message for c in again] == [c.message for c in found]
    assert render_json(report.conflicts, report.as_of) == text
