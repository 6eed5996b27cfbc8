"""The scorecard as its stable document (`"version": 1`), with the accounts that pull
each metric down and the alignment health."""

from __future__ import annotations

from fractions import Fraction
from typing import Any

from abmctl.output.formats import View
from abmctl.output.json_text import dump_line
from abmctl.output.run_info import json_fields
from abmctl.scorecard.metrics import Metric, Puller, Scorecard


def render(card: Scorecard, view: View) -> str:
    return render_json(card)


def ratio(value: Fraction | None) -> float | None:
    return None if value is None else round(float(value), 4)


def puller_json(puller: Puller) -> dict[str, Any]:
    return {puller.kind: puller.subject, "reason": puller.reason, **dict(puller.details)}


def metric_json(metric: Metric) -> dict[str, Any]:
    return {
        "id": metric.id,
        "title": metric.title,
        "value": ratio(metric.value),
        "target": ratio(metric.target),
        "red_below": ratio(metric.red_below),
        "numerator": metric.numerator,
        "denominator": metric.denominator,
        "status": metric.status,
        "note": metric.note,
        "pulling_down": [puller_json(p) for p in metric.pulling_down],
    }


def render_json(card: Scorecard) -> str:
    document = {
        "version": 1,
        "period": {"start": card.period.start.isoformat(), "end": card.period.end.isoformat(),
                   "label": card.label},
        "as_of": card.as_of.isoformat(),
        "counted_until": card.counted_until.isoformat() if card.counted_until else None,
        "health": {"status": card.health.status, "reason": card.health.reason},
        "metrics": [metric_json(m) for m in card.metrics],
        "notes": list(card.notes),
        **json_fields(card.run_info),
    }
    return dump_line(document)
