"""The trend's compute: the periods it counts, each period's metrics from `build_scorecard`,
breakdown groups, and the sparkline's scale."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from abmctl.engine.windows import Period, label_of, month, quarter, trailing
from abmctl.output.text import sparkline
from abmctl.registry import Registry
from abmctl.scorecard.metrics import build_scorecard
from abmctl.scorecard.trend import trend
from tests.scorecard.builders import activity, agreement, both_touches, make_registry, row

AS_OF = date(2026, 11, 23)


def test_six_months_back_cross_the_year() -> None:
    spans = trailing(month("2026-02"), 1, 6)
    assert [label_of(p) for p in spans] == ["2025-09", "2025-10", "2025-11", "2025-12",
                                            "2026-01", "2026-02"]
    assert spans[3] == Period(date(2025, 12, 1), date(2025, 12, 31))


def test_quarters_back_are_calendar_quarters() -> None:
    spans = trailing(quarter("2026Q1"), 3, 3)
    assert [label_of(p) for p in spans] == ["2025Q3", "2025Q4", "2026Q1"]
    assert spans[0] == Period(date(2025, 7, 1), date(2025, 9, 30))


def test_no_period_before_the_year_1() -> None:
    assert [label_of(p) for p in trailing(month("0001-02"), 1, 4)] == ["0001-01", "0001-02"]


@pytest.mark.parametrize(("values", "line"), [
    ([0, 0.125, 0.5, 0.99, 1], "▁▂▅██"),
    ([None, 0.3, None], " ▃ "),
    ([], ""),
])
def test_the_sparkline_is_on_a_fixed_zero_to_one_scale(values: list[float | None],
                                                        line: str) -> None:
    assert sparkline(values) == line


def test_the_ascii_sparkline_keeps_the_scale() -> None:
    assert sparkline([0, 0.2, 0.4, 0.6, 0.8, 1, None], unicode=False) == "_.~=*# "


def _registry(root: Path) -> Registry:
    accounts = [
        f"  - {{id: {name}, name: {name}, domains: [{name}.com], tier: {tier}, "
        f"region: {region}, owners: {{ae: ana.lima, abm: mei.chen}}, stage: awareness, "
        f"stage_since: 2026-05-01}}\n"
        for name, tier, region in (("a", 1, "emea"), ("b", 1, "emea"), ("c", 2, "emea"),
                                   ("d", 1, None))
    ]
    return make_registry(root, [a.replace("region: None, ", "") for a in accounts],
                         {"sales": agreement("sales", "weekly", "2026-11-20")})


def test_each_period_is_the_scorecard_of_that_period(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    found = activity(*both_touches("a", "2026-09-10"), *both_touches("b", "2026-10-02"),
                     *both_touches("a", "2026-11-03"), row("2026-11-04T09:00", "d",
                                                           "marketing_touch"))
    result = trend(reg, found, AS_OF, last=month("2026-11"), periods=3, unit="month")
    assert [c.label for c in result.cards] == ["2026-09", "2026-10", "2026-11"]
    tier1 = result.rows[0]
    assert (tier1.metric, tier1.group) == ("tier1_engagement_rate", None)
    for card, point in zip(result.cards, tier1.points, strict=True):
        alone = build_scorecard(reg, found, card.period, AS_OF)
        assert point == alone.metrics[0]
    assert [(p.numerator, p.denominator) for p in tier1.points] == [(1, 3), (1, 3), (1, 3)]
    assert tier1.status == tier1.points[-1].status == "red"


def test_a_breakdown_lists_groups_under_each_account_metric(tmp_path: Path) -> None:
    reg = _registry(tmp_path)
    found = activity(*both_touches("a", "2026-11-03"), *both_touches("d", "2026-11-05"))
    result = trend(reg, found, AS_OF, last=month("2026-11"), periods=2, unit="month",
                   by="territory")
    names = [(r.metric, r.group) for r in result.rows]
    assert names[:3] == [("tier1_engagement_rate", None), ("tier1_engagement_rate", "emea"),
                         ("tier1_engagement_rate", "(none)")]
    assert names[-1] == ("agreement_cadence_compliance", None)  # no group: no account's
    emea, none = result.rows[1].latest, result.rows[2].latest
    assert (emea.numerator, emea.denominator, none.numerator, none.denominator) == (1, 2, 1, 1)
    by_tier = trend(reg, found, AS_OF, last=month("2026-11"), periods=1, unit="month", by="tier")
    assert [r.group for r in by_tier.rows if r.metric == "joint_coverage"] == [None, "1", "2"]
