"""The canonical layout: CSV with a header row, or JSON Lines.

CSV: the delimiter (`,` `;` or tab) is read off the header line; header names are matched
case-insensitively; columns beyond the canonical ones are ignored. JSON Lines: one object per
line. Checking values is the reader's job (`abmctl.load.activity_reader`).
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from itertools import chain
from operator import itemgetter

from abmctl.errors import AbmctlError
from abmctl.load.adapters import RawRow, SourceFile, column_names

FIELDS: tuple[str, ...] = (
    "occurred_at", "account", "type", "contact", "detail", "score", "sentiment", "source",
)
REQUIRED: tuple[str, ...] = ("occurred_at", "account", "type")
# An adapter cannot skip a row itself; it yields the row's reason under this key instead, and
# the reader reports it with the file and line.
PROBLEM = "__problem__"
DELIMITERS = (",", ";", "\t")
JSON_SUFFIXES = (".jsonl", ".ndjson", ".json")

Values = Sequence[str]  # one row's values in FIELDS order ("" = absent)
Problems = list[tuple[int, str]]  # (line, reason) for rows that could not be split
Pick = Callable[[list[str]], Values]  # the canonical fields out of a row, in FIELDS order


def read_canonical(source: SourceFile) -> Iterator[RawRow]:
    """Rows as canonical field dicts (the generic adapter interface)."""
    problems: Problems = []
    for line, values in canonical_records(source, problems):
        while problems and problems[0][0] < line:
            bad_line, reason = problems.pop(0)
            yield bad_line, {PROBLEM: reason}
        yield line, {name: value for name, value in zip(FIELDS, values, strict=True) if value}
    for bad_line, reason in problems:
        yield bad_line, {PROBLEM: reason}


def canonical_records(source: SourceFile, problems: Problems) -> Iterator[tuple[int, Values]]:
    """Rows as value tuples in FIELDS order: the reader's fast path (no dict per row).
    Rows that cannot be split are appended to `problems` instead."""
    if is_json_lines(source):
        return _json_records(source.text, problems)
    return _csv_records(source, problems)


def is_json_lines(source: SourceFile) -> bool:
    if source.name.lower().endswith(JSON_SUFFIXES):
        return True
    return source.text.lstrip()[:1] == "{"


def sniff_delimiter(header: str) -> str:
    """The delimiter the header line uses most; `,` when it holds none."""
    counts = {d: header.count(d) for d in DELIMITERS}
    best = max(DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def _csv_records(source: SourceFile, problems: Problems) -> Iterator[tuple[int, Values]]:
    """Reads the header now (a missing column fails here), the rows as they are iterated.

    Most exports quote nothing: their rows are split with `str.split`, which gives what the
    csv module would (no quote character, so no delimiter or line break inside a value) at
    half the cost. A file with a quote anywhere goes through the csv module."""
    quoted = '"' in source.text
    # keepends: a quoted value spanning lines keeps its line break. Unquoted lines lose theirs:
    # csv drops \r and \n too, and the rarer breaks it would leave on the last value (form
    # feed, U+2028, ...) are whitespace the reader strips from every value anyway
    lines = _lines(source.text, keepends=quoted)
    found = _first_line(lines)
    if found is None:
        return iter(())
    first, number = found
    delimiter = sniff_delimiter(first)
    pick, width = header_pick(_header(first, delimiter, quoted, source.rel, number),
                              source.rel, number)
    if not quoted:
        return _split_rows(lines, delimiter, pick, width, number, problems)
    rest = list(lines)  # kept: a row running into an unclosed quote is read again past it
    return _csv_rows(rest, number, delimiter, pick, width, problems)


def _header(first: str, delimiter: str, quoted: bool, rel: str, number: int) -> list[str]:
    """The header line's cells (by the csv module when the file has quotes); a header csv
    cannot split (a cell past the csv field size limit, a stray quote) stops the run, since
    no row can be read without it."""
    try:
        return next(csv.reader([first], delimiter=delimiter)) if quoted else _split(first,
                                                                                     delimiter)
    except csv.Error as exc:
        raise AbmctlError(f"cannot read the header row: {exc}", rel, number) from None


def _first_line(lines: Iterator[str]) -> tuple[str, int] | None:
    """The first line that is not blank (the header) and its number; None if there is none.
    `lines` goes on from the line after it."""
    for number, line in enumerate(lines, start=1):
        if line.strip():
            return line, number
    return None


@dataclass(frozen=True, slots=True)
class Part:
    """The rows on the whole lines `text[start:end]` of a quote-free CSV whose header is read:
    what one process can split alone (the reader checks a large file's parts in two processes,
    `Parts`)."""

    text: str
    start: int
    end: int
    delimiter: str
    pick: Pick | None
    width: int

    def records(self, problems: Problems, before: int) -> Iterator[tuple[int, Values]]:
        """These lines' rows, as `canonical_records` gives them: `before` is the number of
        the file's lines before `start`."""
        lines = _lines(self.text, False, self.start, self.end)
        return _split_rows(lines, self.delimiter, self.pick, self.width, before, problems)

    def line_count(self) -> int:
        return _line_count(self.text, self.start, self.end)


