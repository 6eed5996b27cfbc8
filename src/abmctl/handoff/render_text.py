"""Handoffs at a terminal: a table, most urgent first (SLA breaches marked), a one-line summary;
with details, one panel per account holding its packet."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from abmctl.handoff.packet import Packet
from abmctl.handoff.report import Handoff, HandoffReport
from abmctl.output.escape import terminal, terminal_block
from abmctl.output.formats import View
from abmctl.output.text import column_stamp, plural, stamp

if TYPE_CHECKING:
    from rich.console import RenderableType
    from rich.table import Table

SLA_STYLE = {"breached": "bold red", "met": "green", "pending": "yellow"}
TRANSITION_STYLE = {"to_engagement": "cyan", "to_active": "bold green", "hot": "bold magenta"}
NO_ACTIVITY = "no activity files (give --signals or add registry/signals/): only booked " \
              "meetings on the accounts themselves were checked"


def summary(report: HandoffReport) -> str:
    """`N handoffs, M overdue; U unmatched rows, S skipped rows`."""
    return (f"{plural(len(report.handoffs), 'handoff')}, {report.overdue} overdue; "
            f"{plural(report.unmatched_rows, 'unmatched row')}, "
            f"{plural(report.skipped_rows, 'skipped row')}")


def render(report: HandoffReport, view: View) -> str:
    return render_text(report, details=view.details, color=view.color, width=view.width,
                       with_summary=view.summary)


def render_text(report: HandoffReport, *, details: bool = False, color: bool = False,
                width: int = 100, with_summary: bool = True) -> str:
    """The report as rich text, ending with the counts line unless `with_summary` is off
    (--quiet); ANSI styles only when `color` (a terminal)."""
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, color_system="standard" if color
                      else None, width=width, highlight=False, emoji=False, markup=False)
    console.print(Text(f"Handoffs as of {report.as_of.isoformat()}", style="bold"))
    if not report.has_activity:
        console.print(Text(f"note: {NO_ACTIVITY}", style="dim"))
    if report.handoffs:
        pieces = _table(report.handoffs, width)
        if color:
            table = Text.assemble(*pieces)
            table.rstrip()
            console.print(table, no_wrap=True, overflow="ignore", crop=False)
        else:  # what rich would write (ids are slugs: no tabs, no control codes), without
            # laying out twenty thousand lines one by one
            buffer.write("".join(text for text, _ in pieces).rstrip() + "\n")
    else:
        console.print(Text("No account needs a handoff.", style="green"))
    if details:
        for group in by_account(report.handoffs):
            console.print(_panel(group))
    if with_summary:
        console.print(Text(summary(report), style="bold red" if report.overdue else "bold"))
    text = buffer.getvalue()
    return text if color else "".join(line.rstrip() + "\n" for line in text.splitlines())


def by_account(handoffs: Sequence[Handoff]) -> list[list[Handoff]]:
    """The handoffs grouped by account, in the order each account first appears."""
    groups: dict[str, list[Handoff]] = {}
    for handoff in handoffs:
        groups.setdefault(handoff.account.id, []).append(handoff)
    return list(groups.values())


def route_text(handoff: Handoff) -> str:
    route = handoff.route
    if route.to == "standard":
        return "standard process"
    return f"{route.to} {route.person or '(none named)'}"


def sla_text(handoff: Handoff) -> str:
    """`met 2026-11-19 16:00`, `BREACHED` or `pending`, for a column whose header says UTC."""
    if handoff.sla_status == "met" and handoff.followed_up is not None:
        return f"met {column_stamp(handoff.followed_up)}"
    return "BREACHED" if handoff.sla_breached else "pending"


def _table(handoffs: Sequence[Handoff], width: int = 100) -> list[tuple[str, str]]:
    """Aligned columns, the alert under the route, as (text, style) pieces ("": unstyled).
    Not a rich Table: a million-row run can hand off ten thousand accounts, and rich lays a
    table out cell by cell (seconds at that size). Narrower than the table: `_narrow`."""
    cells = [
        (h.account.id, str(h.account.tier), h.transition, route_text(h), column_stamp(h.due),
         sla_text(h))
        for h in handoffs
    ]
    header = ("account", "tier", "transition", "route (+ alert)", "due (UTC)", "SLA")
    widths = [max(len(row[n]) for row in [header, *cells]) for n in range(len(header))]
    starts = [sum(widths[:n]) + 2 * n for n in range(len(widths))]
    if starts[-1] + widths[-1] > width:
        return _narrow(handoffs, cells, width)
    last = len(header) - 1
    pieces: list[tuple[str, str]] = [
        (_cell(name, widths[n], n == 1, n == last), "bold") for n, name in enumerate(header)]
    pieces.append(("\n" + "─" * (starts[-1] + widths[-1]) + "\n", ""))
    for handoff, row in zip(handoffs, cells, strict=True):
        styles = ("", "", TRANSITION_STYLE[handoff.transition], "", "",
                  SLA_STYLE[handoff.sla_status])
        pieces += [(_cell(value, widths[n], n == 1, n == last), styles[n])
                   for n, value in enumerate(row)]
        pieces.append(("\n", ""))
        if handoff.route.alert:
            pieces.append((" " * starts[3] + f"+ {', '.join(handoff.route.alert)}\n", "dim"))
    return pieces


def _narrow(handoffs: Sequence[Handoff], cells: Sequence[tuple[str, ...]], width: int
            ) -> list[tuple[str, str]]:
    """The table for a narrow terminal: account, tier, transition and route on one line, the
    due time, the SLA and the alert on the next."""
    from abmctl.output.text import wrap

    header = ("account", "tier", "transition", "route")
    widths = [max(len(row[n]) for row in [header, *cells]) for n in range(len(header))]
    pieces: list[tuple[str, str]] = [
        (_cell(name, widths[n], n == 1, n == 3), "bold") for n, name in enumerate(header)]
    pieces.append(("\n", ""))
    pieces.append(("─" * min(width, sum(widths) + 6) + "\n", ""))
    for handoff, row in zip(handoffs, cells, strict=True):
        pieces += [(_cell(value, widths[n], n == 1, n == 3),
                    TRANSITION_STYLE[handoff.transition] if n == 2 else "")
                   for n, value in enumerate(row[:4])]
        pieces += [(f"\n  due {stamp(handoff.due)} · ", ""),
                   (row[5], SLA_STYLE[handoff.sla_status])]
        if handoff.route.alert:
            alert = " · alert " + ", ".join(handoff.route.alert)
            used = 12 + len(row[4]) + len(row[5])
            lines = wrap(alert, max(width - used, 20), "    ", first="", break_long=True)
            pieces.append(("\n".join([lines[0], *(f"  {line}" for line in lines[1:])]), "dim"))
        pieces.append(("\n", ""))
    return pieces


def _cell(value: str, width: int, right: bool, last: bool) -> str:
    if last:
        return value
    return (value.rjust(width) if right else value.ljust(width)) + "  "


def _panel(group: Sequence[Handoff]) -> RenderableType:
    from rich.console import Group
    from rich.panel import Panel

    account = group[0].account
    title = f"{account.id} · {terminal(account.name)} · Tier {account.tier} · {account.stage}"
    parts: list[RenderableType] = [_transitions(group)]
    if group[0].packet is not None:
        parts.append(_packet(group[0].packet))
    return Panel(Group(*parts), title=title, title_align="left", expand=True)


def _transitions(group: Sequence[Handoff]) -> Table:
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold")
    for handoff in group:
        line = Text(f"{stamp(handoff.at)} → {route_text(handoff)}")
        if handoff.route.alert:
            line.append(f"; alert {', '.join(handoff.route.alert)}")
        line.append(f"\ndue {stamp(handoff.due)} · SLA ")
        line.append(sla_text(handoff), style=SLA_STYLE[handoff.sla_status])
        rows = [(s.occurred_at, s.type, s.contact, s.detail, False) for s in handoff.signals]
        body = Group(line, _rows(rows)) if rows else line
        grid.add_row(Text(handoff.transition, style=TRANSITION_STYLE[handoff.transition]),
                     body)
    return grid


def _packet(packet: Packet) -> Table:
    from rich.table import Table
    from rich.text import Text

    grid = Table.grid(padding=(0, 2))
    grid.add_column(no_wrap=True, style="bold", min_width=13)
    grid.add_column(overflow="fold")
    grid.add_row("research", terminal_block(packet.research) if packet.research
                 else Text("(none recorded)", style="dim"))
    content = [f"{terminal(c.detail)} ({_times(c.count, c.type)}, last {stamp(c.last)})"
               for c in packet.content_consumed[:6]]
    grid.add_row("content", "; ".join(content) or Text("(none)", style="dim"))
    topics = [terminal(f"{t.topic} ({t.source}{f' {t.score:g}' if t.score is not None else ''})")
              for t in packet.intent_topics[:6]]
    grid.add_row("intent topics", "; ".join(topics) or Text("(none)", style="dim"))
    grid.add_row("approach", Text(terminal(packet.suggested_approach), style="bold"))
    shown = packet.engagement_history  # the last entries: --history says how many
    label = f"last {len(shown)} of {shown.total}" if shown.left_out else "all"
    grid.add_row("history", Text(f"{label}; * = made a qualifying signal", style="dim"))
    if shown:
        grid.add_row("", _rows([(e.occurred_at, e.type, e.contact, e.detail, e.qualifying)
                                for e in shown], mark=True))
    return grid


def _rows(rows: Sequence[tuple[datetime, str, str | None, str | None, bool]],
          mark: bool = False) -> Table:
    """Activity rows as aligned columns: when, (*), type, who and what."""
    from rich.table import Table

    grid = Table.grid(padding=(0, 1))
    grid.add_column(no_wrap=True, style="dim")
    if mark:
        grid.add_column(no_wrap=True, width=1)
    grid.add_column(no_wrap=True)
    grid.add_column(overflow="fold", style="dim")
    for moment, kind, contact, detail, qualifying in rows:
        facts = terminal("  ".join(f for f in (contact, detail) if f))
        cells = [stamp(moment), *(["*" if qualifying else ""] if mark else []), kind, facts]
        grid.add_row(*cells)
    return grid


def _times(count: int, kind: str) -> str:
    return plural(count, "download" if kind == "content_download" else "visit")
