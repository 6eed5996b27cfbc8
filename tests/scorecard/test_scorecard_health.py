"""Alignment health (seed 002): the worst status among the metrics that have a target."""

from __future__ import annotations

from fractions import Fraction

import pytest

from abmctl.scorecard.metrics import Metric, alignment_health, percent


def _metric(metric_id: str, numerator: int, denominator: int,
            target: str | None = "0.80", red: str | None = "0.50") -> Metric:
    return Metric(metric_id, metric_id, numerator, denominator,
                  Fraction(target) if target else None, Fraction(red) if red else None)


@pytest.mark.parametrize(
    ("values", "status"),
    [
        ([(9, 10), (8, 10)], "green"),
        ([(9, 10), (5, 10)], "yellow"),
        ([(9, 10), (5, 10), (4, 10)], "red"),
    ],
    ids=["all-green", "one-yellow-is-at-risk", "one-red-is-broken"],
)
def test_health_is_the_worst_status(values: list[tuple[int, int]], status: str) -> None:
    metrics = [_metric(f"m{i}", n, d) for i, (n, d) in enumerate(values)]
    assert alignment_health(metrics).status == status


def test_metrics_without_a_target_or_a_value_do_not_colour_health() -> None:
    metrics = [_metric("penetration_rate", 0, 10, None, None), _metric("empty", 0, 0),
               _metric("ok", 9, 10)]
    assert alignment_health(metrics).status == "green"


def test_health_is_na_when_nothing_could_be_measured() -> None:
    health = alignment_health([_metric("empty", 0, 0)])
    assert (health.status, health.reason) == ("n/a", "no metric with a target could be measured")


def test_health_names_the_red_metrics_with_the_count_behind_them_not_blame() -> None:
    health = alignment_health([
        _metric("handoff_follow_up_rate", 1, 4, "0.90", "0.60"),
        _metric("agreement_cadence_compliance", 9, 10, "0.90", "0.60"),
    ])
    assert health.status == "red"
    assert health.reason == ("broken: handoff_follow_up_rate 25% (follow-up below target: 3 of 4 "
                             "crossings had no sales touch within the SLA)")


@pytest.mark.parametrize(("value", "shown"), [
    (Fraction(5, 8), "63%"), (Fraction(1, 8), "13%"), (Fraction(1, 3), "33%"),
    (Fraction(0), "0%"), (Fraction(1), "100%"), (None, "—"),
])
def test_percentages_round_halves_up_as_a_reader_expects(
    value: Fraction | None, shown: str,
) -> None:
    assert percent(value) == shown
