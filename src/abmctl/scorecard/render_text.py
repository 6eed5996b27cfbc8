"""The scorecard at a terminal: the health line on top, a table with a coloured status and a
bar per metric, then the accounts that pull each metric down."""

from __future__ import annotations

from fractions import Fraction
from typing import TYPE_CHECKING

from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.scorecard.metrics import Metric, Scorecard, percent

if TYPE_CHECKING:
    from rich.box import Box
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

STYLE = {"green": "bold green", "yellow": "bold yellow", "red": "bold red", "n/a": "dim"}
BAR = 20
LISTED = 5


def render(card: Scorecard, view: View) -> str:
    return render_text(card, color=view.color, width=view.width, with_notes=view.summary,
                       unicode=view.unicode)


def render_text(card: Scorecard, *, color: bool = False, width: int = 100,
                with_notes: bool = True, unicode: bool = True) -> str:
    """The scorecard as rich text; its `note:` lines unless `with_notes` is off (--quiet:
    the scorecard has no counts line, its health line is the verdict); ANSI styles only
    when `color` (a terminal)."""
    import io

    from rich.console import Console
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(file=buffer, force_terminal=color, color_system="standard" if color
                      else None, width=width, highlight=False, emoji=False, markup=False)
    counted = f", counted to {card.counted_until}" if card.counted_until else ""
    console.print(Text(f"Scorecard {card.label} ({card.period.start} to {card.period.end}"
                       f"{counted})", style="bold"))
    console.print(Text.assemble(
        "Alignment health: ", (card.health.status.upper(), STYLE[card.health.status]),
        f" ({terminal(card.health.reason)})",
    ))
    for note in card.notes if with_notes else ():
        console.print(Text(f"note: {terminal(note)}", style="dim"))
    console.print()
    console.print(_table(card, width, unicode))
    _pulling_down(console, card, unicode)
    return buffer.getvalue() if color else trimmed(buffer.getvalue())


def trimmed(text: str) -> str:
    """Plain output without the padding rich adds up to the console width."""
    return "".join(line.rstrip() + "\n" for line in text.splitlines())


def _table(card: Scorecard, width: int = 100, unicode: bool = True) -> Table:
    """One row per metric, names on one line: the bar gives up room first (20 down to 5)."""
    from rich.table import Table

    rows = [(m.title, percent(m.value), percent(m.target), percent(m.red_below),
             f"{m.numerator}/{m.denominator}", m.status) for m in card.metrics]
    header = ("Metric", "Value", "Target", "Red below", "Count", "Status")
    text = sum(max(len(row[n]) for row in [header, *rows]) for n in range(len(header)))
    bar = max(5, min(BAR, width - text - 2 * 6))  # two spaces between the seven columns
    table = Table(box=head_rule(unicode), pad_edge=False, show_edge=False,
                  collapse_padding=True)
    table.add_column("Metric", no_wrap=True)
    table.add_column("Value", justify="right")
    table.add_column("", no_wrap=True)
    table.add_column("Target", justify="right")
    table.add_column("Red below", justify="right")
    table.add_column("Count", justify="right")
    table.add_column("Status")
    for metric in card.metrics:
        table.add_row(metric.title, shown(metric.value, unicode), _bar(metric, bar, unicode),
                      shown(metric.target, unicode), shown(metric.red_below, unicode),
                      f"{metric.numerator}/{metric.denominator}", _status(metric))
    return table


def head_rule(unicode: bool) -> Box:
    """The tables' one rule, under the header: `─`, or `-` on a terminal not in UTF-8."""
    from rich import box

    return box.SIMPLE_HEAD if unicode else box.Box("    \n" * 2 + " -- \n" + "    \n" * 5)


def shown(value: Fraction | None, unicode: bool = True) -> str:
    """`percent`, with `-` for no value where the terminal cannot show `—`."""
    return percent(value) if unicode or value is not None else "-"


def _bar(metric: Metric, size: int = BAR, unicode: bool = True) -> Text:
    from rich.text import Text

    value = metric.value if metric.value is not None else Fraction(0)
    filled = round(value * size)
    full, empty = ("█", "░") if unicode else ("#", ".")  # ASCII: a terminal not in UTF-8
    return Text.assemble((full * filled, STYLE[metric.status]), (empty * (size - filled), "dim"))


def _status(metric: Metric) -> Text:
    from rich.text import Text

    note = f" ({metric.note})" if metric.note else ""
    return Text.assemble((metric.status, STYLE[metric.status]), (note, "dim"))


def _pulling_down(console: Console, card: Scorecard, unicode: bool = True) -> None:
    from rich.padding import Padding
    from rich.table import Table
    from rich.text import Text

    for metric in card.metrics:
        if not metric.pulling_down:
            continue
        console.print()
        console.print(Text(f"{metric.title}: {len(metric.pulling_down)} pulling it down",
                           style="bold"))
        shown = [(terminal(p.subject), terminal(p.reason)) for p in metric.pulling_down[:LISTED]]
        grid = Table.grid(padding=(0, 2))  # the reason wraps under itself, not under the name
        grid.add_column(no_wrap=True, style="cyan")
        grid.add_column()
        for subject, reason in shown:
            grid.add_row(subject, reason)
        console.print(Padding(grid, (0, 0, 0, 2)))
        if len(metric.pulling_down) > LISTED:
            more = "…" if unicode else "..."
            console.print(Text(f"  {more} and {len(metric.pulling_down) - LISTED} more "
                               "(--format json lists them all)", style="dim"))
