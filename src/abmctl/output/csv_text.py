"""CSV text as every `--format csv` report writes it: one table, a header row then a row per
record, quoted by the csv module as RFC 4180 says (a cell with a comma, a quote or a line break
in double quotes, quotes doubled), lines ending in CRLF as RFC 4180 has them.

Cells: text through `escape.csv_cell` (controls shown as escapes, no formula runs in a
spreadsheet), numbers as JSON writes them, `true`/`false`, and an empty cell for a missing
value (JSON's null); a list is its items joined by `; ` (an item can hold a blank:
`2026-11-04 14:00 UTC marketing_touch`). So each row holds the same values as the report's
JSON record.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from abmctl.output.escape import csv_cell

LIST_SEPARATOR = "; "
Cell = str | int | float | bool | None | Sequence[str]


def cell(value: Cell) -> str:
    """One value as its CSV cell."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, str):
        return csv_cell(value)
    return csv_cell(LIST_SEPARATOR.join(value))


def table(header: Sequence[str], rows: Iterable[Sequence[Cell]]) -> str:
    """The header and the rows as CSV text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([cell(value) for value in row] for row in rows)
    return out.getvalue()
