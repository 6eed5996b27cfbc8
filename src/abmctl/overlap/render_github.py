"""Overlap conflicts as GitHub Actions annotations: who decides and the default resolution
ride along in the message, so the pull request shows the answer next to the problem."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from abmctl.findings import Finding
from abmctl.output.formats import View
from abmctl.output.text import annotation
from abmctl.overlap.groups import OverlapReport, ordered


def render(report: OverlapReport, view: View) -> Iterator[str]:
    return github_lines(report.conflicts, report.notes)


def conflict_annotation(conflict: Finding) -> str:
    """`::warning file=registry/plays/x.yaml,line=4,title=ABM601 northwind::message ...`."""
    title = f"{conflict.code} {conflict.account}" if conflict.account else conflict.code
    text = conflict.message
    if conflict.decides:
        text += f". Decides: {conflict.decides}"
    if conflict.resolution:
        text += f". Resolution: {conflict.resolution}"
    return annotation(conflict.severity, text, path=conflict.path, line=conflict.line,
                      title=title)


def github_lines(conflicts: Sequence[Finding], notes: Sequence[str] = ()) -> Iterator[str]:
    """One `::notice` per note, then one annotation per conflict, each line with its newline,
    for printing as they come."""
    for note in notes:
        yield annotation("info", note) + "\n"
    for conflict in ordered(conflicts):
        yield conflict_annotation(conflict) + "\n"
