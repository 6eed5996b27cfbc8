"""Freshness (SPEC §2.3): activity is stale as of D when its newest matched row is older than
stale_after_days before D, or when no row matched a list account."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from abmctl.engine.activity import Activity, ActivityRow, SourceSummary
from abmctl.engine.signals import freshness
from abmctl.model.settings import SignalSettings

RULES = SignalSettings()  # stale_after_days: 30
D = date(2026, 11, 23)


def activity(*moments: datetime, unmatched_last: datetime | None = None) -> Activity:
    rows = [ActivityRow(m, "northwind", "web_visit") for m in moments]
    found = Activity(rows, files=["a.csv"],
                     sources=[SourceSummary("a.csv", last=unmatched_last or max(moments,
                                                                                default=None))])
    return found


@pytest.mark.parametrize(("newest", "stale"), [
    (datetime(2026, 10, 24, 23, 59, tzinfo=UTC), False),  # exactly 30 days before D: fresh
    (datetime(2026, 10, 23, 12, 0, tzinfo=UTC), True),    # 31 days: stale
    (datetime(2026, 11, 23, 23, 0, tzinfo=UTC), False),   # on D itself
])
def test_the_newest_row_exactly_stale_after_days_old_is_still_fresh(newest: datetime,
                                                                    stale: bool) -> None:
    found = freshness(activity(datetime(2026, 9, 1, tzinfo=UTC), newest), RULES, D)
    assert found is not None
    assert found.stale is stale
    days = (D - newest.date()).days
    word = "stale" if stale else "fresh"
    assert found.reason == (f"activity is {word}: newest row {newest.date().isoformat()}, "
                            f"{days} day{'s' if days != 1 else ''} before 2026-11-23")


def test_the_reason_reads_as_an_ops_lead_would_write_it() -> None:
    found = freshness(activity(datetime(2015, 7, 19, tzinfo=UTC)), RULES, D)
    assert found is not None and found.stale
    assert found.reason == "activity is stale: newest row 2015-07-19, 4,145 days before 2026-11-23"


def test_stale_after_days_comes_from_rules_signals() -> None:
    rules = SignalSettings(stale_after_days=7)
    assert freshness(activity(datetime(2026, 11, 16, tzinfo=UTC)), rules, D).stale is False  # type: ignore[union-attr]
    assert freshness(activity(datetime(2026, 11, 15, tzinfo=UTC)), rules, D).stale is True  # type: ignore[union-attr]


def test_activity_in_which_no_row_matched_is_stale_however_new_its_rows() -> None:
    found = freshness(activity(unmatched_last=datetime(2026, 11, 22, tzinfo=UTC)), RULES, D)
    assert found is not None and found.stale
    assert found.reason == ("activity is stale: no row matched a list account (newest row "
                            "2026-11-22, 1 day before 2026-11-23)")


def test_rows_after_the_as_of_date_do_not_make_old_activity_fresh() -> None:
    found = freshness(activity(datetime(2026, 1, 5, tzinfo=UTC), datetime(2026, 12, 1, tzinfo=UTC)),
                      RULES, D)
    assert found is not None and found.stale
    assert found.newest == datetime(2026, 1, 5, tzinfo=UTC)


def test_no_activity_file_is_no_verdict() -> None:
    assert freshness(None, RULES, D) is None
    assert freshness(Activity(), RULES, D) is None
