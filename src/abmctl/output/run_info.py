"""What every report says about the run itself, beside its results: the records it left out
and the activity sources it read.

One value, `RunInfo`, travels in each report (handoff, overlap, scorecard, tier plan, tier
diff); `json_fields` writes it into every JSON document (`"excluded"`, `"sources"`) and `warn`
writes it to stderr, whatever the format, once per run.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from abmctl.output.escape import terminal


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
class SourceSummary:
    """One activity source as the run read it: its rows, how many matched a list account,
    how many matched none, how many were skipped, and the dates of its first and last row."""

    path: str
    rows: int = 0
    matched: int = 0
    unmatched: int = 0
    skipped: int = 0
    first: datetime | None = None
    last: datetime | None = None


@dataclass(frozen=True, slots=True)
class RunInfo:
    """The run-level facts a report carries."""

    excluded: tuple[Excluded, ...] = ()
    sources: tuple[SourceSummary, ...] = ()


def excluded_json(item: Excluded) -> dict[str, Any]:
    return {"path": item.path, "line": item.line, "record": item.record, "code": item.code,
            "message": item.message}


def source_json(source: SourceSummary) -> dict[str, Any]:
    return {"path": source.path, "rows": source.rows, "matched": source.matched,
            "unmatched": source.unmatched, "skipped": source.skipped,
            "first": source.first.isoformat() if source.first else None,
            "last": source.last.isoformat() if source.last else None}


def json_fields(info: RunInfo) -> dict[str, Any]:
    """The run's keys of every report's JSON document (`**json_fields(...)` at its end)."""
    return {"excluded": [excluded_json(e) for e in info.excluded],
            "sources": [source_json(s) for s in info.sources]}


def json_members(info: RunInfo) -> str:
    """`json_fields` as the members of a document written out by hand, two spaces in, each
    ending in `,\\n`, for the streamed documents to put before their closing keys."""
    return "".join(f"  {json.dumps(key)}: {json.dumps(value, ensure_ascii=False)},\n"
                   for key, value in json_fields(info).items())


def left_out(info: RunInfo) -> str:
    """`2 records and 1 reference`: what the run left out, counted."""
    records = sum(not e.reference for e in info.excluded)
    references = len(info.excluded) - records
    parts = [f"{records} record{'s' if records != 1 else ''}" if records else "",
             f"{references} reference{'s' if references != 1 else ''}" if references else ""]
    return " and ".join(p for p in parts if p)


def stderr_lines(info: RunInfo) -> list[str]:
    """What the run says on stderr: the warning naming each left-out record and reference,
    once."""
    if not info.excluded:
        return []
    lines = [f"warning: left out what does not load, {left_out(info)} (`abmctl lint` "
             "lists every error):"]
    lines += [terminal(f"  {e.where}: {e.code} {e.message}") for e in info.excluded]
    return lines


def warn(info: RunInfo, echo: Callable[[str], None] | None = None) -> None:
    """The run's warnings on stderr (every format: stdout stays the report)."""
    if echo is None:
        import typer

        def echo(line: str) -> None:
            typer.echo(line, err=True)
    for line in stderr_lines(info):
        echo(line)