@dataclass(frozen=True, slots=True)
class Parts:
    """A quote-free CSV's rows in parts of about the same size, in file order."""

    items: list[Part]
    header: int  # the header's line number: the lines before the first part
    body: int  # where the line after the header starts

    def before(self, number: int) -> int:
        """The file's lines before part `number`."""
        return self.header + _line_count(self.items[number].text, self.body,
                                         self.items[number].start)


def parts(source: SourceFile, fewest: int, count: int) -> Parts | None:
    """A quote-free CSV of `fewest` lines or more in `count` parts (fewer for few lines); None
    for any other file (JSON Lines, quotes, fewer lines). The header is read here: a missing
    column fails as in `canonical_records`."""
    text = source.text
    if (len(text) < fewest or is_json_lines(source) or '"' in text
            or (text.count("\n", 0, fewest * 256) < fewest and text.count("\n") < fewest)):
        return None  # (the line feeds in the first part often suffice: no count of them all)
    lines = _lines(text, False)
    found = _first_line(lines)
    if found is None:
        return None
    first, number = found
    delimiter = sniff_delimiter(first)
    pick, width = header_pick(_header(first, delimiter, False, source.rel, number), source.rel,
                              number)
    body = 0
    for _ in range(number):  # past the header's line break
        end_of_line = _CSV_BREAK.search(text, body)
        if end_of_line is None:
            return None
        body = end_of_line.end()
    cuts = [body]
    for n in range(1, count):  # each just after a line feed
        cut = text.find("\n", body + (len(text) - body) * n // count) + 1
        if cuts[-1] < cut < len(text):
            cuts.append(cut)
    if len(cuts) < 2:
        return None
    cuts.append(len(text))
    return Parts([Part(text, start, end, delimiter, pick, width)
                  for start, end in zip(cuts, cuts[1:], strict=False)], number, body)


def _line_count(text: str, start: int, end: int) -> int:
    """The lines of `text[start:end]`, which ends just after a line break (CR LF, LF or CR)."""
    count = text.count("\n", start, end)
    if text.find("\r", start, end) >= 0:
        count += text.count("\r", start, end) - text.count("\r\n", start, end)
    return count


# what a missing-column error advises for a text export (a Parquet file says its own)
USE_A_LAYOUT = "use --signals-format or --signals-map for a vendor export"


def header_pick(header: list[str], rel: str, line: int | None, *,
                advice: str = USE_A_LAYOUT) -> tuple[Pick | None, int]:
    """How the canonical fields are picked out of a row under `header` (`_columns`): each
    name matched ignoring case and surrounding space. The one home of matching canonical
    column names, a CSV header's and a Parquet file's alike (`adapters.parquet`)."""
    return _columns([name.strip().lower() for name in header], rel, line, advice)


def _lines(text: str, keepends: bool, start: int = 0, end: int | None = None) -> Iterator[str]:
    """The text's lines (of `text[start:end]`, whole lines), cut at CR LF, LF or CR only,
    split a slice at a time: a million-row export never holds all its line strings at once."""
    return chain.from_iterable(split_lines(part, keepends)
                               for part in _slices(text, start, len(text) if end is None else end))


# what `str.splitlines` also takes for a line break; inside a CSV value they are text, and a
# row cut at one would shift every later line number
_OTHER_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")
_CSV_BREAK = re.compile("(\r\n|\r|\n)")


_ASCII_BREAKS = "\x0b\x0c\x1c\x1d\x1e"


def _other_breaks(text: str) -> bool:
    """Does `text` hold a break `str.splitlines` takes and CSV does not? (ASCII text, the
    usual export, is asked with five substring scans: a tenth of the regular expression's
    time on a million rows.)"""
    if text.isascii():
        return any(mark in text for mark in _ASCII_BREAKS)
    return _OTHER_BREAKS.search(text) is not None


def split_lines(text: str, keepends: bool = False) -> list[str]:
    """`text.splitlines(keepends)`, but cut at CR LF, LF and CR only (the breaks CSV knows)."""
    if not _other_breaks(text):
        return text.splitlines(keepends)  # the common case, and the fast one
    pieces = _CSV_BREAK.split(text)
    lines = [pieces[n] + (pieces[n + 1] if keepends else "")
             for n in range(0, len(pieces) - 1, 2)]
    if pieces[-1]:
        lines.append(pieces[-1])
    return lines


_SLICE = 1 << 18  # characters: a slice's lines stay small enough to sit in the CPU cache


def _slices(text: str, start: int, end: int) -> Iterator[str]:
    """`text[start:end]` in slices of about `_SLICE` characters, each but the last ending just
    after a line feed; as no line break spans that cut, the slices' lines are the text's lines."""
    while start < end:
        cut = text.find("\n", start + _SLICE, end) + 1 or end
        yield text[start:cut]
        start = cut


def _split(line: str, delimiter: str) -> list[str]:
    """The cells of an unquoted line: `str.split`, or the csv module for a line so long one of
    its cells may pass the csv field size limit (it then raises `csv.Error` as csv would)."""
    if len(line) <= csv.field_size_limit():
        return line.split(delimiter)
    return next(csv.reader([line], delimiter=delimiter), [])


def _columns(header: list[str], rel: str, line: int | None,
             advice: str) -> tuple[Pick | None, int]:
    """How to pick the canonical fields out of a row padded with one empty cell (None: the
    header is FIELDS in order, the row is the values as it is), and the header's width."""
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        found = column_names(header)
        raise AbmctlError(
            f"missing required column(s) {', '.join(missing)} (found: {found}); the canonical "
            f"layout needs occurred_at, account, type; {advice}",
            rel, line,
        )
    width = len(header)
    if tuple(header) == FIELDS:
        return None, width
    index = {name: header.index(name) for name in FIELDS if name in header}
    twice = [name for name in index if header.count(name) > 1]
    if twice:  # tools disagree on which one wins: say so, as YAML's reader does of a key
        at = [str(n) for n, name in enumerate(header, start=1) if name == twice[0]]
        raise AbmctlError(
            f"the header names the column {twice[0]} {len(at)} times (columns "
            f"{', '.join(at)}): which one holds the {twice[0]} is unclear; rename or remove "
            "all but one", rel, line,
        )
    columns = [index.get(name, width) for name in FIELDS]
    return itemgetter(*columns), width


def _split_rows(
    lines: Iterator[str], delimiter: str, pick: Pick | None, width: int, number: int,
    problems: Problems,
) -> Iterator[tuple[int, Values]]:
    """The rows of an unquoted file; `number` is the header's line (one line, one row)."""
    limit = csv.field_size_limit()
    for line in lines:
        number += 1
        if len(line) <= limit:
            row = line.split(delimiter)
        else:
            try:
                row = _split(line, delimiter)
            except csv.Error as exc:
                problems.append((number, f"cannot split the row: {exc}"))
                continue
        if pick is None and len(row) == width:  # the usual row: `_shaped` would keep it as is
            yield number, row
            continue
        shaped = _shaped(row, width, number, pick, problems)
        if shaped is not None:
            yield number, shaped


def _csv_rows(
    lines: list[str], header_line: int, delimiter: str, pick: Pick | None, width: int,
    problems: Problems,
) -> Iterator[tuple[int, Values]]:
    """The rows of a file with quotes; `lines` are the lines after the header's."""
    for start, row in quoted_rows(lines, header_line + 1, delimiter, problems):
        shaped = _shaped(row, width, start, pick, problems)
        if shaped is not None:
            yield start, shaped


def _shaped(row: list[str], width: int, number: int, pick: Pick | None,
            problems: Problems) -> Values | None:
    """`row` fitted to the header's width and picked into the canonical columns; None when
    it cannot be fitted (reported to `problems`)."""
    if len(row) != width:
        fitted = fit_width(row, width, number, problems)
        if fitted is None:
            return None
        row = fitted
    if pick is None:
        return row
    row.append("")
    return pick(row)


def quoted_rows(
    lines: list[str], number: int, delimiter: str, problems: Problems,
) -> Iterator[tuple[int, list[str]]]:
    """(first line, cells) of each record of CSV `lines` (kept ends), `number` the line of the
    first; every CSV reader of the package splits quoted text here.

    A quote that never closes would swallow the rest of the file into one value: that row is
    reported (to `problems`, as a row csv cannot split), and reading starts again on the line
    after it."""
    offset = 0  # lines of `lines` before the reader's first
    while offset < len(lines):
        reader = csv.reader(lines[offset:], delimiter=delimiter)
        done = 0
        while True:
            try:
                row = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                problems.append((number + offset + done, f"cannot split the row: {exc}"))
                done = reader.line_num
                continue
            start = number + offset + done
            span = (offset + done, offset + reader.line_num)
            done = reader.line_num
            if span[1] - span[0] > 1 and _unclosed(lines[span[0]:span[1]], delimiter):
                problems.append((start, "a quote opened in this row never closes (reading "
                                        "goes on with the next line)"))
                offset = span[0] + 1
                break
            yield start, row


def _unclosed(row_lines: list[str], delimiter: str) -> bool:
    """Whether a row csv read over several lines is a stray quote rather than a value with a
    line break: the quote runs to the end of the file, or the quote that ends it is another
    value's opening quote, followed by text (`,,"/a,b"` closes it at `"/a`). Strict csv
    refuses both; a genuine multi-line value passes."""
    try:
        for _ in csv.reader(row_lines, delimiter=delimiter, strict=True):
            pass
    except csv.Error:
        return True
    return False


def fit_width(row: list[str], width: int, line: int, problems: Problems) -> list[str] | None:
    """A row of another width than the header's, made its width; None for a blank line (left
    out) or a row with values past the header's columns (a problem)."""
    if not row or (len(row) == 1 and not row[0].strip()):
        return None
    if len(row) < width:
        return row + [""] * (width - len(row))
    if any(cell.strip() for cell in row[width:]):
        problems.append((line, f"{len(row)} fields but the header has {width} "
                               "(an unquoted delimiter inside a value?)"))
        return None
    return row[:width]


def _json_records(text: str, problems: Problems) -> Iterator[tuple[int, Values]]:
    loads = json.loads
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = loads(line)
        except RecursionError:
            problems.append((number, "not read: nested too deeply"))
            continue
        except ValueError as exc:
            problems.append((number, f"not valid JSON: {_json_error(exc)}"))
            continue
        if not isinstance(record, dict):
            problems.append((number, "not a JSON object (one {...} per line)"))
            continue
        values = tuple(_text(record.get(name)) for name in FIELDS)
        if "\\u" in line and not _unicode(values):
            problems.append((number, "a \\u escape in it is half a UTF-16 pair (a lone "
                                     "surrogate), not a character"))
            continue
        yield number, values


def _json_error(exc: ValueError) -> str:
    if "digits" in str(exc):  # Python's bound on integer literals (4,300 digits)
        return f"a number with more than {sys.get_int_max_str_digits():,} digits"
    return str(getattr(exc, "msg", exc))


def _unicode(values: Values) -> bool:
    try:
        for value in values:
            value.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return repr(value)
    return json.dumps(value, ensure_ascii=False)
