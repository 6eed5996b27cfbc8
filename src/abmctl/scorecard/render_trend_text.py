"""The scorecard trend at a terminal: a row per metric (and per group of a breakdown, indented
under it), a column per period, a sparkline, and the latest period's status."""

from __future__ import annotations

from typing import TYPE_CHECKING

from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.output.text import MONTHS, plural, sparkline
from abmctl.scorecard.render_text import STYLE, head_rule, shown, trimmed
from abmctl.scorecard.trend import Trend, group_title

if TYPE_CHECKING:
    from rich.table import Table


def render(trend: Trend, view: View) -> str:
    return render_text(trend, view)


PLAIN = View()


def heading(trend: Trend) -> str:
    """`Scorecard trend: 6 months, 2026-06 to 2026-11 (as of 2026-11-23), by territory`."""
    first, last = trend.cards[0], trend.cards[-1]
    span = first.label if len(trend.cards) == 1 else f"{first.label} to {last.label}"
    by = f", by {trend.by}" if trend.by else ""
    return (f"Scorecard trend: {plural(len(trend.cards), trend.unit)}, {span} "
            f"(as of {trend.as_of}){by}")


def render_text(trend: Trend, view: View = PLAIN) -> str:
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=view.color,
                      color_system="standard" if view.color else None, width=view.width,
                      highlight=False, emoji=False, markup=False)
    console.print(Text(heading(trend), style="bold"))
    for note in trend.notes if view.summary else ():
        console.print(Text(f"note: {terminal(note)}", style="dim"))
    console.print()
    names = [row.title if row.group is None else f"  {terminal(group_title(trend.by, row.group))}"
             for row in trend.rows]
    full = _width(trend, max(map(len, names)), [card.label for card in trend.cards], 2)
    narrow = full > view.width
    if narrow:  # no column is ever dropped: a table wider than the terminal wraps there
        least = _width(trend, NAME_MIN, _short_labels(trend), 2)
        console.width = max(view.width, least)
    console.print(_table(trend, view, names, narrow))
    return buffer.getvalue() if view.color else trimmed(buffer.getvalue())


NAME_MIN = 10  # the metric's name wraps down to this many columns


def _width(trend: Trend, name: int, labels: list[str], gap: int) -> int:
    """The table's width with the metric's names `name` wide and `gap` between columns."""
    cells = sum(max(len(label), 4) for label in labels)  # `100%`
    fixed = max(len(trend.cards), len("Trend")) + len("yellow")  # the sparkline, the status
    return name + cells + fixed + gap * (len(labels) + 2)


def _table(trend: Trend, view: View, names: list[str], narrow: bool) -> Table:
    """Full period labels two spaces apart when they fit the width; else short ones (`Jun`,
    `Q4`: the heading names the span) one space apart, the metric's name wrapping last."""
    from rich.table import Table
    from rich.text import Text

    labels = _short_labels(trend) if narrow else [c.label for c in trend.cards]
    table = Table(box=head_rule(view.unicode), pad_edge=False, show_edge=False,
                  collapse_padding=True, padding=(0, 0, 0, 1) if narrow else (0, 1))
    table.add_column("Metric", no_wrap=not narrow, overflow="fold", min_width=NAME_MIN)
    for label in labels:
        table.add_column(label, justify="right", no_wrap=True, min_width=4)
    table.add_column("Trend", no_wrap=True, min_width=len(trend.cards))
    table.add_column("Latest", no_wrap=True, min_width=6)
    for name, row in zip(names, trend.rows, strict=True):
        spark = sparkline([p.value for p in row.points], unicode=view.unicode)
        table.add_row(Text(name, style="" if row.group else "bold"),
                      *(shown(p.value, view.unicode) for p in row.points),
                      Text(spark, style=STYLE[row.status]),
                      Text(row.status, style=STYLE[row.status]))
    return table


def _short_labels(trend: Trend) -> list[str]:
    return [short_label(card.label, len(trend.cards)) for card in trend.cards]


def short_label(label: str, count: int = 12) -> str:
    """`2026Q4` -> `26Q4`; `2026-11` -> `Nov`, or `11/26` when the trend runs over more than
    `count` (12) months, so no two columns read the same."""
    if "Q" in label:
        return label[2:]
    if len(label) != 7:
        return label
    return MONTHS[int(label[5:7]) - 1] if count <= 12 else f"{label[5:7]}/{label[2:4]}"
