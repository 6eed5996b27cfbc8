"""The signal engine at its boundaries (SPEC §2.4, seed 001's qualifying signals)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from abmctl.engine.activity import Activity, ActivityRow
from abmctl.engine.signals import (
    crossings,
    intent_score,
    intent_scores,
    qualifying_signals,
)
from abmctl.model.settings import IntentScore, SignalSettings, ThirdPartyRule, WebVisitRule

RULES = SignalSettings()
DAY = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)


def row(kind: str, days: float = 0, contact: str | None = None, detail: str | None = None,
        score: float | None = None, sentiment: str | None = None) -> ActivityRow:
    return ActivityRow(DAY + timedelta(days=days), "northwind", kind, contact, detail, score,
                       sentiment)


def signals_of(*rows: ActivityRow, rules: SignalSettings = RULES) -> list[str]:
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
    rules = SignalSettings(qualify={"web_visit": WebVisitRule(pages=["/pricing*"])})
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
    rules = SignalSettings(qualify={"third_party_intent": ThirdPartyRule(topics=["ETL"])})
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
    rules = SignalSettings(qualify={"event_registration": None})
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


def test_intent_counts_distinct_keys_in_the_lookback_and_caps() -> None:
    rows = [row("event_registration", d, f"c{d}") for d in range(10)]
    found = qualifying_signals(rows, RULES)
    assert intent_score(found, RULES, date(2026, 11, 30)) == 100  # 10 x 15 capped
    assert intent_score(found[:3], RULES, date(2026, 11, 30)) == 45


@pytest.mark.parametrize(("as_of", "expected"), [(date(2027, 1, 29), 15), (date(2027, 1, 30), 0)])
def test_intent_lookback_is_the_last_90_days_including_as_of(as_of: date, expected: int) -> None:
    signal = qualifying_signals([row("event_registration", 0, "ann")], RULES)  # Nov 1 09:00
    assert intent_score(signal, RULES, as_of) == expected


# --- the shortcuts a million rows need find exactly what the definitions above find ----------

MIDNIGHT = datetime(2026, 11, 1, tzinfo=UTC)  # rows every 6 hours: some on the lookback's edge
KINDS = ["web_visit", "web_visit", "web_visit", "content_download", "event_registration",
         "third_party_intent", "outbound_response", "sales_touch", "marketing_touch"]
RULE_SETS = [
    RULES,
    SignalSettings(distinct_by=["type"], intent_score=IntentScore(per_signal=40, cap=100)),
    SignalSettings(distinct_by=["type", "contact", "detail"], window_days=7,
                qualify={"web_visit": WebVisitRule(pages=["/pricing*"], min_visits=2)}),
    SignalSettings(intent_score=IntentScore(per_signal=-5, cap=10, lookback_days=20)),
    SignalSettings(qualify={"web_visit": None}, intent_score=IntentScore(per_signal=0, cap=0)),
]
activity_rows = st.lists(
    st.tuples(st.integers(min_value=0, max_value=4 * 40), st.sampled_from(KINDS),
              st.sampled_from([None, "ann@x.com", "Bo@x.com"]),
              st.sampled_from([None, "/pricing", "/blog", "case_study", "ebook"]),
              st.sampled_from([None, 40.0, 60.0, 90.0]),
              st.sampled_from([None, "positive", "negative"])),
    max_size=40,
).map(lambda found: sorted(
    (ActivityRow(MIDNIGHT + timedelta(hours=6 * quarters), "northwind", kind, contact, detail,
                 score, sentiment) for quarters, kind, contact, detail, score, sentiment
     in found),
    key=lambda r: r.occurred_at))


def _listed(rows: list[ActivityRow], rules: SignalSettings,
            since: datetime | None = None) -> list[tuple[Any, ...]]:
    return [(s.type, s.occurred_at, s.key, [id(r) for r in s.rows])
            for s in qualifying_signals(rows, rules, since=since)]


@settings(max_examples=300, deadline=None)
@given(rows=activity_rows, rules=st.sampled_from(RULE_SETS),
       cut=st.integers(min_value=0, max_value=4 * 40))
def test_signals_since_a_moment_are_the_tail_of_all_signals(
    rows: list[ActivityRow], rules: SignalSettings, cut: int,
) -> None:
    """Web visits still count from the first row: a visit before `since` can help make the
    signal after it."""
    since = MIDNIGHT + timedelta(hours=6 * cut)
    every = _listed(rows, rules)
    assert _listed(rows, rules, since) == [s for s in every if s[1] >= since]


@settings(max_examples=300, deadline=None)
@given(rows=activity_rows, rules=st.sampled_from(RULE_SETS),
       days=st.integers(min_value=-2, max_value=130))
def test_intent_scores_are_the_intent_score_of_the_qualifying_signals(
    rows: list[ActivityRow], rules: SignalSettings, days: int,
) -> None:
    """lint reads each account's intent without making its signals; the number is the same."""
    as_of = MIDNIGHT.date() + timedelta(days=days)
    reg: Any = SimpleNamespace(settings=SimpleNamespace(signals=rules), accounts=[
        SimpleNamespace(id="northwind", scores=SimpleNamespace(intent=None))])
    found = intent_scores(reg, Activity(rows=rows), as_of)
    assert found == {"northwind": intent_score(qualifying_signals(rows, rules), rules, as_of)}


