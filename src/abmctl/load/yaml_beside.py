"""YAML files read and parsed by a forked child while this process reads others.

A large account list is most of a run's start: reading it is parsing each file (the YAML
reader, the positions index, the depth and number checks) and validating its records. Where
the system can fork and has a second core, a child parses the last half of the files while
this process parses and validates the first half; the child sends each file back as plain
values (marshal: a fraction of what parsing costs), and validating them here gives exactly
what reading them here would have. A child that fails costs time, not files: they are then
read here.
"""

from __future__ import annotations

import marshal
import os
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from abmctl.findings import Finding
from abmctl.load.positions import Index, built, flat
from abmctl.load.yamlfile import YamlDoc, YamlProblem, read_yaml

# the bytes of YAML from which the last half is parsed beside: below it, forking and
# sending the values back cost about what they save (10,000 accounts are 3.4 MB)
SPLIT_BYTES = 1_000_000

# what the child sends for a file: its problem, its values (marshal), or the YamlDoc itself
# (pickled: values marshal cannot write)
Parsed = tuple[str, Finding | bytes | YamlDoc]


class Beside:
    """The files a child is parsing, and what it made of each, asked for in any order."""

    def __init__(self, paths: Sequence[Path], root: Path) -> None:
        from abmctl import parallel

        self.paths = frozenset(paths)
        self._root = root
        self._wait: Callable[[], list[Parsed]] = parallel.start(_parsed, list(paths), root)
        self._order = list(paths)
        self._made: dict[Path, Parsed] | None = None

    def read(self, path: Path, rel: str) -> YamlDoc:
        """What `read_yaml(path, rel, root)` gives (YamlProblem included), from the child."""
        if self._made is None:
            try:
                self._made = dict(zip(self._order, self._wait(), strict=True))
            except Exception:  # raised in the child, or the child died: read them here
                self._made = {}
        made = self._made.pop(path, None)
        if made is None:
            return read_yaml(path, rel, self._root)
        _, value = made
        if isinstance(value, Finding):
            raise YamlProblem(value)
        if isinstance(value, YamlDoc):
            return value
        data, text, index, duplicates = marshal.loads(value)
        return YamlDoc(rel, data, text.splitlines(), Index(built(index), duplicates), text)

    def settle(self) -> None:
        """Wait for the child (a run that stops early leaves none behind)."""
        from abmctl import parallel

        if self._made is None:
            parallel.settle([self._wait])


def beside(paths: Sequence[Path], root: Path) -> Beside | None:
    """A child parsing the last half of `paths` (YAML files, in reading order), where it pays:
    two cores, a system that forks, and `SPLIT_BYTES` of YAML or more."""
    from abmctl import parallel

    if len(paths) < 2 or not hasattr(os, "fork") or parallel.cores() < 2:
        return None
    if sum(map(_size, paths)) < SPLIT_BYTES:
        return None
    return Beside(paths[len(paths) // 2:], root)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size if path.is_file() else 0
    except OSError:
        return 0


def _parsed(paths: list[Path], root: Path) -> list[Parsed]:
    """In the child: each file read as `read_yaml` reads it, as plain values."""
    made: list[Parsed] = []
    for path in paths:
        try:
            doc = read_yaml(path, path.relative_to(root).as_posix(), root)
        except YamlProblem as problem:
            made.append(("problem", problem.finding))
            continue
        values: Any = (doc.data, doc.text, flat(doc.index.root), doc.index.duplicates)
        try:
            made.append(("values", marshal.dumps(values)))
        except ValueError:  # a value marshal cannot write: the whole doc, pickled
            made.append(("doc", doc))
    return made
