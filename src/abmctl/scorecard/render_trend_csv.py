"""`abmctl scorecard --trend --format csv`: one row per metric, group and period (long form,
for a pivot table or a chart): the JSON document's `metrics[].values[]`, each with its row's
`id`, `title`, `group`, `target` and `red_below` and its period's `start` and `end`."""

from __future__ import annotations

from abmctl.output.csv_text import table
from abmctl.output.formats import View
from abmctl.scorecard.render_json import ratio
from abmctl.scorecard.trend import Trend

HEADER = ("id", "title", "group", "period", "start", "end", "value", "target", "red_below",
          "numerator", "denominator", "status")


def render(trend: Trend, view: View) -> str:
    return table(HEADER, (
        (row.metric, row.title, row.group, card.label, card.period.start.isoformat(),
         card.period.end.isoformat(), ratio(m.value), ratio(m.target), ratio(m.red_below),
         m.numerator, m.denominator, m.status)
        for row in trend.rows
        for card, m in zip(trend.cards, row.points, strict=True)
    ))
