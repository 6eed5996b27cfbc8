"""Would the registry still pass `lint` after the import? The edited files are written into a
copy of the registry's YAML (not its activity exports) and linted there, next to the lint of
the registry as it is: an error the import would bring refuses it.

A copy, not edited texts handed to the loader in memory: the loader reads files, and a copy
costs little (10,000 accounts: about 3 MB of YAML, 0.05 s to copy; the second load and lint
are the cost, about 0.6 s).
"""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from abmctl.findings import Finding
from abmctl.registry import Registry
from abmctl.tiers.writing import FileChange

if TYPE_CHECKING:
    from abmctl.catalogue.base import Family

_FAMILIES: tuple[Family, ...] = ("load", "lint")


def new_errors(reg: Registry, changes: Sequence[FileChange], as_of: date) -> list[Finding]:
    """The lint errors the registry would have after `changes` and does not have now."""
    from abmctl.load.registry_files import load_registry

    before = {_key(f) for f in _errors(reg, as_of)}
    with tempfile.TemporaryDirectory(prefix="abmctl-import-") as folder:
        copy = Path(folder)
        _copy_yaml(reg.root, copy)
        for change in changes:
            target = copy / change.rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(change.new)
        after = _errors(load_registry(copy), as_of)
    return [f for f in after if _key(f) not in before]


def _errors(reg: Registry, as_of: date) -> list[Finding]:
    from abmctl.catalogue.base import Context
    from abmctl.catalogue.runner import run_rules

    found = run_rules(reg, Context(as_of=as_of), _FAMILIES)
    return [f for f in found if f.severity == "error"]


def _key(finding: Finding) -> tuple[str, str]:
    """A finding as compared before and after: its code and account (or file); lines move."""
    return finding.code, finding.account or finding.path or ""


def _copy_yaml(root: Path, copy: Path) -> None:
    """What the loader reads: the YAML files of rules/, registry/ and registry/'s folders but
    signals/ (links followed), as files of the user's own: the copy of a read-only checkout
    must take the import's edits (modes are not copied)."""
    _copy_level(root, Path("rules"), copy, 0)
    _copy_level(root, Path("registry"), copy, 1)


def _copy_level(root: Path, folder: Path, copy: Path, depth: int) -> None:
    from abmctl.errors import AbmctlError

    source = root / folder
    if not source.is_dir():
        return
    (copy / folder).mkdir()
    for entry in sorted(source.iterdir()):
        if entry.name.startswith("."):
            continue  # the loader reads no hidden name
        if entry.suffix in (".yaml", ".yml") and entry.is_file():
            try:
                shutil.copyfile(entry, copy / folder / entry.name)
            except OSError as exc:
                raise AbmctlError(f"cannot read it to check the import: "
                                  f"{exc.strerror or exc}", (folder / entry.name).as_posix()
                                  ) from None
        elif depth and entry.name != "signals" and entry.is_dir():
            _copy_level(root, folder / entry.name, copy, depth - 1)
