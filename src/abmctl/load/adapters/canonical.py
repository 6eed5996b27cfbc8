"""The canonical layout (SPEC §2.1): CSV with a header row, or JSON Lines.

CSV: the delimiter (`,` `;` or tab) is read off the header line; header names are matched
case-insensitively; columns beyond the canonical ones are ignored. JSON Lines: one object per
line. Checking values is the reader's job (`abmctl.load.activity`).
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator, Sequence
from operator import itemgetter
from typing import Any

from abmctl.errors import AbmctlError
from abmctl.load.adapters import RawRow, SourceFile, adapter

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


@adapter("canonical")
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
    """Reads the header now (a missing column fails here), the rows as they are iterated."""
    # keepends: a quoted value spanning lines keeps its line break
    lines = source.text.splitlines(keepends=True)
    first = next((n for n, text in enumerate(lines) if text.strip()), None)
    if first is None:
        return iter(())
    reader = csv.reader(lines[first:], delimiter=sniff_delimiter(lines[first]))
    try:
        header = [name.strip().lower() for name in next(reader)]
    except csv.Error as exc:
        raise AbmctlError(f"cannot read the header row: {exc}", source.rel, first + 1) from None
    pick, width = _columns(header, source.rel, first + 1)
    return _csv_rows(reader, pick, width, first, problems)


def _columns(header: list[str], rel: str, line: int) -> tuple[itemgetter[tuple[str, ...]], int]:
    """An itemgetter picking the canonical fields out of a row padded with one empty cell."""
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        found = ", ".join(name for name in header if name) or "none"
        raise AbmctlError(
            f"missing required column(s) {', '.join(missing)} (found: {found}); the canonical "
            "layout needs occurred_at, account, type; use --signals-format or --signals-map "
            "for a vendor export",
            rel, line,
        )
    width = len(header)
    index = {name: header.index(name) for name in FIELDS if name in header}
    columns = [index.get(name, width) for name in FIELDS]
    return itemgetter(*columns), width  # type: ignore[arg-type]


def _csv_rows(
    reader: Any, pick: itemgetter[tuple[str, ...]], width: int, skipped_lines: int,
    problems: Problems,
) -> Iterator[tuple[int, Values]]:
    """`reader` has read the header; its line count plus `skipped_lines` is the file line."""
    done = reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            problems.append((skipped_lines + done + 1, f"cannot split the row: {exc}"))
            done = reader.line_num
            continue
        start = skipped_lines + done + 1
        done = reader.line_num
        if len(row) != width:
            if not row or (len(row) == 1 and not row[0].strip()):
                continue  # a blank line
            if len(row) < width:
                row += [""] * (width - len(row))
            elif any(cell.strip() for cell in row[width:]):
                problems.append((start, f"{len(row)} fields but the header has {width} "
                                        "(an unquoted delimiter inside a value?)"))
                continue
            else:
                del row[width:]
        row.append("")
        yield start, pick(row)


def _json_records(text: str, problems: Problems) -> Iterator[tuple[int, Values]]:
    loads = json.loads
    for number, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            record = loads(line)
        except ValueError as exc:
            problems.append((number, f"not valid JSON: {getattr(exc, 'msg', exc)}"))
            continue
        if not isinstance(record, dict):
            problems.append((number, "not a JSON object (one {...} per line)"))
            continue
        yield number, tuple(_text(record.get(name)) for name in FIELDS)


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
