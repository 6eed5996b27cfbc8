"""`abmctl scorecard --format csv`: a row per metric, the JSON document's `metrics` records
without their `pulling_down` lists (`--format json` has them), each with its period."""

from __future__ import annotations

from abmctl.output.csv_text import table
from abmctl.output.formats import View
from abmctl.scorecard.metrics import Scorecard
from abmctl.scorecard.render_json import ratio

HEADER = ("period", "start", "end", "id", "title", "value", "target", "red_below", "numerator",
          "denominator", "status", "note")


def render(card: Scorecard, view: View) -> str:
    start, end = card.period.start.isoformat(), card.period.end.isoformat()
    return table(HEADER, (
        (card.label, start, end, m.id, m.title, ratio(m.value), ratio(m.target),
         ratio(m.red_below), m.numerator, m.denominator, m.status, m.note)
        for m in card.metrics
    ))
