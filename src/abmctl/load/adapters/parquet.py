"""Parquet exports (what a warehouse writes): a file named `.parquet` or `.pq`, or any export
that begins with Parquet's mark `PAR1`.

A Parquet file is read in the canonical layout: its columns are matched by name exactly as a
CSV header's are (`canonical.header_pick`), and its rows go through the reader's checks as a
CSV's rows do (`activity_reader.RowChecker.check`), as the text a CSV would hold:

- `occurred_at` may be text (read as in a CSV, `--date-format` included), a Date
  (`2026-11-12`, 00:00 UTC) or a Datetime, converted to UTC (without a time zone it is UTC);
- numbers, booleans and other plain values become their text (`75`, `75.5`); null is an
  absent value; bytes are read as UTF-8 text (a value that is not is a skipped row);
- a column of lists, arrays or structs among the canonical ones stops the run, naming it.

In messages, "line N" of a Parquet file is its N-th row (the first row is 1: the column names
are no line), so that a file of 500 rows has lines 1 to 500, as its summary counts them.

polars is imported here only, and only when a Parquet file is read: `abmctl --help` and a run
on text exports never load it. The rows are handed over a batch at a time (`BATCH`), each
column turned into Python values once per batch, so a large file never holds a Python string
for every one of its values at once.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from itertools import repeat
from typing import TYPE_CHECKING

from abmctl.errors import AbmctlError
from abmctl.load.adapters.canonical import FIELDS, Problems, Values, header_pick

if TYPE_CHECKING:
    import polars as pl

SUFFIXES = (".parquet", ".pq")
MAGIC = b"PAR1"  # a Parquet file begins and ends with it
FORMAT = "parquet"  # what the per-source summary says such a file was read as
BATCH = 65_536  # rows turned into Python values at a time
LINE = "__line__"  # the row's number, kept beside the values as rows are left out
_ISO = "%Y-%m-%dT%H:%M:%S%.fZ"  # a UTC moment as a CSV would write it (no fraction if none)
# what a missing column's error advises (a text export is told about --signals-format)
ADVICE = ("rename the columns in the export (a Parquet file is read in the canonical layout, "
          "its columns by name)")


def is_parquet(name: str, head: bytes) -> bool:
    """Is the export a Parquet file: named so, or beginning with Parquet's mark?"""
    return name.lower().endswith(SUFFIXES) or head[:4] == MAGIC


def not_parquet(raw: bytes) -> str | None:
    """Why these bytes cannot be a Parquet file, seen without reading it (nor importing
    polars); None when they may be one."""
    if not raw:
        return ("an empty file, not a Parquet file (one holds at least its columns' "
                "description); export it again")
    if raw[:4] != MAGIC:
        head = raw[:8192]
        if b"\x00" not in head and _is_text(head):
            return ("text, not a Parquet file (it does not begin with PAR1): a CSV or JSON "
                    "Lines export is read when named .csv, .tsv, .txt, .jsonl or .ndjson")
        return "not a Parquet file (it does not begin with PAR1)"
    if len(raw) < 12 or raw[-4:] != MAGIC:
        return ("damaged Parquet file: it ends before its footer (PAR1) does; was it cut "
                "short while copied?")
    return None


