"""The SLA follow-up of a handoff and the moment a meeting counts, at their boundaries
(seed 004 Step 5: the 24-hour follow-up; seed 000 Rule 2: the meeting hands the account on)."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from abmctl.engine.activity import ActivityRow
from abmctl.engine.followup import follow_up
from abmctl.engine.timeline import Timeline, meeting_at
from abmctl.model.accounts import Account
from abmctl.model.settings import SignalSettings

RULES = SignalSettings()  # sla_hours: 24
CROSSING = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)
DUE = CROSSING + timedelta(hours=24)
LATER = date(2026, 11, 20)


def touch(moment: datetime, kind: str = "sales_touch") -> ActivityRow:
    return ActivityRow(moment, "northwind", kind)


def line(*rows: ActivityRow) -> Timeline:
    return Timeline(sorted(rows, key=lambda r: r.occurred_at))


def northwind(**fields: object) -> Account:
    return Account.model_validate({"id": "northwind", "name": "Northwind",
                                   "domains": ["northwind.com"], "tier": 1, **fields})


@pytest.mark.parametrize(
    ("touched", "status"),
    [(DUE - timedelta(hours=1), "met"), (DUE, "met"), (DUE + timedelta(seconds=1), "breached"),
     (CROSSING, "breached"), (None, "breached")],
    ids=["23h", "exactly-at-due", "one-second-late", "at-the-crossing-itself", "never"],
)
def test_a_sales_touch_up_to_and_including_due_meets_the_sla(
    touched: datetime | None, status: str,
) -> None:
    found = follow_up(line(*([touch(touched)] if touched else [])), CROSSING, RULES, LATER)
    assert (found.crossing, found.due, found.status) == (CROSSING, DUE, status)
    assert found.touched_at == (touched if status == "met" else None)


def test_only_a_sales_touch_follows_up() -> None:
    found = follow_up(line(touch(DUE, "marketing_touch"), touch(DUE, "meeting_booked")),
                      CROSSING, RULES, LATER)
    assert found.status == "breached"


@pytest.mark.parametrize(
    ("crossing", "status"),
    [(datetime(2026, 11, 4, 0, 0, tzinfo=UTC), "pending"),  # due at the as-of day's end
     (datetime(2026, 11, 3, 23, 59, 59, tzinfo=UTC), "breached")],  # due a second before
    ids=["day-ends-exactly-at-due", "day-ends-one-second-after-due"],
)
def test_the_sla_is_breached_only_once_the_as_of_day_has_run_past_due(
    crossing: datetime, status: str,
) -> None:
    """As of 2026-11-04 the day runs to 2026-11-05 00:00: a due time exactly then has not
    passed yet."""
    assert follow_up(line(), crossing, RULES, date(2026, 11, 4)).status == status


def test_a_touch_after_the_as_of_day_is_not_known_yet() -> None:
    """A timeline longer than the as-of day (built by hand): the later touch does not count."""
    crossing = datetime(2026, 11, 4, 12, 0, tzinfo=UTC)
    found = follow_up(line(touch(crossing + timedelta(hours=13))), crossing, RULES,
                      date(2026, 11, 4))
    assert (found.status, found.touched_at) == ("pending", None)


@pytest.mark.parametrize(
    ("booked", "counts"),
    [(date(2026, 11, 22), True), (date(2026, 11, 23), True), (date(2026, 11, 24), False)],
    ids=["day-before", "the-as-of-day", "the-day-after"],
)
def test_a_meeting_field_counts_from_its_day_and_not_before(booked: date, counts: bool) -> None:
    account = northwind(meeting_booked=booked)
    expected = datetime(booked.year, booked.month, booked.day, tzinfo=UTC) if counts else None
    assert meeting_at(account, None, date(2026, 11, 23)) == expected
    assert meeting_at(account, line(), date(2026, 11, 23)) == expected


def test_a_meeting_touch_counts_for_the_stage_only_since_stage_since() -> None:
    """The meeting that hands the account on is one in its current stage; ABM603 asks whether
    any meeting had been booked."""
    before = datetime(2026, 10, 30, 15, 0, tzinfo=UTC)
    after = datetime(2026, 11, 3, 15, 0, tzinfo=UTC)
    account = northwind(stage="engagement", stage_since=date(2026, 11, 1))
    history = line(touch(before, "meeting_booked"), touch(after, "meeting_booked"))
    assert meeting_at(account, history, date(2026, 11, 23)) == after
    assert meeting_at(account, history, date(2026, 11, 23), in_stage=False) == before
    assert meeting_at(account, line(touch(before, "meeting_booked")), date(2026, 11, 23)) is None


def test_the_earlier_of_the_field_and_the_touch_is_the_meeting() -> None:
    account = northwind(meeting_booked=date(2026, 11, 5))
    touched = datetime(2026, 11, 3, 15, 0, tzinfo=UTC)
    assert meeting_at(account, line(touch(touched, "meeting_booked")),
                      date(2026, 11, 23)) == touched
