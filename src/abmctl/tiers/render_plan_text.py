"""The tier plan at a terminal: where the window stands, the moves with their reasons, the
held moves, capacity, and a one-line summary."""

from __future__ import annotations

import io
from datetime import date
from typing import TYPE_CHECKING

from abmctl.engine.windows import Window
from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.output.terminal import Paint, painter
from abmctl.output.text import plural
from abmctl.tiers.plan import Move, Plan, TierLoad

if TYPE_CHECKING:
    from rich.table import Table

KIND_STYLE = {"promoted": "green", "demoted": "yellow", "leaving": "red"}


def window_line(window: Window, as_of: date) -> str:
    """`Review window open until 2026-10-14.` or `... closed; the next opens on 2027-01-01.`"""
    if window.is_open(as_of):
        return f"Review window open until {window.end} (opened {window.start})."
    return (f"Review window closed (it ran {window.start} to {window.end}); "
            f"the next opens on {window.next_start}.")


def summary_line(plan: Plan) -> str:
    """`3 changes: 1 promotion, 1 demotion, 1 leaving the list, 0 held.`"""
    if not plan.changes and not plan.held:
        return "No tier changes: every account keeps its tier."
    up = sum(m.kind == "promoted" for m in plan.changes)
    down = sum(m.kind == "demoted" for m in plan.changes)
    parts = [plural(up, "promotion"), plural(down, "demotion"),
             f"{len(plan.leaving)} leaving the list", f"{len(plan.held)} held"]
    return f"{plural(len(plan.changes), 'change')}: " + ", ".join(parts) + "."


def render(plan: Plan, view: View) -> str:
    return render_text(plan, color=view.color, width=view.width, with_summary=view.summary)


def render_text(plan: Plan, *, color: bool = False, width: int = 100,
                with_summary: bool = True) -> str:
    """The plan as rich text, ending with the counts line unless `with_summary` is off
    (--quiet); ANSI styles only when `color` (a terminal)."""
    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, color_system="standard" if color
                      else None, width=width, highlight=False, emoji=False, markup=False)
    console.print(Text(f"Tier plan as of {plan.as_of}", style="bold"))
    console.print(Text(window_line(plan.window, plan.as_of),
                       style="green" if plan.is_open else "yellow"))
    for title, moves in (("Changes", plan.changes),
                         ("Held (capacity, owners, stale activity)", plan.held)):
        if not moves:
            continue
        laid = moves_lines(title, list(moves), width, painter(color))
        if laid is None:
            console.print(moves_table(title, list(moves)))
        else:
            console.file.write(laid)
    console.print(capacity_table(plan.capacity))
    if with_summary:
        console.print(Text(summary_line(plan), style="bold"))
    text = tidy(buffer.getvalue(), color)
    return text if with_summary else text.rstrip("\n") + "\n"


def tidy(text: str, color: bool) -> str:
    """Without colour, no trailing blanks (rich pads table lines to the table's width)."""
    if color:
        return text
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def moves_lines(title: str, moves: list[Move], width: int, paint: Paint) -> str | None:
    """`moves_table` as rich lays it out, written here: a plan at a million rows holds
    thousands of accounts, and rich's table costs more than the whole JSON report. None when
    the table would not fit as rich fits it (a column cut short, a word wider than its column,
    unusual spacing or wide characters): the caller asks rich then."""
    from rich.cells import cell_len

    from abmctl.output.text import wrap

    tos = ["off list" if m.to_tier is None else str(m.to_tier) for m in moves]
    reasons = [terminal(m.reason) for m in moves]
    account = max(len("account"), *(len(m.account) for m in moves))
    to = max(len("to"), *map(len, tos))
    room = width - (account + to + 15)  # the edges, three gaps and the 4-wide "from"
    reason = min(max(len("reason"), *map(len, reasons)), room)
    if (to > 8 or any(len(str(m.from_tier)) > 4 for m in moves) or reason < len("reason")
            or not all(_plain_text(r, reason) and cell_len(r) == len(r) for r in reasons)
            or any(cell_len(m.account) != len(m.account) for m in moves)):
        return None
    head = f" {'account':<{account}}   from   {'to':>{to}}   {'reason':<{reason}} "
    lines = [paint(title, "italic"), "", paint(head, "bold"),
             f" {'─' * (account + to + reason + 13)} "]
    blank = " " * (account + to + 14)
    for move, target, text in zip(moves, tos, reasons, strict=True):
        cut = wrap(text, reason)
        lines.append(f" {move.account:<{account}}   {move.from_tier:>4}   "
                     f"{paint(f'{target:>{to}}', KIND_STYLE[move.kind])}   "
                     f"{cut[0]:<{reason}} ")
        lines += [f"{blank}{more:<{reason}} " for more in cut[1:]]
    lines.append("")
    return "".join(line + "\n" for line in lines)


def _plain_text(text: str, width: int) -> bool:
    """Single-spaced words, none wider than `width`: what `wrap` cuts as rich does."""
    return (bool(text) and "  " not in text and text == text.strip() and text.isprintable()
            and all(len(word) <= width for word in text.split(" ")))


def moves_table(title: str, moves: list[Move]) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    table.add_column("account", no_wrap=True)
    table.add_column("from", justify="right", no_wrap=True, max_width=4)
    table.add_column("to", justify="right", no_wrap=True, max_width=8)
    table.add_column("reason")
    for move in moves:
        to = "off list" if move.to_tier is None else str(move.to_tier)
        table.add_row(move.account, str(move.from_tier), Text(to, style=KIND_STYLE[move.kind]),
                      terminal(move.reason))
    return table


def capacity_table(loads: tuple[TierLoad, ...]) -> Table:
    from rich import box
    from rich.table import Table
    from rich.text import Text

    table = Table(title="Capacity", title_justify="left", box=box.SIMPLE_HEAD, pad_edge=False)
    for name in ("tier", "before", "after", "max"):
        table.add_column(name, justify="left" if name == "tier" else "right")
    for load in loads:
        over = load.max_accounts is not None and load.after > load.max_accounts
        limit = "—" if load.max_accounts is None else str(load.max_accounts)
        table.add_row(f"{load.tier} {terminal(load.name)}", str(load.before),
                      Text(str(load.after), style="bold red" if over else ""), limit)
    return table
