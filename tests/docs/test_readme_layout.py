"""The README's "For contributors" tree names every package of src/abmctl/, so a new
feature folder cannot go unlisted."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).parents[2]


def test_the_contributors_tree_lists_every_package() -> None:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index("## For contributors"):]
    tree = section[section.index("```text"):section.index("```\n", section.index("```text") + 7)]
    listed = set(re.findall(r"^  (\w+)/", tree, flags=re.MULTILINE))
    packages = {p.parent.name for p in (ROOT / "src/abmctl").glob("*/__init__.py")}
    assert packages - listed == set()
