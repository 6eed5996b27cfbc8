"""Shared test helpers: a tiny registry written into tmp_path, and running the real CLI."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def write(root: Path, rel: str, text: str) -> Path:
    """Write `text` (dedented) to `root/rel`, creating folders."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def run_abmctl(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """The real command line in a subprocess, as a user or CI runs it."""
    return subprocess.run(
        [sys.executable, "-m", "abmctl", *args],
        cwd=cwd, capture_output=True, text=True, timeout=120, check=False,
    )


MINIMAL_TEAMS = """
territories: [emea, na-east]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
  - {id: sdr, kind: sdr}
people:
  - {id: ana.lima, name: Ana Lima, team: sales, role: ae, territories: [emea]}
  - {id: raj.patel, name: Raj Patel, team: sdr, role: sdr, territories: [emea]}
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea, na-east]}
"""


@pytest.fixture
def registry_root(tmp_path: Path) -> Path:
    """An empty but valid registry: teams.yaml only. Tests add what they need."""
    write(tmp_path, "registry/teams.yaml", MINIMAL_TEAMS)
    (tmp_path / "registry" / "accounts").mkdir()
    return tmp_path
