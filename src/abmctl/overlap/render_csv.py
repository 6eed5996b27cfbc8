"""`abmctl overlap --format csv`: a row per conflict in the JSON document's order (repeats
as one with their `count`, unless --all), its `conflicts` records with the touches and
signals a conflict names as two list columns."""

from __future__ import annotations

from collections.abc import Iterator

from abmctl.output.csv_text import Cell, table_chunks
from abmctl.output.formats import View
from abmctl.overlap.groups import EXTRA_LISTS, OverlapReport, extra_lists, ordered

HEADER = ("code", "severity", "account", "teams", "plays", "decides", "message", "resolution",
          "path", "line", *EXTRA_LISTS.values(), "count")


def render(report: OverlapReport, view: View) -> Iterator[str]:
    return table_chunks(HEADER, _rows(report))  # large: written as it is made


def _rows(report: OverlapReport) -> Iterator[tuple[Cell, ...]]:
    for conflict, count in ordered(report.conflicts, every=report.every):
        lists = extra_lists(conflict)
        yield (conflict.code, conflict.severity, conflict.account, conflict.teams,
               conflict.plays, conflict.decides, conflict.message, conflict.resolution,
               conflict.path, None if conflict.line is None else int(conflict.line),
               *(lists.get(name, ()) for name in EXTRA_LISTS.values()), count)
