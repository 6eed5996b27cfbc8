"""Which accounts `abmctl handoff` reports, when, and where it routes them (SPEC §2.4)."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import pytest

from abmctl.engine.activity import ActivityRow
from abmctl.engine.owners import Route
from abmctl.registry import Registry
from tests.handoff.builders import (
    account,
    at,
    crossing_rows,
    hot_rows,
    kinds,
    make_registry,
    packet_of,
    row,
    run,
)


@pytest.mark.parametrize(("last_visit", "reported"), [(14, True), (15, False)])
def test_three_visits_count_together_only_inside_the_window(
    tmp_path: Path, last_visit: int, reported: bool,
) -> None:
    """Windows are (t - 14 days, t]: visits on Nov 1 and Nov 14 count together, Nov 1 and
    Nov 15 do not; with a download on the last visit's day they make two distinct signals."""
    rows = [row("web_visit", at(1), detail="/pricing"), row("web_visit", at(6), detail="/"),
            row("web_visit", at(last_visit), detail="/pricing"),
            row("content_download", at(last_visit, 8), "ann@x.com", "case_study")]
    found = run(make_registry(tmp_path), rows)
    assert kinds(found) == [("northwind", "to_engagement")] * reported
    if reported:
        assert found[0].at == at(last_visit)


@pytest.mark.parametrize(("contacts", "reported"), [
    (("ann@x.com", "ann@x.com"), False),  # one contact registering twice is one signal
    (("ann@x.com", "bo@x.com"), True),    # seed 001 FAQ: two contacts are two
])
def test_registrations_count_once_per_contact(
    tmp_path: Path, contacts: tuple[str, str], reported: bool,
) -> None:
    rows = [row("event_registration", at(3), contacts[0], "q4-roundtable"),
            row("event_registration", at(4), contacts[1], "q4-roundtable")]
    assert bool(run(make_registry(tmp_path), rows)) is reported


@pytest.mark.parametrize(("score", "reported"), [(59, False), (60, True)])
def test_third_party_intent_counts_from_the_minimum_score(
    tmp_path: Path, score: float, reported: bool,
) -> None:
    rows = [row("third_party_intent", at(3), detail="data observability", score=score),
            row("content_download", at(4), "ann@x.com", "roi_calculator")]
    assert bool(run(make_registry(tmp_path), rows)) is reported


def test_a_single_blog_visit_hands_off_nothing(tmp_path: Path) -> None:
    rows = [row("web_visit", at(3), detail="/blog/why-lakehouse"),
            row("content_download", at(4), "ann@x.com", "roi_calculator")]
    assert run(make_registry(tmp_path), rows) == []


@pytest.mark.parametrize(("stage_since", "reported"), [
    ("2026-11-10", True),   # the crossing at 09:00 is after the start of that day
    ("2026-11-11", False),  # crossed before the account entered awareness
])
def test_only_a_crossing_after_stage_since_is_reported(
    tmp_path: Path, stage_since: str, reported: bool,
) -> None:
    reg = make_registry(tmp_path, account(stage_since=stage_since))
    assert bool(run(reg, crossing_rows(day=10))) is reported


def test_a_crossing_after_the_as_of_day_is_the_future(tmp_path: Path) -> None:
    reg = make_registry(tmp_path)
    assert run(reg, crossing_rows(day=10), as_of=date(2026, 11, 9)) == []
    assert kinds(run(reg, crossing_rows(day=10), as_of=date(2026, 11, 10))) == [
        ("northwind", "to_engagement")
    ]


@pytest.mark.parametrize(("hours", "breached", "status"), [
    (23, False, "met"), (25, True, "breached"),
])
def test_a_sales_touch_within_sla_hours_meets_the_sla(
    tmp_path: Path, hours: int, breached: bool, status: str,
) -> None:
    touch = row("sales_touch", at(10) + timedelta(hours=hours), "ana.lima", "call")
    [handoff] = run(make_registry(tmp_path), [*crossing_rows(day=10), touch])
    assert handoff.due == at(11)
    assert (handoff.sla_breached, handoff.sla_status) == (breached, status)


