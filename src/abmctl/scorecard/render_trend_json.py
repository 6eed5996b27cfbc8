"""The scorecard trend as its stable document (`"version": 1`): the periods, then one row per
metric (and per group of a breakdown) with a value per period (docs/reference.md)."""

from __future__ import annotations

from typing import Any

from abmctl.output.formats import View
from abmctl.output.json_text import dump_line
from abmctl.output.run_info import json_fields
from abmctl.scorecard.metrics import Metric, Scorecard
from abmctl.scorecard.render_json import ratio
from abmctl.scorecard.trend import Trend, TrendRow


def render(trend: Trend, view: View) -> str:
    return render_json(trend)


def render_json(trend: Trend) -> str:
    document = {
        "version": 1,
        "as_of": trend.as_of.isoformat(),
        "unit": trend.unit,
        "by": trend.by,
        "periods": [period_json(card) for card in trend.cards],
        "metrics": [row_json(row, trend.cards) for row in trend.rows],
        "notes": list(trend.notes),
        **json_fields(trend.run_info),
    }
    return dump_line(document)


def period_json(card: Scorecard) -> dict[str, Any]:
    return {
        "label": card.label,
        "start": card.period.start.isoformat(),
        "end": card.period.end.isoformat(),
        "counted_until": card.counted_until.isoformat() if card.counted_until else None,
        "health": card.health.status,
    }


def row_json(row: TrendRow, cards: tuple[Scorecard, ...]) -> dict[str, Any]:
    latest = row.latest
    return {
        "id": row.metric,
        "title": row.title,
        "group": row.group,
        "target": ratio(latest.target),
        "red_below": ratio(latest.red_below),
        "status": row.status,
        "values": [point_json(card.label, m) for card, m in zip(cards, row.points, strict=True)],
    }


def point_json(label: str, metric: Metric) -> dict[str, Any]:
    """One period's value of a row, as the scorecard document gives it for that period."""
    return {
        "period": label,
        "value": ratio(metric.value),
        "numerator": metric.numerator,
        "denominator": metric.denominator,
        "status": metric.status,
    }
