"""SPEC §5: the shared metrics, their exact fractions, statuses and what pulls them down."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import pytest

from abmctl.engine.activity import ActivityRow
from abmctl.scorecard.metrics import status_of
from tests.scorecard.builders import (
    account,
    activity,
    agreement,
    both_touches,
    card,
    make_registry,
    metric,
    row,
)

TARGET, RED = Fraction("0.80"), Fraction("0.50")


@pytest.mark.parametrize(
    ("value", "status"),
    [
        (Fraction(4, 5), "green"),
        (Fraction(79, 100), "yellow"),
        (Fraction(1, 2), "yellow"),
        (Fraction(49, 100), "red"),
        (Fraction(1, 1), "green"),
        (Fraction(0, 1), "red"),
        (None, "n/a"),
    ],
    ids=["exactly-target-green", "just-below-target-yellow", "exactly-red-line-yellow",
         "just-below-red-line-red", "all-green", "none-red", "no-value-na"],
)
def test_status_is_green_at_target_red_below_the_red_line(
    value: Fraction | None, status: str
) -> None:
    assert status_of(value, TARGET, RED) == status


def test_a_metric_without_a_target_has_no_status() -> None:
    assert status_of(Fraction(1, 3), None, None) == "n/a"


@pytest.mark.parametrize(
    ("engaged", "total", "status"),
    [(1, 2, "yellow"), (4, 5, "green"), (2, 5, "red")],
    ids=["half-is-yellow-not-red", "four-fifths-is-green", "two-fifths-is-red"],
)
def test_tier1_engagement_rate_counts_accounts_with_both_touches(
    tmp_path: Path, engaged: int, total: int, status: str
) -> None:
    reg = make_registry(tmp_path, [account(f"t1-{i}") for i in range(total)])
    rows = [r for i in range(engaged) for r in both_touches(f"t1-{i}", "2026-11-02")]
    found = metric(card(reg, "2026-11-23", activity(*rows)), "tier1_engagement_rate")
    assert (found.numerator, found.denominator) == (engaged, total)
    assert found.value == Fraction(engaged, total)
    assert found.status == status


def test_tier1_engagement_names_the_missing_side(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("a"), account("b"), account("c"), account("d")])
    found = activity(
        *both_touches("a", "2026-11-02"),
        row("2026-11-02", "b", "marketing_touch"),
        row("2026-11-02", "c", "sales_touch"),
        row("2026-11-02", "c", "meeting_booked"),  # a meeting is not a sales touch here
    )
    pulled = metric(card(reg, "2026-11-23", found), "tier1_engagement_rate").pulling_down
    assert [(p.subject, p.reason) for p in pulled] == [
        ("b", "no sales touch in the period"),
        ("c", "no marketing touch in the period"),
        ("d", "no marketing or sales touch in the period"),
    ]
    assert dict(pulled[2].details)["missing"] == ["marketing", "sales"]


def test_an_empty_denominator_is_na(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("t2", tier=2)])
    found = metric(card(reg, "2026-11-23", activity()), "tier1_engagement_rate")
    assert (found.numerator, found.denominator, found.value) == (0, 0, None)
    assert found.status == "n/a"


@pytest.mark.parametrize(
    ("touch_at", "counted"),
    [("2026-12-31T23:59", True), ("2027-01-01T00:00", False), ("2026-10-01T00:00", True),
     ("2026-09-30T23:59", False)],
    ids=["last-minute-of-the-quarter-counts", "first-minute-after-does-not",
         "first-minute-of-the-quarter-counts", "last-minute-before-does-not"],
)
def test_the_period_holds_its_first_and_last_day_whole(
    tmp_path: Path, touch_at: str, counted: bool
) -> None:
    reg = make_registry(tmp_path, [account("a")])
    found = activity(row(touch_at, "a", "marketing_touch"))
    penetration = metric(card(reg, "2027-02-01", found), "penetration_rate")
    assert penetration.numerator == int(counted)


def test_touches_after_the_as_of_day_are_not_counted_yet(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("a")])
    found = activity(*both_touches("a", "2026-11-24"))
    early, late = card(reg, "2026-11-23", found), card(reg, "2026-11-24", found)
    assert metric(early, "tier1_engagement_rate").numerator == 0
    assert metric(late, "tier1_engagement_rate").numerator == 1
    assert early.counted_until is not None and early.counted_until.isoformat() == "2026-11-23"
    assert "counting up to the as-of day 2026-11-23 (period ends 2026-12-31)" in early.notes


def test_a_month_counts_only_its_own_days(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("a"), account("b")])
    found = activity(*both_touches("a", "2026-11-30"), *both_touches("b", "2026-12-01"))
    november = card(reg, "2026-12-15", found, "2026-11")
    assert metric(november, "tier1_engagement_rate").numerator == 1


def test_joint_coverage_counts_a_booked_meeting_as_sales_activity(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("a", tier=2), account("b", tier=3)])
    found = activity(
        row("2026-11-02", "a", "marketing_touch"), row("2026-11-03", "a", "meeting_booked"),
        row("2026-11-02", "b", "marketing_touch"),
    )
    joint = metric(card(reg, "2026-11-23", found), "joint_coverage")
    assert (joint.numerator, joint.denominator) == (1, 2)
    assert [(p.subject, p.reason) for p in joint.pulling_down] == [
        ("b", "no sales activity in the period")
    ]


def test_accounts_off_the_motion_are_left_out_of_the_account_metrics(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [
        account("a"),
        account("lost", stage="closed_lost", stage_since="2026-11-01"),
        account("lost-later", stage="closed_lost", stage_since="2026-11-24"),
    ])
    scorecard = card(reg, "2026-11-23", activity(*both_touches("a", "2026-11-02")))
    for metric_id in ("tier1_engagement_rate", "joint_coverage", "penetration_rate"):
        assert metric(scorecard, metric_id).denominator == 2, metric_id


def test_penetration_rate_shows_its_value_without_a_target(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("a"), account("b", tier=3), account("c", tier=2)])
    found = activity(row("2026-11-02", "a", "sales_touch"),
                     row("2026-11-02", "b", "meeting_booked"))
    penetration = metric(card(reg, "2026-11-23", found), "penetration_rate")
    assert penetration.value == Fraction(2, 3)
    assert (penetration.target, penetration.red_below, penetration.status) == (None, None, "n/a")
    assert [p.subject for p in penetration.pulling_down] == ["c"]


def _crossing_rows(account_id: str, follow_up: str | None) -> list[ActivityRow]:
    rows = [
        row("2026-11-02T08:00", account_id, "event_registration", "a@x.com"),
        row("2026-11-02T10:00", account_id, "event_registration", "b@x.com"),  # crossing
    ]
    return rows + ([row(follow_up, account_id, "sales_touch")] if follow_up else [])


@pytest.mark.parametrize(
    ("follow_up", "hits", "counted"),
    [("2026-11-03T09:00", 1, 1), ("2026-11-03T10:00", 1, 1), ("2026-11-03T11:00", 0, 1),
     (None, 0, 1)],
    ids=["sales-touch-at-23h", "at-exactly-24h", "at-25h", "never"],
)
def test_handoff_follow_up_needs_a_sales_touch_within_sla_hours(
    tmp_path: Path, follow_up: str | None, hits: int, counted: int
) -> None:
    reg = make_registry(tmp_path, [account("a", tier=2)])
    handoff = metric(card(reg, "2026-11-23", activity(*_crossing_rows("a", follow_up))),
                     "handoff_follow_up_rate")
    assert (handoff.numerator, handoff.denominator) == (hits, counted)
    if not hits:
        (pulled,) = handoff.pulling_down
        assert pulled.reason == (
            "crossed 2026-11-02 10:00 UTC, no sales touch by 2026-11-03 10:00 UTC"
        )


def test_a_crossing_still_inside_its_sla_is_pending_not_missed(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("a", tier=2)])
    handoff = metric(card(reg, "2026-11-02", activity(*_crossing_rows("a", None))),
                     "handoff_follow_up_rate")
    assert (handoff.numerator, handoff.denominator, handoff.status) == (0, 0, "n/a")
    assert handoff.note == "1 crossing(s) still inside the SLA, not counted"


@pytest.mark.parametrize(
    ("reviewed", "overdue"),
    [("2026-11-16", False), ("2026-11-15", True)],
    ids=["weekly-sync-7-days-ago-is-on-time", "weekly-sync-8-days-ago-is-overdue"],
)
def test_agreement_cadence_compliance_follows_abm404(
    tmp_path: Path, reviewed: str, overdue: bool
) -> None:
    reg = make_registry(tmp_path, [account("a")],
                        {"sales": agreement("sales", "weekly", reviewed)})
    compliance = metric(card(reg, "2026-11-23", None), "agreement_cadence_compliance")
    assert compliance.numerator == int(not overdue)
    assert [p.subject for p in compliance.pulling_down] == (["sales"] if overdue else [])


def test_agreement_cadence_is_judged_at_the_period_end_when_it_is_earlier(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("a")],
                        {"events": agreement("events", "monthly", "2026-08-31")})
    september = card(reg, "2026-11-23", None, "2026-09")  # judged on 2026-09-30: 30 days
    assert metric(september, "agreement_cadence_compliance").status == "green"
    november = card(reg, "2026-11-23", None, "2026-11")  # judged on 2026-11-23: 84 days
    (pulled,) = metric(november, "agreement_cadence_compliance").pulling_down
    assert pulled.reason == "monthly sync overdue (last held 2026-08-31, 84 days ago; allowed 31)"


def test_an_agreement_without_cadence_takes_its_partner_kinds_default(tmp_path: Path) -> None:
    text = "partner: email-ops\nkickoff: 2026-01-15\nreviewed: 2026-10-01\n"
    reg = make_registry(tmp_path, [account("a")], {"email-ops": text})
    compliance = metric(card(reg, "2026-11-23", None), "agreement_cadence_compliance")
    assert [p.reason for p in compliance.pulling_down] == [
        "monthly sync overdue (last held 2026-10-01, 53 days ago; allowed 31)"
    ]


def test_without_activity_the_touch_metrics_are_na(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("a")])
    scorecard = card(reg, "2026-11-23", None)
    for metric_id in ("tier1_engagement_rate", "joint_coverage", "handoff_follow_up_rate",
                      "penetration_rate"):
        assert metric(scorecard, metric_id).status == "n/a", metric_id
        assert metric(scorecard, metric_id).note == "no activity data"
    assert any(note.startswith("no activity data") for note in scorecard.notes)
