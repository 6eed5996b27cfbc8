"""`tiers history` at a terminal: per period, the moves and the tier sizes at its end, then
each period's commits; or one account's tier changes."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.output.text import plural, wrap
from abmctl.scorecard.render_text import head_rule
from abmctl.tiers.diff import KIND_ORDER
from abmctl.tiers.history import CommitSummary, HistoryReport, TierSize, by_commit
from abmctl.tiers.render_plan_text import tidy

if TYPE_CHECKING:
    from rich.console import Console


def render(report: HistoryReport, view: View) -> str:
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=view.color, color_system="standard"
                      if view.color else None, width=view.width, highlight=False, emoji=False,
                      markup=False)
    if report.account is not None:
        _account(report, console, view.unicode)
    else:
        _periods(report, console, view)
    text = tidy(buffer.getvalue(), view.color)
    return text if view.summary else text.rstrip("\n") + "\n"


def _periods(report: HistoryReport, console: Console, view: View) -> None:
    from rich.table import Table
    from rich.text import Text

    first, last = report.periods[0].label, report.periods[-1].label
    console.print(Text(f"Tier history by {report.by}, {first} to {last} (as of "
                       f"{report.as_of})", style="bold"))
    tiers = sorted({s.tier for p in report.periods for s in p.sizes})
    table = Table(box=head_rule(view.unicode), pad_edge=False)
    table.add_column(report.by)
    for name in KIND_ORDER:
        table.add_column(name, justify="right")
    for tier in tiers:
        table.add_column(f"tier {tier}", justify="right")
    over = False
    for period in report.periods:
        sizes = {s.tier: s for s in period.sizes}
        over = over or any(s.over for s in period.sizes)
        table.add_row(period.label, *(f"{n:,}" for n in period.counts.values()),
                      *(_size(sizes.get(t), view.unicode) for t in tiers))
    console.print(table)
    if tiers:
        names = ", ".join(terminal(f"{s.tier} {s.name}") for s in report.periods[-1].sizes
                          if s.name)
        legend = (f"Tiers: accounts at each {report.by}'s end / max_accounts then"
                  f"{' (! over it)' if over else ''}; {names}.")
        console.print("\n".join(wrap(legend, view.width)))
    for period in report.periods:
        commits = by_commit(period.events)
        if commits:
            console.print()
            console.print(Text(f"{period.label}: {plural(len(commits), 'commit')}",
                               style="bold"))
            for commit in commits:
                console.print("\n".join(wrap(_commit_line(commit, view.unicode), view.width,
                                             "    ",
                                             first="  ")))
    if view.summary:
        changes = sum(len(p.events) for p in report.periods)
        if tiers:  # the table ends with a blank line of its own
            console.print()
        console.print(Text(f"{changes:,} tier change{'' if changes == 1 else 's'} in "
                           f"{plural(len(report.periods), report.by)}.", style="bold"))


def _size(size: TierSize | None, unicode: bool = True) -> str:
    if size is None:
        return _none(unicode)
    shown = f"{size.accounts:,}" if size.max_accounts is None else \
        f"{size.accounts:,}/{size.max_accounts:,}"
    return f"{shown} !" if size.over else shown


def _commit_line(commit: CommitSummary, unicode: bool = True) -> str:
    counts = ", ".join(f"{n:,} {kind}" for kind, n in commit.counts)
    dash = "—" if unicode else "--"
    return terminal(f"{commit.day} {commit.commit[:12]} {commit.author}: "
                    f"{commit.subject} {dash} {counts}")


def _account(report: HistoryReport, console: Console, unicode: bool = True) -> None:
    from rich.table import Table
    from rich.text import Text

    name = next((e.name for e in reversed(report.events) if e.name), "")
    title = f"Tier history of {report.account}" + (f" ({name})" if name else "")
    console.print(Text(terminal(title), style="bold"))
    table = Table(box=head_rule(unicode), pad_edge=False)
    for column in ("date", "change", "from", "to", "commit", "author", "subject"):
        table.add_column(column, justify="right" if column in ("from", "to") else "left",
                         no_wrap=column in ("date", "change", "commit"))
    for event in report.events:
        table.add_row(str(event.day), event.kind, _tier(event.before, unicode),
                      _tier(event.after, unicode), event.commit[:12], terminal(event.author),
                      terminal(event.subject))
    console.print(table)


def _tier(tier: int | None, unicode: bool = True) -> str:
    return _none(unicode) if tier is None else str(tier)


def _none(unicode: bool) -> str:
    """No value: `—`, or `-` on a terminal not in UTF-8 (as the scorecard's `shown`)."""
    return "—" if unicode else "-"

