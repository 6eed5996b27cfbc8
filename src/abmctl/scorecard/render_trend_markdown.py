"""The scorecard trend as Markdown for the quarterly review: the table with a sparkline per
metric and the latest period's status."""

from __future__ import annotations

from abmctl.output.escape import markdown
from abmctl.output.formats import View
from abmctl.output.text import sparkline
from abmctl.scorecard.metrics import percent
from abmctl.scorecard.render_markdown import DOT
from abmctl.scorecard.render_trend_text import heading
from abmctl.scorecard.trend import Trend, TrendRow, group_title


def render(trend: Trend, view: View) -> str:
    return render_markdown(trend)


def render_markdown(trend: Trend) -> str:
    labels = [card.label for card in trend.cards]
    lines = [f"# {heading(trend)}", ""]
    lines += [f"> **Note:** {markdown(note)}" for note in trend.notes]
    if trend.notes:
        lines.append("")
    lines += [
        "| Metric | " + " | ".join(labels) + " | Trend | Latest |",
        "|---|" + "---:|" * len(labels) + "---|---|",
    ]
    lines += [_row(row, trend) for row in trend.rows]
    return "\n".join(lines) + "\n"


def _row(row: TrendRow, trend: Trend) -> str:
    name = row.title if row.group is None else f"↳ {markdown(group_title(trend.by, row.group))}"
    values = " | ".join(percent(p.value) for p in row.points)
    spark = sparkline([p.value for p in row.points]).replace(" ", "·")
    return f"| {name} | {values} | `{spark}` | {DOT[row.status]} {row.status} |"
