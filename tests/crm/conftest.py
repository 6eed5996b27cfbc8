"""The example registry in a git repository, for the import and export tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tests.support.registry import REPO
from tests.tiers.builders import git


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """The example registry (registry/ and rules/), committed in a fresh git repository."""
    for folder in ("registry", "rules"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "example registry")
    return tmp_path
