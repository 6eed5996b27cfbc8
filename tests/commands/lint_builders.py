"""Helpers for the lint tests: a tiny registry on disk, and the real CLI's JSON findings."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from tests.support.registry import TEAMS, write

AS_OF = "2026-11-23"

ACCOUNT = """
accounts:
  - id: northwind
    name: Northwind Traders
    domains: [northwind.com]
    tier: 3
"""

# one schema fault (ABM002) on line 5: the tier must be a number
BAD_TIER = """
accounts:
  - id: contoso
    name: Contoso
    domains: [contoso.com]
    tier: "three"
"""


def make_registry(root: Path, accounts: dict[str, str] | None = None) -> Path:
    """teams.yaml plus the given accounts files (name -> YAML text)."""
    write(root, "registry/teams.yaml", TEAMS)
    (root / "registry" / "accounts").mkdir(parents=True, exist_ok=True)
    for name, text in (accounts or {}).items():
        write(root, f"registry/accounts/{name}", text)
    return root


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
        stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    """`abmctl ARGS` in a subprocess; the environment is cleaned of colour switches."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("FORCE_COLOR", "NO_COLOR", "ABMCTL_ROOT")}
    return subprocess.run(
        [sys.executable, "-m", "abmctl", *args], cwd=cwd, capture_output=True, text=True,
        timeout=120, check=False, env={**clean, **(env or {})},
    )


def lint_json(root: Path, *args: str) -> tuple[int, list[tuple[str, str | None, int | None]]]:
    """Exit code and (code, path, line) of each finding of `abmctl lint --format json`."""
    done = run("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json", *args)
    assert "Traceback" not in done.stderr, done.stderr
    if done.returncode == 2:
        return 2, []
    document: dict[str, Any] = json.loads(done.stdout)
    return done.returncode, [(f["code"], f["path"], f["line"]) for f in document["findings"]]


def tree(root: Path) -> dict[str, tuple[int, int]]:
    """Every file under `root` with its size and modification time: to prove nothing was
    written."""
    return {
        p.relative_to(root).as_posix(): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(root.rglob("*"))
    }
