"""What every report says about the run itself, beside its results: the records it left out
and the activity sources it read.

One value, `RunInfo`, travels in each report (handoff, overlap, scorecard, tier plan, tier
diff); `json_fields` writes it into every JSON document (`"excluded"`, `"sources"`) and `warn`
writes it to stderr, whatever the format, once per run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from abmctl.engine.activity import SourceSummary  # the reader counts each source's rows
from abmctl.output.escape import terminal
from abmctl.output.json_text import dumps
from abmctl.output.text import iso_stamp


@dataclass(frozen=True, slots=True)
class Excluded:
    """A record the run left out for an ABM001-ABM003 error, or (an owner naming nobody in
    teams.yaml) just the reference: the account stays, with that owner unknown."""

    path: str | None
    line: int | None
    record: str | None  # the record's id; None when a whole file did not load
    code: str
    message: str
    reference: bool = False  # only the reference is left out, not the record

    @property
    def where(self) -> str:
        if self.path and self.line:
            return f"{self.path}:{self.line}"
        return self.path or "(registry)"


@dataclass(frozen=True, slots=True)
class RunInfo:
    """The run-level facts a report carries."""

    excluded: tuple[Excluded, ...] = ()
    sources: tuple[SourceSummary, ...] = ()


def excluded_json(item: Excluded) -> dict[str, Any]:
    return {"path": item.path, "line": item.line, "record": item.record, "code": item.code,
            "message": item.message}


def source_json(source: SourceSummary) -> dict[str, Any]:
    return {"path": source.path, "format": source.format, "rows": source.rows,
            "matched": source.matched, "unmatched": source.unmatched,
            "skipped": source.skipped, "duplicates": source.duplicates,
            "first": iso_stamp(source.first) if source.first else None,
            "last": iso_stamp(source.last) if source.last else None}


def json_fields(info: RunInfo) -> dict[str, Any]:
    """The run's keys of every report's JSON document (`**json_fields(...)` at its end)."""
    return {"excluded": [excluded_json(e) for e in info.excluded],
            "sources": [source_json(s) for s in info.sources]}


def json_members(info: RunInfo) -> str:
    """`json_fields` as the members of a document written out by hand, two spaces in, each
    ending in `,\\n`, for the streamed documents to put before their closing keys."""
    return "".join(f"  {dumps(key)}: {dumps(value)},\n"
                   for key, value in json_fields(info).items())


def source_line(source: SourceSummary) -> str:
    """One source in the summary every run that reads activity ends with."""
    counts = (f"{source.rows:,} row{'s' if source.rows != 1 else ''}: "
              f"{source.matched:,} matched, {source.unmatched:,} unmatched, "
              f"{source.skipped:,} skipped")
    if source.duplicates:
        counts += f", {source.duplicates:,} already in an earlier source (counted once)"
    dates = ""
    if source.first is not None and source.last is not None:
        dates = f"; {source.first.date().isoformat()} to {source.last.date().isoformat()}"
    return f"{source.path} ({source.format}): {counts}{dates}"


def left_out(info: RunInfo) -> str:
    """`2 records and 1 reference`: what the run left out, counted."""
    records = sum(not e.reference for e in info.excluded)
    references = len(info.excluded) - records
    parts = [f"{records} record{'s' if records != 1 else ''}" if records else "",
             f"{references} reference{'s' if references != 1 else ''}" if references else ""]
    return " and ".join(p for p in parts if p)


def stderr_lines(info: RunInfo) -> list[str]:
    """What the run says on stderr: the warning naming each left-out record and reference,
    once; then one line per activity source read."""
    return [*_excluded_lines(info), *(f"source {source_line(s)}" for s in info.sources)]


def _excluded_lines(info: RunInfo) -> list[str]:
    if not info.excluded:
        return []
    lines = [f"warning: left out what does not load, {left_out(info)} (`abmctl lint` "
             "lists every error):"]
    lines += [terminal(f"  {e.where}: {e.code} {e.message}") for e in info.excluded]
    return lines


def warn(info: RunInfo, echo: Callable[[str], None] | None = None) -> None:
    """The run's warnings on stderr (every format: stdout stays the report), wrapped to the
    terminal (`terminal.note`)."""
    if echo is None:
        from abmctl.output.terminal import note

        echo = note
    for line in stderr_lines(info):
        echo(line)
