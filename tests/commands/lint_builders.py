"""The lint command's tests: a tiny registry on disk, and the findings of `lint --format json`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.cli import invoke
from tests.support.registry import write_registry

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
    return write_registry(root, {f"registry/accounts/{name}": text
                                 for name, text in (accounts or {}).items()})


def lint_json(root: Path, *args: str) -> tuple[int, list[tuple[str, str | None, int | None]]]:
    """Exit code and (code, path, line) of each finding of `abmctl lint --format json`."""
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json", *args)
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