def _is_text(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        return exc.start >= len(head) - 3  # a character cut at the end of `head` is text
    return True


@dataclass
class ParquetRows:
    """A Parquet file's canonical columns as text ("" = absent), ready for the reader's
    checks; `typed_dates`: occurred_at was a Date or Datetime column (so `--date-format`,
    which describes text, does not apply to it)."""

    frame: pl.DataFrame  # LINE, then a text column per canonical field the file has
    columns: tuple[str | None, ...]  # per FIELDS: its column in `frame`, None if absent
    typed_dates: bool
    problems: Problems = field(default_factory=list)  # rows left out already (not UTF-8)

    def records(self, problems: Problems) -> Iterator[tuple[int, Values]]:
        """(line, values in FIELDS order) of every row, as `canonical_records` gives a
        CSV's; the rows left out while reading go to `problems`."""
        problems += self.problems
        frame = self.frame
        for start in range(0, frame.height, BATCH):
            part = frame.slice(start, BATCH)
            lines: list[int] = part.get_column(LINE).to_list()
            values = [repeat("", len(lines)) if name is None
                      else part.get_column(name).to_list() for name in self.columns]
            yield from zip(lines, zip(*values, strict=False), strict=True)


def read_parquet(raw: bytes, rel: str, *, max_rows: int, max_text: int) -> ParquetRows | str:
    """The rows of the Parquet file `raw`, or why it cannot be read (a damaged file, past a
    bound: the caller reports it as an unread file). A file without the required columns, or
    with a column abmctl cannot read as text, stops the run (AbmctlError naming the file)."""
    problem = not_parquet(raw)
    if problem is not None:
        return problem
    import polars as pl

    try:
        schema = pl.read_parquet_schema(io.BytesIO(raw))
        rows = pl.scan_parquet(io.BytesIO(raw)).select(pl.len()).collect().item()
    except (Exception, pl.exceptions.PanicException) as exc:  # noqa: BLE001 - a damaged file
        return _damaged(exc)
    names = list(schema)
    pick, _ = header_pick(names, rel, None, advice=ADVICE)
    chosen: tuple[str | None, ...] = (
        tuple(names) if pick is None else tuple(pick([*names, None]))  # type: ignore[list-item]
    )
    for name, column in zip(FIELDS, chosen, strict=True):
        if column is not None:
            _check_type(name, column, schema[column], rel)
    if rows > max_rows:
        return (f"{rows:,} rows, more than the {max_rows:,} one Parquet file may hold; not read "
                "(docs/limits.md)")
    wanted = [c for c in chosen if c is not None]
    try:
        frame = pl.read_parquet(io.BytesIO(raw), columns=wanted)
    except (Exception, pl.exceptions.PanicException) as exc:  # noqa: BLE001 - a damaged file
        return _damaged(exc)
    return _as_text(frame, chosen, schema, max_text)


def _damaged(exc: BaseException) -> str:
    said = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return f"damaged Parquet file ({said[:200]})"


def _check_type(name: str, column: str, dtype: pl.DataType, rel: str) -> None:
    """A canonical column must hold plain values: a list, array or struct (or a Python
    object) has no one text a CSV cell would hold."""
    import polars as pl

    if dtype.is_nested() or isinstance(dtype, pl.Object | pl.Unknown):
        raise AbmctlError(
            f"column {column!r} ({name}) holds {dtype} values; abmctl reads text, numbers, "
            "dates and datetimes (one value per row): flatten it in the export", rel)


def _as_text(frame: pl.DataFrame, chosen: tuple[str | None, ...],
             schema: Mapping[str, pl.DataType],
             max_text: int) -> ParquetRows | str:
    """Every chosen column as text ("" for null), with each row's number."""
    import polars as pl

    problems: Problems = []
    typed_dates = False
    texts: list[pl.Expr] = []
    binary: list[str] = []
    for name, column in zip(FIELDS, chosen, strict=True):
        if column is None:
            continue
        dtype = schema[column]
        value = pl.col(column)
        if name == "occurred_at" and isinstance(dtype, pl.Datetime):
            typed_dates = True
            if dtype.time_zone is not None:
                value = value.dt.convert_time_zone("UTC")
            value = value.dt.strftime(_ISO)
        elif name == "occurred_at" and isinstance(dtype, pl.Date):
            typed_dates = True
            value = value.dt.strftime("%Y-%m-%d")
        elif isinstance(dtype, pl.Binary):
            binary.append(column)
        elif dtype != pl.String:
            value = value.cast(pl.String)
        texts.append(value)
    frame = frame.select(texts)
    for column in binary:
        frame = _decoded(frame, column, problems)
    problems = sorted({line: why for line, why in reversed(problems)}.items())  # one a row
    frame = frame.with_columns(pl.all().fill_null("")).with_row_index(LINE, offset=1)
    if problems:
        frame = frame.filter(~pl.col(LINE).is_in([line for line, _ in problems]))
    size = frame.select(pl.sum_horizontal(
        pl.col(c).str.len_bytes().sum() for c in frame.columns if c != LINE)).item() or 0
    if size > max_text:
        return (f"its values' text is more than {max_text >> 20} MiB, the bound of one "
                "export; not read (docs/limits.md)")
    return ParquetRows(frame, chosen, typed_dates, problems)


def _decoded(frame: pl.DataFrame, column: str, problems: Problems) -> pl.DataFrame:
    """A bytes column as UTF-8 text; a row with a value that is not is left out (to
    `problems`, with its line), as a CSV line that is not UTF-8 is."""
    import polars as pl

    try:
        return frame.with_columns(pl.col(column).cast(pl.String))
    except pl.exceptions.PolarsError:
        pass
    texts: list[str | None] = []
    for line, value in enumerate(frame.get_column(column).to_list(), start=1):
        try:
            texts.append(None if value is None else value.decode("utf-8"))
        except UnicodeDecodeError as exc:
            problems.append((line, f"{column!r}: not UTF-8 (byte 0x{value[exc.start]:02x}); "
                                   "export it as UTF-8 text"))
            texts.append(None)
    return frame.with_columns(pl.Series(column, texts, dtype=pl.String))
