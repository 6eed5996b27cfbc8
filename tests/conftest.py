"""Fixtures every test folder may use; the plain helpers are in `tests.support`."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.registry import write_registry


@pytest.fixture
def registry_root(tmp_path: Path) -> Path:
    """An empty but valid registry: teams.yaml only. Tests add what they need."""
    return write_registry(tmp_path)


@pytest.fixture(autouse=True)
def _terminal_of_known_width(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every test starts off a terminal 100 columns wide, whatever runs it (a developer's
    terminal, CI, a pytest-xdist worker); a test about width sets COLUMNS itself."""
    monkeypatch.setenv("COLUMNS", "100")