def _intent(rows: list[ActivityRow], rules: SignalSettings, as_of: date) -> int:
    reg: Any = SimpleNamespace(settings=SimpleNamespace(signals=rules), accounts=[
        SimpleNamespace(id="northwind", scores=SimpleNamespace(intent=None))])
    return intent_scores(reg, Activity(rows=rows), as_of)["northwind"]


@pytest.mark.parametrize(("third_visit_day", "expected"), [(29, 15), (30, 30)])
def test_visits_counted_before_the_lookback_make_a_signal_on_its_first_moment(
    third_visit_day: int, expected: int,
) -> None:
    """Lookback of Dec 1 (10 days as of Dec 10); the visit of Dec 1 00:00 is the third."""
    rules = SignalSettings(intent_score=IntentScore(lookback_days=10))
    visits = [ActivityRow(MIDNIGHT + timedelta(days=d), "northwind", "web_visit")
              for d in (27, 28, third_visit_day)]
    rows = [*visits, ActivityRow(MIDNIGHT + timedelta(days=33), "northwind",
                                 "event_registration", "ann")]
    as_of = date(2026, 12, 10)
    assert _intent(rows, rules, as_of) == expected
    assert expected == intent_score(qualifying_signals(rows, rules), rules, as_of)


@pytest.mark.parametrize(("per_signal", "cap", "expected"), [
    (15, 100, 100), (15, 1000, 120), (-5, 10, -40), (-5, -37, -40), (0, 0, 0), (50, 100, 100)])
def test_intent_with_many_keys_and_a_web_signal_reaches_the_cap(
    per_signal: int, cap: int, expected: int,
) -> None:
    """Seven contacts' registrations and one web-visit signal: eight keys."""
    rules = SignalSettings(intent_score=IntentScore(per_signal=per_signal, cap=cap))
    rows = [ActivityRow(MIDNIGHT + timedelta(days=d), "northwind", "event_registration", f"c{d}")
            for d in range(7)]
    rows += [ActivityRow(MIDNIGHT + timedelta(days=d, hours=1), "northwind", "web_visit")
             for d in range(3)]
    rows.sort(key=lambda r: r.occurred_at)
    assert _intent(rows, rules, date(2026, 11, 20)) == expected


def test_an_account_with_touches_only_keeps_its_recorded_intent() -> None:
    """SPEC §2.3: intent comes from the account's signals; our own touches are not signals."""
    rules = SignalSettings()
    reg: Any = SimpleNamespace(settings=SimpleNamespace(signals=rules), accounts=[
        SimpleNamespace(id="northwind", scores=SimpleNamespace(intent=45))])
    touches = [ActivityRow(MIDNIGHT, "northwind", "marketing_touch"),
               ActivityRow(MIDNIGHT, "northwind", "sales_touch")]
    as_of = MIDNIGHT.date() + timedelta(days=3)
    assert intent_scores(reg, Activity(rows=touches), as_of) == {"northwind": 45}
    visit = ActivityRow(MIDNIGHT, "northwind", "web_visit")  # a signal, if not a qualifying one
    assert intent_scores(reg, Activity(rows=[*touches, visit]), as_of) == {"northwind": 0}


def test_intents_on_demand_are_intent_scores_worked_out_when_asked() -> None:
    """`abmctl explain` asks for one account's intent; the number is the one every command
    reads, and an id listed twice is the last record's, as in `intent_scores`."""
    from abmctl.engine.signals import IntentsOnDemand

    rows = [ActivityRow(DAY + timedelta(days=-d), who, "third_party_intent", None,
                        "data platforms", 80.0) for d, who in ((1, "a"), (2, "b"), (3, "a"))]
    topics = ThirdPartyRule(topics=["data platforms"])
    rules = SignalSettings(qualify={"third_party_intent": topics})

    def record(ident: str, intent: int | None) -> Any:
        return SimpleNamespace(id=ident, scores=SimpleNamespace(intent=intent))

    reg: Any = SimpleNamespace(settings=SimpleNamespace(signals=rules), accounts=[
        record("a", None), record("c", 40), record("b", 7), record("c", 55), record("d", None)])
    as_of = DAY.date()
    every = intent_scores(reg, Activity(rows=rows), as_of)
    asked = IntentsOnDemand(reg, Activity(rows=rows), as_of)
    assert asked["c"] == 55 and asked.get("zz") is None and "d" in asked and "zz" not in asked
    assert list(asked) == list(every) == ["a", "c", "b", "d"] and len(asked) == 4
    assert dict(asked) == every and every["a"] > 0 and every["b"] > 0
