"""Overlap conflicts as the stable `conflicts` document (`"version": 1`)."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date
from json.encoder import encode_basestring  # the C string escaper json.dumps itself uses

from abmctl.findings import Finding, count_by_severity
from abmctl.output.formats import View
from abmctl.output.json_text import dumps, escaped
from abmctl.output.run_info import RunInfo, json_members
from abmctl.overlap.groups import OverlapReport, extra_lists, ordered, repeats_note


def render(report: OverlapReport, view: View) -> Iterator[str]:
    return json_pieces(report.conflicts, report.as_of, report.notes, report.run_info,
                       every=report.every)


def render_json(conflicts: Sequence[Finding], as_of: date, notes: Sequence[str] = (),
                run_info: RunInfo | None = None, *, every: bool = False) -> str:
    """`{"version": 1, "as_of", "conflicts": [...], "excluded", "sources", "counts", "notes"}`,
    one conflict per line: valid JSON that diffs line by line (a 10,000-account registry can
    have 100,000 conflicts); repeats as one with their `count` unless `every`."""
    return "".join(json_pieces(conflicts, as_of, notes, run_info, every=every))


def json_pieces(conflicts: Sequence[Finding], as_of: date, notes: Sequence[str] = (),
                run_info: RunInfo | None = None, *, every: bool = False) -> Iterator[str]:
    """`render_json`'s text in pieces, a conflict each, for writing out as they come: 150,000
    conflicts are 100 MB of JSON, too much to hold twice (text, then its encoding)."""
    listed = ordered(conflicts, every=every)
    grouped = repeats_note(len(listed), conflicts)
    head = {"version": 1, "as_of": as_of.isoformat()}
    tail = {"counts": count_by_severity(conflicts),
            "notes": [*notes, *([grouped] if grouped else [])]}
    yield "{\n" + "".join(f"  {dumps(k)}: {dumps(v)},\n" for k, v in head.items())
    if conflicts:
        separator = '  "conflicts": [\n    '
        for conflict, count in listed:
            yield separator + escaped(conflict_line(conflict, count))
            separator = ",\n    "
        yield "\n  ],\n"
    else:
        yield '  "conflicts": [],\n'
    yield json_members(run_info or RunInfo())
    yield ",\n".join(f"  {dumps(k)}: {dumps(v)}"
                     for k, v in tail.items()) + "\n}\n"


def conflict_line(conflict: Finding, count: int = 1) -> str:
    """`json.dumps(conflict_json(conflict, count), ensure_ascii=False)`, written out directly: the
    same keys in the same order, strings escaped by json's own escaper. Building a dict and
    encoding it took most of the report's time at 150,000 conflicts."""
    lists = "".join(
        f", {encode_basestring(name)}: {_strings(values)}"
        for name, values in extra_lists(conflict).items()
    ) if conflict.extra else ""
    line = "null" if conflict.line is None else int(conflict.line)
    return (
        f'{{"code": {_text(conflict.code)}, "severity": {_text(conflict.severity)}, '
        f'"account": {_text(conflict.account)}, "teams": {_strings(conflict.teams)}, '
        f'"plays": {_strings(conflict.plays)}, "decides": {_text(conflict.decides)}, '
        f'"message": {_text(conflict.message)}, "resolution": {_text(conflict.resolution)}, '
        f'"path": {_text(conflict.path)}, "line": {line}{lists}, "count": {count}}}'
    )


def _text(value: str | None) -> str:
    return "null" if value is None else encode_basestring(value)


def _strings(values: Sequence[str]) -> str:
    return "[" + ", ".join([encode_basestring(v) for v in values]) + "]"