@pytest.mark.parametrize(("as_of", "breached"), [(date(2026, 11, 10), False),
                                                 (date(2026, 11, 11), True)])
def test_the_sla_is_pending_until_the_as_of_day_runs_past_due(
    tmp_path: Path, as_of: date, breached: bool,
) -> None:
    [handoff] = run(make_registry(tmp_path), crossing_rows(day=10), as_of=as_of)
    assert handoff.sla_breached is breached
    assert handoff.sla_status == ("breached" if breached else "pending")


@pytest.mark.parametrize(("tier", "route"), [
    (1, Route("ae", "ana.lima", ("mei.chen",))),                # seed 002: Tier 1 to the AE
    (2, Route("sdr", "raj.patel", ("ana.lima", "mei.chen"))),   # Tier 2 to the SDR, AE alert
    (3, Route("standard", None, ("mei.chen",))),                # Tier 3: the standard process
])
def test_a_crossing_is_routed_by_tier(tmp_path: Path, tier: int, route: Route) -> None:
    [handoff] = run(make_registry(tmp_path, account(tier=tier)), crossing_rows())
    assert handoff.route == route


def test_a_missing_owner_routes_to_no_named_person(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, account(tier=2, owners="{ae: ana.lima}"))
    [handoff] = run(reg, crossing_rows())
    assert handoff.route == Route("sdr", None, ("ana.lima",))


@pytest.mark.parametrize(("booked", "reported"), [("2026-11-23", True), ("2026-11-24", False)])
def test_a_meeting_booked_on_the_account_hands_it_to_the_ae(
    tmp_path: Path, booked: str, reported: bool,
) -> None:
    reg = make_registry(tmp_path, account(stage="engagement", meeting_booked=booked))
    found = run(reg)
    assert kinds(found) == [("northwind", "to_active")] * reported
    if reported:
        assert found[0].route == Route("ae", "ana.lima", ("mei.chen", "raj.patel"))
        assert found[0].due == at(24, 0)


def test_a_meeting_booked_touch_supersedes_the_crossing(tmp_path: Path) -> None:
    meeting = row("meeting_booked", at(12, 10, 30), "ann@x.com", "discovery call")
    touch = row("sales_touch", at(12, 16), "ana.lima", "prep")
    [handoff] = run(make_registry(tmp_path), [*crossing_rows(day=10), meeting, touch])
    assert (handoff.transition, handoff.at, handoff.sla_status) == (
        "to_active", at(12, 10, 30), "met")
    assert "meeting booked Nov 12 (discovery call)" in packet_of(handoff).suggested_approach


def test_a_meeting_from_before_the_current_stage_is_not_this_handoff(tmp_path: Path) -> None:
    old = row("meeting_booked", at(2, month=9), "ann@x.com")
    assert run(make_registry(tmp_path, account(stage_since="2026-10-01")), [old]) == []


@pytest.mark.parametrize(("as_of", "hot"), [(date(2026, 11, 23), True),
                                            (date(2026, 11, 24), False)])
def test_a_hot_crossing_counts_for_window_days(tmp_path: Path, as_of: date, hot: bool) -> None:
    """Hot crossing at Nov 10 09:00: inside (end of D - 14 days, end of D] up to Nov 23."""
    reg = make_registry(tmp_path, account(stage="engagement"))
    assert kinds(run(reg, hot_rows(day=10), as_of=as_of)) == [("northwind", "hot")] * hot


def test_three_distinct_signals_are_not_hot(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, account(stage="engagement"))
    assert run(reg, hot_rows(day=10)[1:]) == []


def test_a_hot_awareness_account_is_both_handed_to_engagement_and_hot(tmp_path: Path) -> None:
    found = run(make_registry(tmp_path), hot_rows(day=20))
    assert sorted(kinds(found)) == [("northwind", "hot"), ("northwind", "to_engagement")]
    hot = next(h for h in found if h.transition == "hot")
    assert hot.route == Route("ae", "ana.lima", ("mei.chen", "raj.patel"))
    assert len(hot.signals) == 4


