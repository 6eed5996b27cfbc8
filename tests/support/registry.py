"""Writing a tiny registry into a test's tmp_path: files given as YAML text in the test."""

from __future__ import annotations

import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]

# the smallest teams.yaml with an AE, an SDR and an ABM owner covering emea: Tier 1 can be owned
TEAMS = """
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


def write(root: Path, rel: str, text: str) -> Path:
    """Write `text` (dedented) to `root/rel`, creating folders."""
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text).lstrip("\n"), encoding="utf-8")
    return path


def write_registry(root: Path, files: dict[str, str] | None = None, teams: str = TEAMS) -> Path:
    """`registry/teams.yaml`, an accounts folder, and `files` (path under `root` -> YAML)."""
    write(root, "registry/teams.yaml", teams)
    (root / "registry" / "accounts").mkdir(parents=True, exist_ok=True)
    for rel, text in (files or {}).items():
        write(root, rel, text)
    return root
