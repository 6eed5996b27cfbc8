"""A small valid registry for the hostile-input tests, and a way to see that a run wrote
nothing: every regular file under a folder, with its bytes."""

from __future__ import annotations

import os
from pathlib import Path

from tests.support.registry import write, write_registry

AS_OF = "2026-11-23"
ACCOUNT = """
accounts:
  - id: acme
    name: Acme
    domains: [acme.com]
    tier: 3
    region: emea
"""
HEADER = "occurred_at,account,type\n"


def small_registry(root: Path) -> Path:
    """teams.yaml and one account, `acme` (acme.com), that loads without an error."""
    write_registry(root, {"registry/accounts/a.yaml": ACCOUNT})
    return root


def export(root: Path, name: str, text: str) -> Path:
    """An activity export in `registry/signals/`, written byte for byte."""
    path = root / "registry" / "signals" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(text.encode("utf-8"))
    return path


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every regular file under `folder` (links not followed) and its bytes."""
    found: dict[str, bytes] = {}
    for here, _, names in os.walk(folder):
        for name in names:
            path = Path(here, name)
            if path.is_file() and not path.is_symlink():
                found[path.relative_to(folder).as_posix()] = path.read_bytes()
    return found


__all__ = ["ACCOUNT", "AS_OF", "HEADER", "export", "small_registry", "snapshot", "write"]
