"""Review windows and reporting periods: the calendar arithmetic, in one place."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Literal

from abmctl.model.settings import Review

PeriodUnit = Literal["month", "quarter"]  # a trend's or a history's periods
MONTHS_IN: dict[str, int] = {"month": 1, "quarter": 3}
MAX_PERIODS = 36  # three years of months: the most periods a trend or a history counts back


@dataclass(frozen=True, slots=True)
class Window:
    """The review window of one period: tier changes take effect only from `start` to `end`."""

    start: date
    end: date  # inclusive
    next_start: date  # the start of the following period's window

    def is_open(self, day: date) -> bool:
        return self.start <= day <= self.end


def period_start(day: date, review: Review) -> date:
    """The first day of the review period holding `day`."""
    if review.cadence == "weekly":
        return day - timedelta(days=day.weekday())
    if review.cadence == "monthly":
        return day.replace(day=1)
    offset = (day.month - review.year_start_month) % 3
    return _add_months(day.replace(day=1), -offset)


def next_period_start(day: date, review: Review) -> date:
    start = period_start(day, review)
    if review.cadence == "weekly":
        return start + timedelta(days=7)
    return _add_months(start, 1 if review.cadence == "monthly" else 3)


def window_for(day: date, review: Review) -> Window:
    """The window of the period holding `day` (open or already closed)."""
    start = period_start(day, review)
    following = next_period_start(day, review)
    days = min(review.window_days, 7) if review.cadence == "weekly" else review.window_days
    end = min(start + timedelta(days=days - 1), following - timedelta(days=1))
    return Window(start, end, following)


def _add_months(day: date, months: int) -> date:
    index = day.year * 12 + day.month - 1 + months
    return day.replace(year=index // 12, month=index % 12 + 1)


@dataclass(frozen=True, slots=True)
class Period:
    """A reporting period, `start` to `end` inclusive (scorecard: quarter or month)."""

    start: date
    end: date

    @property
    def opens(self) -> datetime:
        return start_of(self.start)

    @property
    def closes(self) -> datetime:
        """The instant the period is over: 00:00 UTC the day after `end`."""
        return end_of(self.end)

    def holds(self, moment: datetime) -> bool:
        return self.opens <= moment < self.closes


def quarter(text: str) -> Period:
    """`2026Q4` -> 2026-10-01..2026-12-31 (calendar quarters)."""
    year, q = text.upper().split("Q")
    first = date(int(year), 3 * (int(q) - 1) + 1, 1)
    if not 1 <= int(q) <= 4:
        raise ValueError(text)
    return Period(first, _add_months(first, 3) - timedelta(days=1))


def month(text: str) -> Period:
    """`2026-11` -> 2026-11-01..2026-11-30."""
    first = date.fromisoformat(f"{text}-01")
    return Period(first, _add_months(first, 1) - timedelta(days=1))


def quarter_of(day: date) -> Period:
    return quarter(f"{day.year}Q{(day.month - 1) // 3 + 1}")


def month_of(day: date) -> Period:
    return month(f"{day.year:04d}-{day.month:02d}")


def period_of(day: date, unit: PeriodUnit) -> Period:
    """The calendar month or quarter holding `day`."""
    return quarter_of(day) if unit == "quarter" else month_of(day)


def start_of(day: date) -> datetime:
    return datetime.combine(day, time.min, tzinfo=UTC)


def end_of(day: date) -> datetime:
    """'As of D' includes all of D: the instant D ends, 00:00 UTC the next day (exclusive)."""
    return start_of(day + timedelta(days=1))


def label_of(period: Period) -> str:
    """How a user names a calendar month or quarter: `2026-11`, `2026Q4` (another span:
    `start..end`)."""
    start, end = period.start, period.end
    if start.day == 1 and end == _add_months(start, 1) - timedelta(days=1):
        return f"{start.year:04d}-{start.month:02d}"
    if start.day == 1 and start.month % 3 == 1 and end == _add_months(start, 3) - timedelta(days=1):
        return f"{start.year:04d}Q{(start.month - 1) // 3 + 1}"
    return f"{start}..{end}"


def trailing(last: Period, months: int, count: int) -> tuple[Period, ...]:
    """`count` periods of `months` months each (1: a month, 3: a quarter), oldest first, the
    last being `last`; none before the year 1."""
    found: list[Period] = []
    for back in range(count - 1, -1, -1):
        try:
            first = _add_months(last.start, -months * back)
        except ValueError:  # before the year 1
            continue
        found.append(Period(first, _add_months(first, months) - timedelta(days=1)))
    return tuple(found)
