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
from collections.abc import Iterable, Iterator, Sequence

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
    return "".join(table_chunks(header, rows))


def table_chunks(header: Sequence[str], rows: Iterable[Sequence[Cell]], *,
                 batch: int = 2_000) -> Iterator[str]:
    """`table` in pieces of `batch` rows, for a report written as it is made (tens of
    thousands of overlap conflicts need not be held as one text)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    for count, row in enumerate(rows, start=1):
        writer.writerow([cell(value) for value in row])
        if count % batch == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()
