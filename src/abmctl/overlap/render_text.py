"""Overlap conflicts for a person at a terminal: grouped by account, most severe first, each
with who decides and the default resolution, and a one-line summary on top.

Lines are laid out here (a 10,000-account registry can have 100,000 conflicts, too many for a
layout engine); rich only turns styles into ANSI codes, and only on a terminal.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from abmctl.findings import Finding
from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.output.terminal import Paint, painter
from abmctl.output.text import wrap
from abmctl.overlap.groups import (
    Listed,
    OverlapReport,
    by_account,
    extra_lists,
    headline,
    repeats_note,
)

_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
_INDENT = 19  # "  warning  ABM601  "


def render(report: OverlapReport, view: View) -> Iterator[str]:
    return text_lines(report.conflicts, report.as_of, report.notes, color=view.color,
                      width=view.width, every=report.every)


def render_text(conflicts: Sequence[Finding], as_of: date, notes: Sequence[str] = (), *,
                color: bool = False, width: int = 100, every: bool = False) -> str:
    """The conflicts as text, wrapped to `width`; ANSI styles only when `color`; repeats as
    one unless `every`."""
    return "".join(text_lines(conflicts, as_of, notes, color=color, width=width, every=every))


def text_lines(conflicts: Sequence[Finding], as_of: date, notes: Sequence[str] = (), *,
               color: bool = False, width: int = 100, every: bool = False) -> Iterator[str]:
    """`render_text`'s lines, each with its newline, for printing as they come: 150,000
    conflicts are 100 MB of text, too much to hold twice (text, then its encoding)."""
    paint = painter(color)
    groups = by_account(conflicts, every=every)
    grouped = repeats_note(sum(len(items) for _, items in groups), conflicts)
    for line in wrap(f"Overlap as of {as_of.isoformat()}: {headline(conflicts)}", width):
        yield paint(line, "bold" if conflicts else "bold green") + "\n"
    for note in [*notes, *([grouped] if grouped else [])]:
        for number, line in enumerate(wrap(f"note: {terminal(note)}", width - 6)):
            yield paint(line if number == 0 else f"      {line}", "dim") + "\n"
    room = max(width - _INDENT, 30)
    for account, items in groups:
        yield "\n" + paint(terminal(account), "bold underline") + "\n"
        for listed in items:
            for line in _conflict(listed, paint, room):
                yield line + "\n"


def _conflict(listed: Listed, paint: Paint, room: int) -> Iterator[str]:
    conflict = listed.conflict
    label = paint(f"  {conflict.severity:<7}", _STYLE[conflict.severity])
    lead = f"{label}  {paint(f'{conflict.code:<6}', 'bold')}  "
    pad = " " * _INDENT
    for index, (text, style) in enumerate(_paragraphs(listed)):
        for number, line in enumerate(wrap(terminal(text), room)):
            yield (lead if index == number == 0 else pad) + paint(line, style)


def _paragraphs(listed: Listed) -> Iterator[tuple[str, str]]:
    conflict = listed.conflict
    yield conflict.message, ""
    facts = []
    if conflict.decides:
        facts.append(f"decides: {conflict.decides}")
    if conflict.teams:
        facts.append(f"teams: {', '.join(conflict.teams)}")
    if conflict.plays:
        facts.append(f"plays: {', '.join(conflict.plays)}")
    if conflict.path:
        facts.append(f"{conflict.path}:{conflict.line}" if conflict.line else conflict.path)
    if facts:
        yield " · ".join(facts), "dim"
    for name, values in extra_lists(conflict).items():
        yield f"{name}: {'; '.join(values)}", "dim"
    if conflict.resolution:
        yield f"→ {conflict.resolution}", ""
    if listed.alike > 1:
        yield f"the latest of {listed.alike} alike on this account (--all lists each)", "dim"
