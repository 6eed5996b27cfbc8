"""Overlap conflicts as GitHub Actions annotations: who decides and the default resolution
ride along in the message, so the pull request shows the answer next to the problem."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from abmctl.findings import Finding
from abmctl.output.findings_github import escape_data, escape_property
from abmctl.overlap.groups import ordered

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def annotation(conflict: Finding) -> str:
    """`::warning file=registry/plays/x.yaml,line=4,title=ABM601 northwind::message ...`."""
    properties = []
    if conflict.path:
        properties.append(f"file={escape_property(conflict.path)}")
        if conflict.line:
            properties.append(f"line={conflict.line}")
    title = f"{conflict.code} {conflict.account}" if conflict.account else conflict.code
    properties.append(f"title={escape_property(title)}")
    text = conflict.message
    if conflict.decides:
        text += f". Decides: {conflict.decides}"
    if conflict.resolution:
        text += f". Resolution: {conflict.resolution}"
    return f"::{_COMMAND[conflict.severity]} {','.join(properties)}::{escape_data(text)}"


def render_github(conflicts: Sequence[Finding], notes: Sequence[str] = ()) -> str:
    """One annotation per conflict; each note as a `::notice::`."""
    return "".join(github_lines(conflicts, notes))


def github_lines(conflicts: Sequence[Finding], notes: Sequence[str] = ()) -> Iterator[str]:
    """`render_github`'s lines, each with its newline, for printing as they come."""
    for note in notes:
        yield f"::notice::{escape_data(note)}\n"
    for conflict in ordered(conflicts):
        yield annotation(conflict) + "\n"
