"""`tiers diff` at a terminal: the moves, the findings grouped by file, capacity, a summary."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.tiers.diff import TierChange, TierDiff
from abmctl.tiers.render_diff_markdown import headline, plan_said, scores_said
from abmctl.tiers.render_plan_text import capacity_table, tidy, window_line

if TYPE_CHECKING:
    from rich.text import Text

KIND_STYLE = {"promoted": "green", "demoted": "yellow", "added": "cyan", "removed": "red"}


def render(diff: TierDiff, view: View) -> str:
    return render_text(diff, color=view.color, width=view.width, with_summary=view.summary)


def render_text(diff: TierDiff, *, color: bool = False, width: int = 100,
                with_summary: bool = True) -> str:
    """The diff as rich text, with its counts line and the findings' unless `with_summary`
    is off (--quiet); ANSI styles only when `color` (a terminal)."""
    from rich import box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    from abmctl.output.findings_text import render_text as findings_text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, color_system="standard" if color
                      else None, width=width, highlight=False, emoji=False, markup=False)
    console.print(Text(f"Tier changes {terminal(diff.base)} → {terminal(diff.head)}, checked as of "
                       f"{diff.as_of}",
                       style="bold"))
    console.print(Text(window_line(diff.window, diff.as_of),
                       style="green" if diff.is_open else "yellow"))
    if diff.changes:
        table = Table(box=box.SIMPLE_HEAD, pad_edge=False)
        for name in ("account", "change", "from", "to", "where"):
            table.add_column(name, justify="right" if name in ("from", "to") else "left")
        for c in diff.changes:
            table.add_row(c.account, Text(c.kind, style=KIND_STYLE[c.kind]),
                          "—" if c.from_tier is None else str(c.from_tier),
                          "—" if c.to_tier is None else str(c.to_tier),
                          terminal(f"{c.path}:{c.line}" if c.line else c.path))
        console.print(table)
        for c in diff.changes:
            console.print(_details(diff, c, width))
        console.print()
    console.print(capacity_table(diff.capacity))
    if with_summary:
        console.print(Text(headline(diff) + ".", style="bold"))
    text = tidy(buffer.getvalue(), color) + findings_text(
        list(diff.findings), color=color, width=width, with_summary=with_summary)
    return text if with_summary else text.rstrip("\n") + "\n"


def _details(diff: TierDiff, change: TierChange, width: int) -> Text:
    """An account's scores against the target tier, the plan's verdict, its findings: a
    line each, a long one continued under its value."""
    from rich.text import Text

    from abmctl.output.text import wrap

    found = ", ".join(f"{f.code} {f.severity}" for f in diff.findings_of(change)) or "none"
    plan = plan_said(diff, change)
    agrees = change.verdict is None or change.verdict.agrees
    text = Text(terminal(change.account), style="bold")
    for label, value, style in (("scores", scores_said(change), ""),
                                ("plan", plan, "" if agrees else "yellow"),
                                ("findings", found, "" if found == "none" else "red")):
        if not value:
            continue
        first = f"  {label:<9} "
        for line in wrap(terminal(value), width, " " * len(first), first=first,
                         break_long=True):
            text.append("\n" + line[:len(first)])
            text.append(line[len(first):], style=style)
    return text
