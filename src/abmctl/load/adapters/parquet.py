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
import os
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from itertools import repeat
from typing import TYPE_CHECKING

from abmctl.errors import AbmctlError
from abmctl.load.adapters.canonical import FIELDS, Problems, Values, header_pick

if TYPE_CHECKING:
    import polars as pl

    from abmctl.load.adapters.column_map import ColumnMap

SUFFIXES = (".parquet", ".pq")
MAGIC = b"PAR1"  # a Parquet file begins and ends with it
FORMAT = "parquet"  # what the per-source summary says such a file was read as
BATCH = 65_536  # rows read and turned into Python values at a time, at the least
MAX_BATCHES = 32  # a larger file is read in this many batches (each read seeks its rows)
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
    """A Parquet file's rows, to be read a batch at a time as text ("" = absent) for the
    reader's checks; `typed_dates`: occurred_at is a Date or Datetime column (so
    `--date-format`, which describes text, does not apply to it)."""

    rel: str
    query: pl.LazyFrame  # a text column per canonical field the file has (bytes: decoded later)
    columns: tuple[str | None, ...]  # per FIELDS: its column in `query` (the field's name), or None
    binary: tuple[str, ...]  # the fields whose column holds bytes, decoded a batch at a time
    rows: int
    typed_dates: bool
    max_text: int
    column_map: ColumnMap | None = None  # `--signals-map`: its constants and values apply
    # the fields whose column is Categorical or Enum, and their text's size per batch, read
    # before the batch is (4 KB of categories can stand for gigabytes of text)
    categorical: tuple[str, ...] = ()
    sized: pl.LazyFrame | None = None

    def _bound(self, text: int, row: int) -> None:
        if text > self.max_text:
            raise AbmctlError(
                f"its values' text passes {self.max_text >> 20} MiB, the bound of one "
                f"export, by row {row:,}; not read (docs/limits.md)", self.rel)

    def records(self, problems: Problems) -> Iterator[tuple[int, Values]]:
        """(line, values in FIELDS order) of every row, as `canonical_records` gives a CSV's;
        a row with bytes that are not UTF-8 goes to `problems` instead.

        Each batch is read from the file as it is needed (polars reads only the pages that
        hold it), so a large file costs a batch of memory, not its every value; its text is
        counted against `max_text` before it becomes Python values."""
        import polars as pl

        step = max(BATCH, -(-self.rows // MAX_BATCHES))
        text = 0
        for start in range(0, self.rows, step):
            last = min(start + step, self.rows)
            try:
                with _quiet():
                    if self.sized is not None:  # categories: counted before they become text
                        text += self.sized.slice(start, step).collect().item() or 0
                        self._bound(text, last)
                    part = self.query.slice(start, step).collect()
            except (Exception, pl.exceptions.PanicException) as exc:  # noqa: BLE001
                raise AbmctlError(f"{_damaged(exc)} in rows {start + 1:,} to {last:,}",
                                  self.rel) from None
            text += part.select(pl.sum_horizontal(
                pl.col(pl.String).exclude(self.categorical).str.len_bytes().sum(),
                pl.col(pl.Binary).bin.size().sum())).item() or 0
            self._bound(text, start + part.height)
            bad: dict[int, str] = {}
            for column in self.binary:
                part = _decoded(part, column, start, bad)
            if self.column_map is not None:  # a mapped CSV's cells are stripped (`header_rows`)
                part = part.with_columns(pl.col(pl.String).str.strip_chars())
            height = part.height
            values: list[Iterable[str]] = [
                repeat("", height) if name is None else part.get_column(name).to_list()
                for name in self.columns]
            del part
            if self.column_map is not None:
                dropped = _mapped(values, self.column_map, height)
                bad.update(dict.fromkeys((start + 1 + n for n in dropped), ""))
            rows = zip(range(start + 1, start + step + 1), zip(*values, strict=False),
                       strict=False)
            if not bad:
                yield from rows
                continue
            problems += sorted((line, why) for line, why in bad.items() if why)
            yield from ((line, row) for line, row in rows if line not in bad)


def read_parquet(raw: bytes, rel: str, *, max_rows: int, max_text: int,
                 column_map: ColumnMap | None = None) -> ParquetRows | str:
    """The rows of the Parquet file `raw`, or why it cannot be read (a damaged file, past a
    bound: the caller reports it as an unread file). A file without the required columns, or
    with a column abmctl cannot read as text, stops the run (AbmctlError naming the file).
    `column_map` (`--signals-map`): its columns are found by `column_map.locate`, as in a CSV
    header, and its constants and values apply to each row as to a CSV's."""
    problem = not_parquet(raw)
    if problem is not None:
        return problem
    import polars as pl

    try:
        with _quiet():
            schema = pl.read_parquet_schema(io.BytesIO(raw))
            scan = pl.scan_parquet(io.BytesIO(raw))
            rows = scan.select(pl.len()).collect().item()
    except (Exception, pl.exceptions.PanicException) as exc:  # noqa: BLE001 - a damaged file
        return _damaged(exc)
    names = list(schema)
    if column_map is None:
        pick, _ = header_pick(names, rel, None, advice=ADVICE)
        chosen: tuple[str | None, ...] = (
            tuple(names) if pick is None
            else tuple(pick([*names, None]))  # type: ignore[list-item]
        )
    else:
        chosen = _map_columns(names, column_map, rel)
    for name, column in zip(FIELDS, chosen, strict=True):
        if column is not None:
            _check_type(name, column, schema[column], rel)
    if rows > max_rows:
        return (f"{rows:,} rows, more than the {max_rows:,} one Parquet file may hold; not read "
                "(docs/limits.md)")
    texts, binary, typed_dates = _as_text(chosen, schema)
    fields = tuple(None if column is None else name for name, column in zip(FIELDS, chosen,
                                                                             strict=True))
    categorical = {name: column for name, column in zip(FIELDS, chosen, strict=True)
                   if column is not None and isinstance(schema[column], pl.Categorical | pl.Enum)}
    sized = None if not categorical else scan.select(pl.sum_horizontal(
        [pl.col(column).cat.len_bytes().cast(pl.Int64).sum()
         for column in set(categorical.values())]))
    return ParquetRows(rel, scan.select(texts), fields, binary, rows, typed_dates, max_text,
                       column_map, tuple(categorical), sized)


def _map_columns(names: list[str], column_map: ColumnMap, rel: str) -> tuple[str | None, ...]:
    """Each field's column by the map's labels (`column_map.locate`, as a CSV header's)."""
    from abmctl.load.adapters.column_map import locate, not_the_layout

    layout = column_map.layout()
    positions = locate(names, layout)
    if not all(name in positions for name in layout.required):
        raise not_the_layout(layout, names, rel, None)
    return tuple(names[positions[name]] if name in positions else None for name in FIELDS)


def _mapped(values: list[Iterable[str]], column_map: ColumnMap, height: int) -> set[int]:
    """A batch's values (per FIELDS) with the map's constants and values applied, as
    `ColumnMap.apply` applies them to a CSV's row; gives the rows a value mapped to null drops
    (their index in the batch)."""
    from abmctl.load.adapters.column_map import header_key

    for name, constant in column_map.constants.items():
        values[FIELDS.index(name)] = repeat(constant, height)
    dropped: set[int] = set()
    for name, table in column_map.values.items():
        at = FIELDS.index(name)
        if isinstance(values[at], repeat) and name not in column_map.constants:
            continue  # no such column: nothing to map (`apply` skips an absent field)
        column = list(values[at])
        seen: dict[str, str | None] = {}
        for index, value in enumerate(column):
            if value not in seen:
                key = header_key(value)
                seen[value] = table.get(key, value)
            new = seen[value]
            if new is None:
                dropped.add(index)
                column[index] = ""
            else:
                column[index] = new
        values[at] = column
    return dropped


@contextmanager
def _quiet() -> Iterator[None]:
    """Standard error closed to polars while it reads: a damaged page makes its Rust code
    panic, and Rust prints the panic (`thread '...' panicked at ...`) before polars raises it
    as an exception, which abmctl reports in one line (`_damaged`)."""
    try:
        sys.stderr.flush()
        saved = os.dup(2)
    except (OSError, ValueError, AttributeError):  # no standard error to close: nothing to do
        yield
        return
    try:
        with open(os.devnull, "wb") as sink:
            os.dup2(sink.fileno(), 2)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def _damaged(exc: BaseException) -> str:
    if type(exc).__name__ == "PanicException":  # polars' Rust code gave up on the bytes: what
        return "damaged Parquet file (its data could not be decoded)"  # it says is its own
    said = (str(exc).strip().splitlines() or [type(exc).__name__])[0]
    return f"damaged Parquet file ({said[:200]})"


def _check_type(name: str, column: str, dtype: pl.DataType, rel: str) -> None:
    """A canonical column must hold plain values: a list, array or struct (or a Python
    object) has no one text a CSV cell would hold."""
    import polars as pl

    if dtype.is_nested():
        raise AbmctlError(
            f"column {column!r} ({name}) holds {dtype} values; abmctl reads text, numbers, "
            "dates and datetimes (one value per row): flatten it in the export", rel)
    readable = (pl.String, pl.Categorical, pl.Enum, pl.Binary, pl.Boolean, pl.Decimal,
                pl.Date, pl.Datetime, pl.Time, pl.Null)
    if not (dtype.is_numeric() or isinstance(dtype, readable)):  # a Duration, an Object
        raise AbmctlError(
            f"column {column!r} ({name}) holds {dtype} values, which have no text a CSV cell "
            "would hold; abmctl reads text, numbers, dates and datetimes: export it as one of "
            "those", rel)


def _as_text(chosen: tuple[str | None, ...],
             schema: Mapping[str, pl.DataType]) -> tuple[list[pl.Expr], tuple[str, ...], bool]:
    """Each chosen column as the text a CSV would hold ("" for null); with the columns of
    bytes (decoded a batch at a time, `_decoded`) and whether occurred_at is typed."""
    import polars as pl

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
            binary.append(name)
            texts.append(value.alias(name))
            continue
        elif dtype != pl.String:
            value = value.cast(pl.String)
        texts.append(value.fill_null("").alias(name))  # by field: a map may name one twice
    return texts, tuple(binary), typed_dates


def _decoded(part: pl.DataFrame, column: str, start: int, bad: dict[int, str]) -> pl.DataFrame:
    """A bytes column as UTF-8 text ("" for null); a row holding a value that is not UTF-8
    goes to `bad` (line -> why; the first reason a row has), as a CSV line that is not UTF-8
    is skipped. `start`: the rows of the file before `part`."""
    import polars as pl

    try:
        return part.with_columns(pl.col(column).cast(pl.String).fill_null(""))
    except pl.exceptions.PolarsError:
        pass
    texts: list[str] = []
    for line, value in enumerate(part.get_column(column).to_list(), start=start + 1):
        try:
            texts.append("" if value is None else value.decode("utf-8"))
        except UnicodeDecodeError as exc:
            bad.setdefault(line, f"{column!r}: not UTF-8 (byte 0x{value[exc.start]:02x}); "
                                 "export it as UTF-8 text")
            texts.append("")
    return part.with_columns(pl.Series(column, texts, dtype=pl.String))
