"""Helpers for the integration tests: the sample exports, a tiny registry, the real CLI."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

from abmctl.load.adapters import SourceFile
from conftest import MINIMAL_TEAMS, REPO, write

DATA = Path(__file__).resolve().parent / "data"
AS_OF = "2026-11-23"

# accounts the sample exports name (Bombora's real domains, the invented CRM ones)
SAMPLE_ACCOUNTS = """
accounts:
  - {id: northwind, name: Northwind Traders, domains: [northwind.com], tier: 3}
  - {id: contoso, name: Contoso, domains: [contoso.com], tier: 3}
  - {id: lightower, name: Lightower, domains: [0-lightower.net], tier: 3}
  - {id: alma, name: 101 Alma, domains: [101alma.com], tier: 3}
"""


def sample(rel: str, encoding: str = "utf-8-sig") -> SourceFile:
    """A sample export as an adapter receives it: decoded text and its name."""
    path = DATA / rel
    return SourceFile(f"signals/{path.name}", path.name, path.read_text(encoding=encoding))


def sample_registry(root: Path) -> Path:
    write(root, "registry/teams.yaml", MINIMAL_TEAMS)
    write(root, "registry/accounts/sample.yaml", SAMPLE_ACCOUNTS)
    return root


def run(*args: str, cwd: Path | None = None, env: dict[str, str] | None = None,
        timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """`abmctl ARGS` in a subprocess, without colour switches or ABMCTL_ROOT leaking in."""
    clean = {k: v for k, v in os.environ.items()
             if k not in ("FORCE_COLOR", "NO_COLOR", "ABMCTL_ROOT")}
    done = subprocess.run(
        [sys.executable, "-m", "abmctl", *args], cwd=cwd, capture_output=True, text=True,
        timeout=timeout, check=False, env={**clean, **(env or {})},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done


def string_keys(value: Any) -> Any:
    """YAML data as an editor's schema check sees it: every mapping key is text."""
    if isinstance(value, dict):
        return {str(key): string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [string_keys(item) for item in value]
    return value


__all__ = ["AS_OF", "DATA", "REPO", "run", "sample", "sample_registry", "string_keys"]
