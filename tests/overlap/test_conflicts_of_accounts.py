"""`find_conflicts(..., accounts=...)` runs the overlap rules on those accounts alone: for
every account, the conflicts are exactly those the whole run finds on it."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from abmctl.commands.options import RegistryOptions, load
from abmctl.overlap.conflicts import find_conflicts
from tests.support.registry import REPO


@pytest.mark.parametrize("as_of", ["2026-11-23", "2026-10-05"])
def test_each_example_account_s_conflicts_are_the_whole_run_s(tmp_path: Path,
                                                              as_of: str) -> None:
    for folder in ("registry", "rules"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    run = load(RegistryOptions(root=tmp_path, as_of=as_of))
    whole = find_conflicts(run.reg, run.activity, run.as_of)
    if as_of == "2026-11-23":
        assert {c.code for c in whole} >= {"ABM601", "ABM602", "ABM603", "ABM604", "ABM605"}
    for account in run.reg.accounts:
        alone = find_conflicts(run.reg, run.activity, run.as_of, accounts=[account.id])
        assert alone == [c for c in whole if c.account == account.id], account.id
    assert all(c.account is not None for c in whole)  # none would be lost by asking per account


def test_each_generated_account_s_conflicts_are_the_whole_run_s(tmp_path: Path) -> None:
    """The benchmark generator's registry: many plays, regions and signal clusters."""
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "--accounts", "300",
                    "--files", "3", "--activity", "6000", "--out", str(tmp_path)], check=True,
                   capture_output=True)
    run = load(RegistryOptions(root=tmp_path, as_of="2026-11-23"))
    whole = find_conflicts(run.reg, run.activity, run.as_of)
    assert len({c.code for c in whole}) >= 2
    for account in run.reg.accounts:
        alone = find_conflicts(run.reg, run.activity, run.as_of, accounts=[account.id])
        assert alone == [c for c in whole if c.account == account.id], account.id
