"""Review windows and periods at their edges (SPEC §3.1)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from abmctl.engine.windows import month, quarter, quarter_of, window_for
from abmctl.model.settings import Review


@pytest.mark.parametrize(("day", "is_open"), [
    (date(2026, 10, 1), True), (date(2026, 10, 14), True), (date(2026, 10, 15), False),
    (date(2026, 9, 30), False),
])
def test_quarterly_window_is_the_first_14_days(day: date, is_open: bool) -> None:
    assert window_for(day, Review()).is_open(day) is is_open


def test_closed_window_says_when_the_next_opens() -> None:
    window = window_for(date(2026, 11, 23), Review())
    assert (window.start, window.end, window.next_start) == (
        date(2026, 10, 1), date(2026, 10, 14), date(2027, 1, 1))


def test_fiscal_year_starting_in_february_shifts_quarters() -> None:
    review = Review(year_start_month=2)
    assert window_for(date(2026, 1, 10), review).start == date(2025, 11, 1)
    assert window_for(date(2026, 2, 14), review).is_open(date(2026, 2, 14))
    assert not window_for(date(2026, 1, 1), review).is_open(date(2026, 1, 1))


def test_weekly_windows_start_monday_and_cap_at_seven_days() -> None:
    review = Review(cadence="weekly", window_days=30)
    window = window_for(date(2026, 11, 25), review)  # a Wednesday
    assert (window.start, window.end, window.next_start) == (
        date(2026, 11, 23), date(2026, 11, 29), date(2026, 11, 30))


def test_monthly_window() -> None:
    window = window_for(date(2026, 2, 20), Review(cadence="monthly", window_days=5))
    assert (window.start, window.end, window.next_start) == (
        date(2026, 2, 1), date(2026, 2, 5), date(2026, 3, 1))


def test_quarter_period_holds_its_last_minute_not_the_next_day() -> None:
    q4 = quarter("2026Q4")
    assert (q4.start, q4.end) == (date(2026, 10, 1), date(2026, 12, 31))
    assert q4.holds(datetime(2026, 12, 31, 23, 59, tzinfo=UTC))
    assert not q4.holds(datetime(2027, 1, 1, 0, 0, tzinfo=UTC))
    assert quarter_of(date(2026, 11, 23)) == q4


def test_month_period_handles_february() -> None:
    assert month("2028-02").end == date(2028, 2, 29)


@pytest.mark.parametrize("text", ["2026Q5", "2026Q0", "Q4", "2026-13"])
def test_bad_period_names_raise(text: str) -> None:
    with pytest.raises(ValueError):
        month(text) if "-" in text else quarter(text)
