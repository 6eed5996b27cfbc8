"""Column maps: reading an export whose columns have names, vendor layouts and user maps alike.

`--signals-map FILE.yaml` describes a layout no adapter knows (docs/vendor-formats.md):

    columns: {occurred_at: Activity Date, account: Email Address, type: Activity Type}
    constants: {source: marketo}
    values: {type: {Fill Out Form: content_download, Open Email: null}}

`columns` names the export's column for each canonical field; `constants` gives a
field one value for every row; `values` rewrites a field's values (`null` drops the row).
Header names and mapped values match ignoring case and spacing. The vendor adapters of this
package are fixed column maps built from the same pieces (`Layout`, `header_rows`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import Field

from abmctl.errors import AbmctlError
from abmctl.load.adapters import Adapter, RawRow, SourceFile, column_names
from abmctl.load.adapters.canonical import (
    PROBLEM,
    Problems,
    fit_width,
    quoted_rows,
    sniff_delimiter,
    split_lines,
)
from abmctl.model.base import Strict

# Excel on Windows saves "CSV" in the machine's ANSI code page; the reader may try these in turn
ENCODINGS = ("utf-8-sig", "cp1252")
HEADER_SEARCH_ROWS = 20  # report exports may put a title or filter lines above the header

CanonicalField = Literal[
    "occurred_at", "account", "type", "contact", "detail", "score", "sentiment", "source"
]


def header_key(label: str) -> str:
    """A header or value as compared: case, surrounding space and `_` vs space ignored."""
    return " ".join(label.replace("_", " ").split()).casefold()


@dataclass(frozen=True)
class Layout:
    """A named-column layout: for each field, the header labels that may carry it."""

    name: str
    columns: Mapping[str, tuple[str, ...]]  # field -> accepted labels, the documented one first
    required: tuple[str, ...]
    note: str = ""  # said after the columns expected and found

    def expected(self) -> str:
        return ", ".join(dict.fromkeys(self.columns[field][0] for field in self.required))


def records(source: SourceFile, delimiter: str | None = None) -> Iterator[tuple[int, list[str]]]:
    """(first line of the record, cells) for every non-blank record of a CSV text; a record
    that cannot be split (an unclosed quote, ...) comes out as `[PROBLEM, reason]`, in order."""
    lines = split_lines(source.text, keepends=True)
    first = next((n for n, text in enumerate(lines) if text.strip()), None)
    if first is None:
        return
    problems: Problems = []
    for line, cells in quoted_rows(lines[first:], first + 1,
                                   delimiter or sniff_delimiter(lines[first]), problems):
        while problems and problems[0][0] < line:
            yield _problem(problems.pop(0))
        if any(cell.strip() for cell in cells):
            yield line, cells
    for problem in problems:
        yield _problem(problem)


def _problem(problem: tuple[int, str]) -> tuple[int, list[str]]:
    return problem[0], [PROBLEM, problem[1]]


def header_rows(
    source: SourceFile, layout: Layout, stop: Callable[[list[str]], bool] | None = None,
) -> Iterator[tuple[int, dict[str, str]]]:
    """(line, {field: cell}) for each data row, found by the layout's header row.

    The header is the first of the opening rows that holds every required column; none does ->
    AbmctlError listing the columns expected and found. `stop(cells)` true ends the data (a
    report footer). A row that cannot be split, or with values past the header's columns,
    comes out as `{PROBLEM: reason}`.
    """
    rows = records(source)
    header = _find_header(rows, source, layout)
    if header is None:
        return  # an empty export: no rows, nothing wrong
    positions, columns = header
    for line, cells in rows:
        if cells[0] == PROBLEM:
            yield line, {PROBLEM: cells[1]}
            continue
        if stop is not None and stop(cells):
            return
        if len(cells) > columns:
            problems: Problems = []
            if fit_width(cells, columns, line, problems) is None:
                yield line, {PROBLEM: problems[0][1]}
                continue
        width = len(cells)
        yield line, {
            field: cells[index].strip() for field, index in positions.items() if index < width
        }


def _find_header(
    rows: Iterator[tuple[int, list[str]]], source: SourceFile, layout: Layout,
) -> tuple[dict[str, int], int] | None:
    """The header's (column of each field, number of cells); None for an empty export."""
    first: tuple[int, list[str]] | None = None
    for _, (line, cells) in zip(range(HEADER_SEARCH_ROWS), rows, strict=False):
        first = first or (line, cells)
        positions = locate(cells, layout)
        if all(field in positions for field in layout.required):
            return positions, len(cells)
    if first is None:
        return None
    raise not_the_layout(layout, first[1], source.rel, first[0])


def not_the_layout(layout: Layout, header: list[str], rel: str, line: int | None) -> AbmctlError:
    """The error for an export whose header (`header`) lacks a required column of `layout`."""
    return AbmctlError(
        f"not a {layout.name} export: expected the columns {layout.expected()}; found: "
        f"{column_names(header)}{layout.note}", rel, line,
    )


