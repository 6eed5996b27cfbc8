"""The scorecard as Markdown for the joint quarterly review (both teams read the metrics
together, in the same room): the table, the health line, and who pulls each metric down."""

from __future__ import annotations

from abmctl.output.escape import markdown, markdown_code
from abmctl.output.formats import View
from abmctl.scorecard.metrics import Metric, Scorecard, percent

LISTED = 10  # accounts named per metric; the rest are counted
DOT = {"green": "🟢", "yellow": "🟡", "red": "🔴", "n/a": "⚪"}



def render(card: Scorecard, view: View) -> str:
    return render_markdown(card)


def render_markdown(card: Scorecard) -> str:
    lines = [
        f"# Scorecard {card.label} ({card.period.start} to {card.period.end})",
        "",
        f"**Alignment health: {DOT[card.health.status]} {card.health.status}** — "
        f"{markdown(card.health.reason)}",
        "",
    ]
    lines += [f"> **Note:** {markdown(note)}" for note in card.notes]
    if card.notes:
        lines.append("")
    lines += [
        "| Metric | Value | Target | Red below | Count | Status |",
        "|---|---:|---:|---:|---:|---|",
    ]
    lines += [_row(m) for m in card.metrics]
    pulled = [m for m in card.metrics if m.pulling_down]
    if pulled:
        lines += ["", "## What pulls each metric down"]
    for metric in pulled:
        lines += ["", f"**{metric.title}** ({len(metric.pulling_down)})", ""]
        lines += [f"- {markdown_code(p.subject)}: {markdown(p.reason)}"
                  for p in metric.pulling_down[:LISTED]]
        if len(metric.pulling_down) > LISTED:
            lines.append(f"- … and {len(metric.pulling_down) - LISTED} more")
    return "\n".join(lines) + "\n"


def _row(metric: Metric) -> str:
    note = f" ({metric.note})" if metric.note else ""
    return (
        f"| {metric.title} | {percent(metric.value)} | {percent(metric.target)} | "
        f"{percent(metric.red_below)} | {metric.numerator} / {metric.denominator} | "
        f"{DOT[metric.status]} {metric.status}{note} |"
    )
