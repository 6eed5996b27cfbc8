"""Activity export layouts: each adapter turns a file's text into canonical rows (SPEC §2.1).

An adapter maps columns only. It yields `(line, fields)` where `fields` uses the canonical
names (`occurred_at`, `account`, `type`, `contact`, `detail`, `score`, `sentiment`, `source`)
with string values, and `line` is the 1-based line of the row in the file. Checking values
(dates, types, matching accounts) is the reader's job, the same for every layout
(`abmctl.load.activity_reader`). An adapter raises `AbmctlError` naming the file when the layout is
not its own (e.g. listing the columns it expected and the columns it found).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass

RawRow = tuple[int, dict[str, str]]


@dataclass(frozen=True)
class SourceFile:
    """What an adapter gets: the decoded text and the file's name as findings show it."""

    rel: str
    name: str  # the file name alone (Bombora puts the week in it)
    text: str


Adapter = Callable[[SourceFile], Iterator[RawRow]]

# name -> adapter; filled by the modules of this package (canonical, bombora, g2, ...)
ADAPTERS: dict[str, Adapter] = {}


def adapter(name: str) -> Callable[[Adapter], Adapter]:
    def register(read: Adapter) -> Adapter:
        ADAPTERS[name] = read
        return read

    return register