@pytest.mark.parametrize("stage", ["active", "expand"])
def test_accounts_past_engagement_are_not_hot(tmp_path: Path, stage: str) -> None:
    reg = make_registry(tmp_path, account(stage=stage, meeting_booked="2026-11-01"))
    assert run(reg, hot_rows(day=20)) == []


@pytest.mark.parametrize("stage", ["closed_lost", "disqualified", "not_ready"])
def test_an_account_off_the_motion_is_never_reported(tmp_path: Path, stage: str) -> None:
    reg = make_registry(tmp_path, account(stage=stage, meeting_booked="2026-11-01"))
    meeting = row("meeting_booked", at(21), "ann@x.com")
    assert run(reg, [*hot_rows(day=20), meeting]) == []


def _three_accounts(tmp_path: Path) -> tuple[Registry, list[ActivityRow]]:
    reg = make_registry(tmp_path, account("alpha", tier=1), account("bravo", tier=2),
                        account("carta", tier=3, owners="{ae: ana.lima, abm: mei.chen}"))
    rows = [*crossing_rows(day=5, account_id="alpha"), *crossing_rows(day=20, account_id="bravo"),
            *crossing_rows(day=23, account_id="carta"),
            row("sales_touch", at(20, 12), "raj.patel", account_id="bravo")]
    return reg, rows


def test_breached_handoffs_come_first_then_the_earliest_due(tmp_path: Path) -> None:
    reg, rows = _three_accounts(tmp_path)
    found = run(reg, rows)
    assert [(h.account.id, h.sla_status) for h in found] == [
        ("alpha", "breached"), ("bravo", "met"), ("carta", "pending")]


@pytest.mark.parametrize(("options", "expected"), [
    ({"since": date(2026, 11, 20)}, ["bravo", "carta"]),
    ({"since": date(2026, 11, 21)}, ["carta"]),
    ({"tiers": {1, 3}}, ["alpha", "carta"]),
    ({"owner": "raj.patel"}, ["bravo"]),   # routed to him (Tier 2 goes to the SDR)
    ({"owner": "ana.lima"}, ["alpha", "bravo"]),  # routed to her, or alerted
    ({"owner": "mei.chen"}, ["alpha", "bravo", "carta"]),  # marketing is always told
])
def test_since_tier_and_owner_narrow_the_report(
    tmp_path: Path, options: dict[str, object], expected: list[str],
) -> None:
    reg, rows = _three_accounts(tmp_path)
    found = run(reg, rows, **options)  # type: ignore[arg-type]
    assert [h.account.id for h in found] == expected


def test_an_old_meeting_keeps_the_signals_that_led_to_it(tmp_path: Path) -> None:
    """A meeting in September: its signals are weeks older than anything else read."""
    reg = make_registry(tmp_path, account(stage="engagement", stage_since="2026-09-01"))
    rows = [row("content_download", at(8, month=9), "ann@x.com", "roi_calculator"),
            row("event_registration", at(10, month=9), "bo@x.com", "q4-roundtable"),
            row("meeting_booked", at(10, 10, month=9), "ann@x.com", "discovery call")]
    [handoff] = run(reg, rows, packets=False)  # no packet: nothing else reaches back so far
    assert (handoff.transition, handoff.at) == ("to_active", at(10, 10, month=9))
    assert [s.type for s in handoff.signals] == ["content_download", "event_registration"]


def test_without_stage_since_the_first_crossing_ever_is_reported(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, account(stage_since="null"))
    july = [row("content_download", at(8, month=7), "ann@x.com", "roi_calculator"),
            row("event_registration", at(10, month=7), "bo@x.com", "q4-roundtable")]
    [handoff] = run(reg, [*july, *crossing_rows(day=10)])
    assert (handoff.transition, handoff.at) == ("to_engagement", at(10, month=7))