def locate(header: list[str], layout: Layout) -> dict[str, int]:
    """Each field's column position, by the first of its labels the header holds."""
    index: dict[str, int] = {}
    for position, label in enumerate(header):
        index.setdefault(header_key(label), position)
    found: dict[str, int] = {}
    for field, labels in layout.columns.items():
        for label in labels:
            at = index.get(header_key(label))
            if at is not None:
                found[field] = at
                break
    return found


class _MapFile(Strict):
    columns: dict[CanonicalField, str] = Field(default_factory=dict)
    constants: dict[CanonicalField, str] = Field(default_factory=dict)
    values: dict[CanonicalField, dict[str, str | None]] = Field(default_factory=dict)


@dataclass(frozen=True)
class ColumnMap:
    """A user's column map; called with a file, it is an adapter (yields canonical rows)."""

    rel: str
    columns: dict[str, str]
    constants: dict[str, str]
    values: dict[str, dict[str, str | None]]  # field -> header_key(value) -> new value

    def layout(self) -> Layout:
        """The map's columns as a layout (each field's one label), all of them required."""
        return Layout(
            "column-mapped",
            {field: (label,) for field, label in self.columns.items()},
            tuple(self.columns),
            note=f" (the columns come from --signals-map {self.rel})",
        )

    def __call__(self, source: SourceFile) -> Iterator[RawRow]:
        for line, fields in header_rows(source, self.layout()):
            mapped = self.apply(fields)
            if mapped is not None:
                yield line, mapped

    def apply(self, fields: dict[str, str]) -> dict[str, str] | None:
        """Constants, then value maps; None when a value maps to null (the row is dropped)."""
        if PROBLEM in fields:
            return fields
        row = {**fields, **self.constants}
        for field, table in self.values.items():
            value = row.get(field)
            if value is None:
                continue
            key = header_key(value)
            if key in table:
                new = table[key]
                if new is None:
                    return None
                row[field] = new
        return row


def adapter_from_map(path: Path, base: str = "canonical") -> Adapter:
    """The adapter for `--signals-map FILE` (on top of `--signals-format base`)."""
    spec = load_column_map(path)
    if base == "canonical":
        return spec
    if spec.columns:
        raise AbmctlError(
            f"'columns' maps the export's own columns; with --signals-format {base} leave them "
            "out (constants and values then apply to that layout's rows)", spec.rel,
        )
    from abmctl.load.adapters.lookup import load_adapter

    vendor = load_adapter(base)

    def read(source: SourceFile) -> Iterator[RawRow]:
        for line, fields in vendor(source):
            mapped = spec.apply(fields)
            if mapped is not None:
                yield line, mapped

    return read


def load_column_map(path: Path) -> ColumnMap:
    """Read and check a column map file; every fault is an AbmctlError naming the file."""
    from abmctl.findings import Finding
    from abmctl.load.records import validate
    from abmctl.load.yamlfile import YamlProblem, read_yaml

    rel = path.as_posix()
    try:
        doc = read_yaml(path, rel)
    except YamlProblem as problem:
        raise AbmctlError(f"--signals-map: {problem.finding.message}", rel,
                          problem.finding.line) from None
    data = doc.data
    if not isinstance(data, dict):
        raise AbmctlError("--signals-map: expected a mapping with columns/constants/values", rel)
    faults: list[Finding] = []
    spec = validate(_MapFile, _text_keys(data), rel, doc.index.root, faults, annotated=False)
    if spec is None:  # in the words and with the line of a registry file's fault
        raise AbmctlError(f"--signals-map: {faults[0].message}", rel, faults[0].line)
    return _checked(spec, rel)


def _checked(spec: _MapFile, rel: str) -> ColumnMap:
    if spec.columns:
        needed = [f for f in ("occurred_at", "account", "type")
                  if f not in spec.columns and f not in spec.constants]
        if needed:
            raise AbmctlError(
                f"--signals-map: no column or constant for {', '.join(needed)} "
                "(occurred_at, account and type are required)", rel,
            )
    values: dict[str, dict[str, str | None]] = {
        field: {header_key(old): new for old, new in table.items()}
        for field, table in spec.values.items()
    }
    columns: dict[str, str] = {str(field): label for field, label in spec.columns.items()}
    constants: dict[str, str] = {str(field): value for field, value in spec.constants.items()}
    return ColumnMap(rel, columns, constants, values)


def _text_keys(data: dict[Any, Any]) -> dict[Any, Any]:
    """`values` keys as text: an export's value `1` or `true` maps like any other."""
    values = data.get("values")
    if isinstance(values, dict):
        data = {**data, "values": {
            field: {str(k): v for k, v in table.items()} if isinstance(table, dict) else table
            for field, table in values.items()
        }}
    return data
