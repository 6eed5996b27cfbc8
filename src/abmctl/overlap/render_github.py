"""Overlap conflicts as GitHub Actions annotations: who decides and the default resolution
ride along in the message, so the pull request shows the answer next to the problem."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from abmctl.findings import Finding
from abmctl.output.formats import View
from abmctl.output.text import annotation
from abmctl.overlap.groups import OverlapReport, ordered, repeats_note


def render(report: OverlapReport, view: View) -> Iterator[str]:
    return github_lines(report.conflicts, report.notes, every=report.every)


def conflict_annotation(conflict: Finding, count: int = 1) -> str:
    """`::warning file=registry/plays/x.yaml,line=4,title=ABM601 northwind::message ...`."""
    title = f"{conflict.code} {conflict.account}" if conflict.account else conflict.code
    text = conflict.message
    if count > 1:
        text += f" (the latest of {count} alike on this account)"
    if conflict.decides:
        text += f". Decides: {conflict.decides}"
    if conflict.resolution:
        text += f". Resolution: {conflict.resolution}"
    return annotation(conflict.severity, text, path=conflict.path, line=conflict.line,
                      title=title)


def github_lines(conflicts: Sequence[Finding], notes: Sequence[str] = (), *,
                 every: bool = False) -> Iterator[str]:
    """One `::notice` per note, then one annotation per conflict (repeats as one unless
    `every`), each line with its newline, for printing as they come."""
    listed = ordered(conflicts, every=every)
    grouped = repeats_note(len(listed), conflicts)
    for note in [*notes, *([grouped] if grouped else [])]:
        yield annotation("info", note) + "\n"
    for conflict, count in listed:
        yield conflict_annotation(conflict, count) + "\n"
