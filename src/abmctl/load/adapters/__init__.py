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
