"""Activity export layouts: each adapter turns a file's text into canonical rows
(docs/reference.md, `registry/signals/`).

An adapter maps columns only. It yields `(line, fields)` where `fields` uses the canonical
names (`occurred_at`, `account`, `type`, `contact`, `detail`, `score`, `sentiment`, `source`)
with string values, and `line` is the 1-based line of the row in the file. Checking values
(dates, types, matching accounts) is the reader's job, the same for every layout
(`abmctl.load.activity_reader`). An adapter raises `AbmctlError` naming the file when the layout is
not its own (e.g. listing the columns it expected and the columns it found).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

RawRow = tuple[int, dict[str, str]]


@dataclass(frozen=True)
class SourceFile:
    """What an adapter gets: the decoded text and the file's name as findings show it."""

    rel: str
    name: str  # the file name alone (Bombora puts the week in it)
    text: str


Adapter = Callable[[SourceFile], Iterator[RawRow]]

# a header cell as exports name columns: words of letters and digits (`Company Domain Name`,
# `occurred_at`, `Score (0-100)`)
_COLUMN_NAME = re.compile(r"[A-Za-z][A-Za-z0-9 _\-.()/#&%]{0,39}")
_WORD = re.compile(r"[A-Za-z0-9]+")
NAMES_SHOWN = 12


def column_names(cells: Iterable[str]) -> str:
    """The cells of a row read as a header, for an error message: those that look like column
    names, the others only counted. A file that is not an export at all (a credentials file,
    `/etc/passwd` behind a symlink) must not have its first line printed into a CI log."""
    names: list[str] = []
    others = 0
    for cell in (c.strip() for c in cells):
        if cell and _looks_like_column(cell):
            names.append(cell)
        elif cell:
            others += 1
    shown = ", ".join(names[:NAMES_SHOWN])
    if len(names) > NAMES_SHOWN:
        shown += f" and {len(names) - NAMES_SHOWN} more"
    if others:
        hidden = (f"{others} cell{'s' if others != 1 else ''} that "
                  f"{'do' if others != 1 else 'does'} not look like a column name (not shown)")
        shown = f"{shown} and {hidden}" if shown else hidden
    return shown or "none"


def _looks_like_column(cell: str) -> bool:
    """A name, not a secret: no word a token could be (12 or more characters with a digit,
    or more than 24 characters)."""
    if not _COLUMN_NAME.fullmatch(cell):
        return False
    return not any(len(word) > 24 or (len(word) >= 12 and any(ch.isdigit() for ch in word))
                   for word in _WORD.findall(cell))

# `--signals-format NAME` -> "module:function"; a module is imported only when its layout is
# read. Adding a layout: its module in this package, and one line here.
_HERE = __name__
ADAPTERS: dict[str, str] = {
    "canonical": f"{_HERE}.canonical:read_canonical",
    "bombora": f"{_HERE}.bombora:read_bombora",
    "g2": f"{_HERE}.g2:read_g2",
    "hubspot": f"{_HERE}.hubspot:read_hubspot",
    "salesforce-campaign-members":
        f"{_HERE}.salesforce_campaign_members:read_salesforce_campaign_members",
    "salesforce-tasks": f"{_HERE}.salesforce_tasks:read_salesforce_tasks",
}
