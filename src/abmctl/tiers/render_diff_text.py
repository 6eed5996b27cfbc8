"""`tiers diff` at a terminal: the moves, the findings grouped by file, capacity, a summary."""

from __future__ import annotations

import io

from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.tiers.diff import TierDiff
from abmctl.tiers.render_diff_markdown import headline
from abmctl.tiers.render_plan_text import capacity_table, tidy, window_line

KIND_STYLE = {"promoted": "green", "demoted": "yellow", "added": "cyan", "removed": "red"}


def render(diff: TierDiff, view: View) -> str:
    return render_text(diff, color=view.color, width=view.width)


def render_text(diff: TierDiff, *, color: bool = False, width: int = 100) -> str:
    """The diff as rich text; ANSI styles only when `color` (a terminal)."""
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
    console.print(capacity_table(diff.capacity))
    console.print(Text(headline(diff) + ".", style="bold"))
    return tidy(buffer.getvalue(), color) + findings_text(list(diff.findings), color=color)
