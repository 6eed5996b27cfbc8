"""ABM603 (premature sales touch, SPEC §2.4) and ABM604 (marketing off the motion)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.catalogue.overlap_builders import account, activity, conflicts, make_registry, play, row


@pytest.mark.parametrize(
    ("familiar", "sales_at", "premature"),
    [
        (False, "2026-10-29T08:00", True),
        (False, "2026-10-29T09:00", False),
        (False, "2026-10-29T10:00", False),
        (True, "2026-10-15T08:00", True),
        (True, "2026-10-15T10:00", False),
    ],
    ids=["new-one-hour-before-4-weeks", "new-exactly-4-weeks", "new-one-hour-after-4-weeks",
         "familiar-one-hour-before-2-weeks", "familiar-one-hour-after-2-weeks"],
)
def test_a_sales_touch_before_the_awareness_weeks_ran_is_premature(
    tmp_path: Path, familiar: bool, sales_at: str, premature: bool
) -> None:
    reg = make_registry(tmp_path, [account("northwind", familiar=familiar)])
    found = activity(
        row("2026-10-01T09:00", "northwind", "marketing_touch"),
        row(sales_at, "northwind", "sales_touch", "ae@us.com"),
    )
    assert len(conflicts(reg, "2026-11-23", found, "ABM603")) == int(premature)


@pytest.mark.parametrize(
    ("sales_at", "premature"),
    [("2026-10-05T09:00", True), ("2026-10-05T10:00", False), ("2026-10-05T11:00", False)],
    ids=["one-hour-before-the-crossing", "at-the-crossing", "one-hour-after-the-crossing"],
)
def test_a_threshold_crossing_clears_sales_outreach(
    tmp_path: Path, sales_at: str, premature: bool
) -> None:
    reg = make_registry(tmp_path, [account("northwind")])
    found = activity(
        row("2026-10-01T09:00", "northwind", "marketing_touch"),
        row("2026-10-03T10:00", "northwind", "event_registration", "cfo@northwind.com"),
        # seed 001: a second registration from another contact is a second signal
        row("2026-10-05T10:00", "northwind", "event_registration", "cto@northwind.com"),
        row(sales_at, "northwind", "sales_touch"),
    )
    assert len(conflicts(reg, "2026-11-23", found, "ABM603")) == int(premature)


def test_two_registrations_from_one_contact_do_not_cross(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("northwind")])
    found = activity(
        row("2026-10-01T09:00", "northwind", "marketing_touch"),
        row("2026-10-03T10:00", "northwind", "event_registration", "cfo@northwind.com"),
        row("2026-10-05T10:00", "northwind", "event_registration", "cfo@northwind.com"),
        row("2026-10-05T11:00", "northwind", "sales_touch"),
    )
    assert len(conflicts(reg, "2026-11-23", found, "ABM603")) == 1


@pytest.mark.parametrize(
    ("sales_at", "premature"),
    [("2026-10-03T11:00", True), ("2026-10-03T12:00", False), ("2026-10-03T13:00", False)],
    ids=["before-the-meeting-touch", "at-the-meeting-touch", "after-the-meeting-touch"],
)
def test_a_booked_meeting_touch_clears_sales_outreach(
    tmp_path: Path, sales_at: str, premature: bool
) -> None:
    reg = make_registry(tmp_path, [account("northwind")])
    found = activity(
        row("2026-10-01T09:00", "northwind", "marketing_touch"),
        row("2026-10-03T12:00", "northwind", "meeting_booked"),
        row(sales_at, "northwind", "sales_touch"),
    )
    assert len(conflicts(reg, "2026-11-23", found, "ABM603")) == int(premature)


@pytest.mark.parametrize(
    ("sales_at", "premature"),
    [("2026-10-02T23:00", True), ("2026-10-03T08:00", False)],
    ids=["the-evening-before-the-meeting-date", "on-the-meeting-date"],
)
def test_the_meeting_booked_field_clears_sales_outreach_from_that_day(
    tmp_path: Path, sales_at: str, premature: bool
) -> None:
    reg = make_registry(tmp_path, [account("northwind", meeting_booked="2026-10-03")])
    found = activity(
        row("2026-10-01T09:00", "northwind", "marketing_touch"),
        row(sales_at, "northwind", "sales_touch"),
    )
    assert len(conflicts(reg, "2026-11-23", found, "ABM603")) == int(premature)


def test_without_any_marketing_touch_every_early_sales_touch_is_premature(
    tmp_path: Path,
) -> None:
    reg = make_registry(tmp_path, [account("northwind")])
    found = activity(
        row("2026-10-05T09:00", "northwind", "sales_touch"),
        row("2026-10-06T09:00", "northwind", "sales_touch"),
    )
    (conflict,) = conflicts(reg, "2026-11-23", found, "ABM603")
    assert conflict.severity == "error"
    assert conflict.message.startswith("2 sales touches on Tier 1 account northwind")
    assert "no marketing touch yet (awareness needs 4 weeks, new account)" in conflict.message
    assert conflict.teams == ("sales", "abm")
    assert conflict.decides == "abm"
    assert conflict.path == "registry/signals/activity.csv"
    assert conflict.line == 2  # the first premature touch's row
    assert [value for key, value in conflict.extra if key == "touch"] == [
        "2026-10-05 09:00 UTC sales_touch", "2026-10-06 09:00 UTC sales_touch",
    ]


def test_premature_touches_are_one_conflict_per_account_with_a_pause_until_awareness_ends(
    tmp_path: Path,
) -> None:
    reg = make_registry(tmp_path, [account("northwind")])
    found = activity(
        row("2026-11-10T09:00", "northwind", "marketing_touch"),
        row("2026-11-12T09:00", "northwind", "sales_touch"),
        row("2026-11-13T09:00", "northwind", "sales_touch"),
    )
    (conflict,) = conflicts(reg, "2026-11-23", found, "ABM603")
    assert conflict.resolution == (
        "Sales pauses outreach to northwind until 2026-12-08 09:00 UTC (or a threshold "
        "crossing or booked meeting) and agrees the first message with ABM at the weekly sync."
    )


def test_premature_touches_from_the_past_ask_for_a_review_not_a_pause(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("northwind")])
    found = activity(
        row("2026-09-01", "northwind", "marketing_touch"),
        row("2026-09-02", "northwind", "sales_touch"),
    )
    (conflict,) = conflicts(reg, "2026-11-23", found, "ABM603")
    assert conflict.resolution is not None
    assert conflict.resolution.startswith("The awareness phase ended 2026-09-29: ABM and ana.lima")


def test_sales_touches_on_tier_2_accounts_are_not_checked(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("northwind", tier=2)])
    found = activity(row("2026-10-05T09:00", "northwind", "sales_touch"))
    assert conflicts(reg, "2026-11-23", found, "ABM603") == []


def test_sales_touches_before_the_account_became_tier_1_are_not_checked(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("northwind", tier_since="2026-10-01")])
    found = activity(row("2026-09-30T23:00", "northwind", "sales_touch"))
    assert conflicts(reg, "2026-11-23", found, "ABM603") == []


def test_touches_after_the_as_of_day_are_the_future(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("northwind")])
    found = activity(row("2026-11-24T00:00", "northwind", "sales_touch"))
    assert conflicts(reg, "2026-11-23", found, "ABM603") == []
    assert len(conflicts(reg, "2026-11-24", found, "ABM603")) == 1


@pytest.mark.parametrize(
    ("touch_at", "expected"),
    [("2026-11-09T23:59", 0), ("2026-11-10T00:00", 1), ("2026-11-11T09:00", 1)],
    ids=["the-day-before-disqualification", "the-day-of", "the-day-after"],
)
def test_a_marketing_touch_on_a_disqualified_account_counts_from_stage_since(
    tmp_path: Path, touch_at: str, expected: int
) -> None:
    reg = make_registry(
        tmp_path, [account("northwind", stage="disqualified", stage_since="2026-11-10")]
    )
    found = activity(row(touch_at, "northwind", "marketing_touch"))
    assert len(conflicts(reg, "2026-11-23", found, "ABM604")) == expected


def test_off_motion_marketing_names_the_plays_running_then_and_says_stop(
    tmp_path: Path,
) -> None:
    reg = make_registry(
        tmp_path, [account("northwind", stage="closed_lost", stage_since="2026-11-01")],
        [play("abm-push", "abm", "2026-10-01", "2026-11-30", ["northwind"]),
         play("events-old", "events", "2026-09-01", "2026-09-30", ["northwind"])],
    )
    found = activity(
        row("2026-11-03T09:00", "northwind", "marketing_touch"),
        row("2026-11-05T09:00", "northwind", "marketing_touch"),
    )
    (conflict,) = conflicts(reg, "2026-11-23", found, "ABM604")
    assert conflict.severity == "error"
    assert conflict.plays == ("abm-push",)
    assert conflict.teams == ("abm",)
    assert conflict.message == (
        "2 marketing touches on northwind, closed_lost since 2026-11-01: first 2026-11-03 "
        "09:00 UTC, last 2026-11-05 09:00 UTC (during abm-push)"
    )
    assert conflict.resolution == (
        "Stop marketing to northwind: it is closed_lost since 2026-11-01, off the active "
        "motion, so take it out of abm-push, ad audiences and email lists."
    )


@pytest.mark.parametrize("stage", ["awareness", "engagement", "active", "expand"])
def test_marketing_touches_on_the_motion_are_fine(tmp_path: Path, stage: str) -> None:
    reg = make_registry(tmp_path, [account("northwind", stage=stage, stage_since="2026-11-01")])
    found = activity(row("2026-11-03T09:00", "northwind", "marketing_touch"))
    assert conflicts(reg, "2026-11-23", found, "ABM604") == []
