"""The signal engine at its boundaries (SPEC §2.4, seed 001's qualifying signals)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from abmctl.activity import ActivityRow
from abmctl.model.rules import SignalRules, ThirdPartyRule, WebVisitRule
from abmctl.signals import (
    crossings,
    intent_score,
    qualifying_signals,
    sla_breached,
    sla_due,
)

RULES = SignalRules()
DAY = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def row(kind: str, days: float = 0, contact: str | None = None, detail: str | None = None,
        score: float | None = None, sentiment: str | None = None) -> ActivityRow:
    return ActivityRow(DAY + timedelta(days=days), "northwind", kind, contact, detail, score,
                       sentiment)


def signals_of(*rows: ActivityRow, rules: SignalRules = RULES) -> list[str]:
    return [s.type for s in qualifying_signals(sorted(rows, key=lambda r: r.occurred_at), rules)]


def test_a_single_blog_visit_is_no_signal() -> None:
    assert signals_of(row("web_visit", detail="/blog/why-data")) == []


@pytest.mark.parametrize(("last_day", "count"), [(13, 1), (14, 0)])
def test_three_visits_count_only_inside_the_window(last_day: int, count: int) -> None:
    """Visits on Nov 1 and Nov 14 fall in one 14-day window; Nov 1 and Nov 15 do not."""
    visits = [row("web_visit", 0), row("web_visit", 5), row("web_visit", last_day)]
    assert signals_of(*visits) == ["web_visit"] * count


def test_visit_counting_starts_afresh_after_a_signal() -> None:
    visits = [row("web_visit", d) for d in (0, 1, 2, 3, 4)]
    assert signals_of(*visits) == ["web_visit"]
    assert signals_of(*visits, row("web_visit", 5)) == ["web_visit", "web_visit"]


def test_page_globs_limit_which_visits_count() -> None:
    rules = SignalRules(qualify={"web_visit": WebVisitRule(pages=["/pricing*"])})
    visits = [row("web_visit", d, detail=p) for d, p in ((0, "/pricing"), (1, "/blog"),
                                                           (2, "/pricing/enterprise"))]
    assert signals_of(*visits, rules=rules) == []
    assert signals_of(*visits, row("web_visit", 3, detail="/pricing"), rules=rules) == [
        "web_visit"
    ]


@pytest.mark.parametrize(("asset", "qualifies"), [
    ("case_study", True), ("ROI calculator", True), ("competitive-comparison", True),
    ("ebook", False), (None, False),
])
def test_only_bottom_of_funnel_downloads_qualify(asset: str | None, qualifies: bool) -> None:
    assert signals_of(row("content_download", detail=asset)) == ["content_download"] * qualifies


@pytest.mark.parametrize(("score", "qualifies"), [(59, False), (59.9, False), (60, True)])
def test_third_party_intent_needs_the_minimum_score(score: float, qualifies: bool) -> None:
    found = signals_of(row("third_party_intent", score=score, detail="data observability"))
    assert found == ["third_party_intent"] * qualifies


def test_third_party_topics_filter_when_listed() -> None:
    rules = SignalRules(qualify={"third_party_intent": ThirdPartyRule(topics=["ETL"])})
    assert signals_of(row("third_party_intent", score=80, detail="crm"), rules=rules) == []
    assert signals_of(row("third_party_intent", score=80, detail="etl"), rules=rules) == [
        "third_party_intent"
    ]


@pytest.mark.parametrize(("sentiment", "qualifies"), [
    ("positive", True), ("neutral", False), ("negative", False), (None, False),
])
def test_only_positive_replies_qualify(sentiment: str | None, qualifies: bool) -> None:
    assert signals_of(row("outbound_response", sentiment=sentiment)) == [
        "outbound_response"
    ] * qualifies


def test_a_switched_off_signal_type_never_qualifies() -> None:
    rules = SignalRules(qualify={"event_registration": None})
    assert signals_of(row("event_registration", contact="a@x.com"), rules=rules) == []


def crossing_times(*rows: ActivityRow, threshold: int = 2) -> list[datetime]:
    found = qualifying_signals(sorted(rows, key=lambda r: r.occurred_at), RULES)
    return crossings(found, threshold, RULES.window_days)


def test_two_registrations_by_one_contact_are_one_signal() -> None:
    assert crossing_times(row("event_registration", 0, "ann@northwind.com"),
                          row("event_registration", 1, "Ann@northwind.com")) == []


def test_two_registrations_from_two_contacts_cross_the_threshold() -> None:
    assert crossing_times(row("event_registration", 0, "ann@northwind.com"),
                          row("event_registration", 1, "bo@northwind.com")) == [
        DAY + timedelta(days=1)
    ]


@pytest.mark.parametrize(("gap", "crossed"), [(timedelta(days=14) - timedelta(seconds=1), True),
                                              (timedelta(days=14), False)])
def test_crossing_needs_both_signals_inside_the_window(gap: timedelta, crossed: bool) -> None:
    first = row("content_download", 0, "ann", "case_study")
    second = ActivityRow(first.occurred_at + gap, "northwind", "event_registration", "bo")
    assert bool(crossing_times(first, second)) is crossed


def test_a_new_crossing_needs_the_count_to_fall_below_first() -> None:
    rows = [row("event_registration", d, f"c{d}") for d in (0, 1, 2, 30, 31)]
    assert crossing_times(*rows) == [DAY + timedelta(days=1), DAY + timedelta(days=31)]


def test_hot_threshold_is_a_crossing_at_four_distinct_signals() -> None:
    rows = [row("event_registration", d, f"c{d}") for d in (0, 1, 2, 3)]
    assert crossing_times(*rows, threshold=4) == [DAY + timedelta(days=3)]
    assert crossing_times(*rows[:3], threshold=4) == []


@pytest.mark.parametrize(("hours", "breached"), [(23, False), (25, True)])
def test_a_sales_touch_within_the_sla_meets_it(hours: int, breached: bool) -> None:
    crossing = DAY
    touch = ActivityRow(crossing + timedelta(hours=hours), "northwind", "sales_touch")
    assert sla_due(crossing, RULES) == crossing + timedelta(hours=24)
    assert sla_breached([touch], crossing, RULES, as_of=date(2026, 11, 5)) is breached


def test_sla_is_not_breached_before_it_is_due() -> None:
    late_crossing = datetime(2026, 11, 5, 9, 0, tzinfo=UTC)
    assert sla_breached([], late_crossing, RULES, as_of=date(2026, 11, 5)) is False
    assert sla_breached([], late_crossing, RULES, as_of=date(2026, 11, 6)) is True


def test_intent_counts_distinct_keys_in_the_lookback_and_caps() -> None:
    rows = [row("event_registration", d, f"c{d}") for d in range(10)]
    found = qualifying_signals(rows, RULES)
    assert intent_score(found, RULES, date(2026, 11, 30)) == 100  # 10 x 15 capped
    assert intent_score(found[:3], RULES, date(2026, 11, 30)) == 45


@pytest.mark.parametrize(("as_of", "expected"), [(date(2027, 1, 29), 15), (date(2027, 1, 30), 0)])
def test_intent_lookback_is_the_last_90_days_including_as_of(as_of: date, expected: int) -> None:
    signal = qualifying_signals([row("event_registration", 0, "ann")], RULES)  # Nov 1 09:00
    assert intent_score(signal, RULES, as_of) == expected
