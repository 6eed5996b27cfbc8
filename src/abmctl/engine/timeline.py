"""One account's activity as of a date: its rows, signals, crossings and first touches.

`overlap` (ABM603-606) and `scorecard` read the same per-account facts; this module computes
them once per run on top of the signal engine (`abmctl.engine.signals`), which stays the one place
where qualifying and crossing are defined (SPEC §2.4).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING

from abmctl.engine.signals import Signal, crossings, in_window, qualifying_signals
from abmctl.engine.windows import end_of, start_of
from abmctl.model.accounts import OFF_MOTION

if TYPE_CHECKING:
    from abmctl.engine.activity import Activity, ActivityRow
    from abmctl.model.accounts import Account
    from abmctl.model.settings import AwarenessWeeks, SignalSettings

# rows and signals are kept in time order: bisecting on this key finds a moment in log time
_moment = attrgetter("occurred_at")


@dataclass
class Timeline:
    """An account's rows up to the end of the as-of day (later rows are the future)."""

    rows: Sequence[ActivityRow]
    _signals: dict[int, list[Signal]] = field(default_factory=dict, repr=False)
    _crossings: dict[tuple[int, int], list[datetime]] = field(default_factory=dict, repr=False)
    _by_type: dict[str, list[ActivityRow]] | None = field(default=None, repr=False)

    def signals(self, rules: SignalSettings) -> list[Signal]:
        """The qualifying signals, oldest first (computed once per rules object)."""
        key = id(rules)
        if key not in self._signals:
            self._signals[key] = qualifying_signals(self.rows, rules)
        return self._signals[key]

    def crossings(self, rules: SignalSettings, threshold: int) -> list[datetime]:
        key = (id(rules), threshold)
        if key not in self._crossings:
            signals = self.signals(rules)
            self._crossings[key] = (
                crossings(signals, threshold, rules.window_days)
                if len(signals) >= threshold else []
            )
        return self._crossings[key]

    def first_crossing(self, rules: SignalSettings) -> datetime | None:
        """When the account first crossed `threshold` (SDR outreach may start)."""
        found = self.crossings(rules, rules.threshold)
        return found[0] if found else None

    def hot_crossings(self, rules: SignalSettings) -> list[datetime]:
        return self.crossings(rules, rules.hot_threshold)

    def made_crossing(self, rules: SignalSettings, moment: datetime) -> list[Signal]:
        """The signals in (moment - window, moment]: what the account engaged with."""
        signals = self.signals(rules)
        start = moment - timedelta(days=rules.window_days)
        # the engine picks the window's signals; it is handed only the stretch around the
        # window, so an account with a hundred crossings is not scanned a hundred times
        low = bisect_right(signals, start, key=_moment)
        high = bisect_right(signals, moment, lo=low, key=_moment)
        return in_window(signals[low:high], moment, rules.window_days)

    def of_type(self, kind: str) -> list[ActivityRow]:
        """The rows of type `kind`, oldest first (one pass over the rows serves every type)."""
        if self._by_type is None:
            self._by_type = {}
            for row in self.rows:
                found = self._by_type.get(row.type)
                if found is None:
                    self._by_type[row.type] = [row]
                else:
                    found.append(row)
        return self._by_type.get(kind, [])

    def of_type_between(self, kind: str, start: datetime, end: datetime) -> list[ActivityRow]:
        """The rows of type `kind` with start <= occurred_at < end."""
        rows = self.of_type(kind)
        low = bisect_left(rows, start, key=_moment)
        return rows[low:bisect_left(rows, end, lo=low, key=_moment)]

    def next_of(self, kind: str, moment: datetime) -> ActivityRow | None:
        """The first row of type `kind` at or after `moment`, if any."""
        rows = self.of_type(kind)
        found = bisect_left(rows, moment, key=_moment)
        return rows[found] if found < len(rows) else None

    def first_of(self, kind: str) -> datetime | None:
        """The first row of type `kind`."""
        rows = self.of_type(kind)
        return rows[0].occurred_at if rows else None

    def awareness_end(self, weeks: AwarenessWeeks, familiar: bool) -> datetime | None:
        """seed 001: 4 weeks of warm-up (2 if familiar) from the first marketing touch."""
        first = self.first_of("marketing_touch")
        if first is None:
            return None
        return first + timedelta(weeks=weeks.familiar if familiar else weeks.new)

    def meeting_at(self, account: Account) -> datetime | None:
        """seed 000 Rule 2: the earliest booked meeting, from the field or a touch."""
        moments = [self.first_of("meeting_booked")]
        if account.meeting_booked is not None:
            moments.append(start_of(account.meeting_booked))
        known = [m for m in moments if m is not None]
        return min(known) if known else None

    def rows_between(self, start: datetime, end: datetime) -> Sequence[ActivityRow]:
        """The rows with start <= occurred_at < end."""
        low = bisect_left(self.rows, start, key=_moment)
        high = bisect_left(self.rows, end, lo=low, key=_moment)
        return self.rows[low:high]


def until(rows: Sequence[ActivityRow], as_of: date) -> Sequence[ActivityRow]:
    """`rows` (in time order) up to the end of the as-of day: 'as of D' includes all of D."""
    return rows[:bisect_left(rows, end_of(as_of), key=_moment)]


_LAST: list[tuple[Activity, date, dict[str, Timeline]]] = []


def timelines(activity: Activity | None, as_of: date) -> dict[str, Timeline]:
    """Every account's timeline as of `as_of`; computed once per (activity, date) in a run,
    since several overlap rules and the scorecard read the same signals."""
    if activity is None:
        return {}
    if _LAST and _LAST[0][0] is activity and _LAST[0][1] == as_of:
        return _LAST[0][2]
    found = {
        account: Timeline(kept)
        for account, rows in activity.by_account.items()
        if (kept := until(rows, as_of))
    }
    _LAST[:] = [(activity, as_of, found)]
    return found


def off_motion_at(account: Account, moment: datetime) -> bool:
    """Was the account off the active motion at `moment`? (no `stage_since`: always was)"""
    if account.stage not in OFF_MOTION:
        return False
    return account.stage_since is None or start_of(account.stage_since) <= moment
