"""One account's activity as of a date: its rows, signals, crossings, first touches and the
moment a meeting was booked.

`handoff`, `overlap` (ABM603-606) and `scorecard` read the same per-account facts; this module
computes them once per run on top of the signal engine (`abmctl.engine.signals`), which stays
the one place where qualifying and crossing are defined.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING

from abmctl.engine.signals import Signal, crossings, in_window, qualifying_signals
from abmctl.engine.windows import end_of, start_of

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
    # per rules object: the signals from a moment on (None: all of them), the earliest asked
    _signals: dict[int, tuple[datetime | None, list[Signal]]] = field(
        default_factory=dict, repr=False)
    _crossings: dict[tuple[int, int], list[datetime]] = field(default_factory=dict, repr=False)
    _by_type: dict[str, list[ActivityRow]] | None = field(default=None, repr=False)

    def signals(self, rules: SignalSettings, since: datetime | None = None) -> list[Signal]:
        """The qualifying signals at or after `since` (None: all), oldest first. Only the rows
        from `since` on are walked (a long history, when only the last weeks matter); the
        signals are kept, so a later question from a later moment is a slice."""
        found = self._kept(rules, since)
        if since is None or not found or found[0].occurred_at >= since:
            return found
        return found[bisect_left(found, since, key=_moment):]

    def _kept(self, rules: SignalSettings, since: datetime | None) -> list[Signal]:
        """The kept signals, made from `since` or earlier (callers bisect them)."""
        key = id(rules)
        kept = self._signals.get(key)
        if kept is not None and (kept[0] is None or (since is not None and kept[0] <= since)):
            return kept[1]
        found = qualifying_signals(self.rows, rules, since=since)
        self._signals[key] = (since, found)
        return found

    def crossings(self, rules: SignalSettings, threshold: int) -> list[datetime]:
        """Every crossing of `threshold` in the account's history, oldest first."""
        key = (id(rules), threshold)
        if key not in self._crossings:
            signals = self.signals(rules)
            self._crossings[key] = (
                crossings(signals, threshold, rules.window_days)
                if len(signals) >= threshold else []
            )
        return self._crossings[key]

    def crossings_after(self, rules: SignalSettings, threshold: int,
                        after: datetime | None) -> list[datetime]:
        """The crossings of `threshold` strictly after `after` (None: all). Whether t is a
        crossing depends only on the signals in [t - window, t] (those just before it and at it),
        so the signals up to `after - window` are not walked."""
        if after is None or (id(rules), threshold) in self._crossings:
            return [c for c in self.crossings(rules, threshold) if after is None or c > after]
        cut = after - timedelta(days=rules.window_days)
        signals = self._kept(rules, cut)
        signals = signals[bisect_right(signals, cut, key=_moment):]
        if len(signals) < threshold:
            return []
        return [c for c in crossings(signals, threshold, rules.window_days) if c > after]

    def first_crossing(self, rules: SignalSettings,
                       after: datetime | None = None) -> datetime | None:
        """When the account first crossed `threshold` (after `after`, if given): SDR outreach
        may start."""
        found = self.crossings_after(rules, rules.threshold, after)
        return found[0] if found else None

    def hot_crossings(self, rules: SignalSettings) -> list[datetime]:
        return self.crossings(rules, rules.hot_threshold)

    def latest_hot_crossing(self, rules: SignalSettings, as_of: date) -> datetime | None:
        """The latest hot crossing in (end of `as_of` - window_days, end of `as_of`]: the
        account is hot now."""
        start = end_of(as_of) - timedelta(days=rules.window_days)
        recent = self.crossings_after(rules, rules.hot_threshold, start)
        return recent[-1] if recent else None

    def made_crossing(self, rules: SignalSettings, moment: datetime) -> list[Signal]:
        """The signals in (moment - window, moment]: what the account engaged with."""
        start = moment - timedelta(days=rules.window_days)
        signals = self._kept(rules, start)
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

    def next_of(self, kind: str, moment: datetime,
                until: datetime | None = None) -> ActivityRow | None:
        """The first row of type `kind` at or after `moment` (and at or before `until`)."""
        return self._first(kind, bisect_left, moment, until)

    def next_after(self, kind: str, moment: datetime,
                   until: datetime | None = None) -> ActivityRow | None:
        """The first row of type `kind` strictly after `moment` (and at or before `until`)."""
        return self._first(kind, bisect_right, moment, until)

    def _first(self, kind: str, cut: Callable[..., int], moment: datetime,
               until: datetime | None) -> ActivityRow | None:
        found: ActivityRow | None = None
        if self._by_type is not None:  # the rows of each type are indexed: bisect those
            typed = self._by_type.get(kind, [])
            index = cut(typed, moment, key=_moment)
            found = typed[index] if index < len(typed) else None
        else:  # a few rows after `moment` (an SLA's day), without indexing a whole history
            rows = self.rows
            start = cut(rows, moment, key=_moment)
            stop = len(rows) if until is None else bisect_right(rows, until, lo=start,
                                                                  key=_moment)
            found = next((row for row in rows[start:stop] if row.type == kind), None)
        if found is not None and until is not None and found.occurred_at > until:
            return None
        return found

    def first_of(self, kind: str) -> datetime | None:
        """The first row of type `kind`."""
        rows = self.of_type(kind)
        return rows[0].occurred_at if rows else None

    def awareness_end(self, weeks: AwarenessWeeks, familiar: bool) -> datetime | None:
        """4 weeks of warm-up (2 if familiar) from the first marketing touch."""
        first = self.first_of("marketing_touch")
        if first is None:
            return None
        return first + timedelta(weeks=weeks.familiar if familiar else weeks.new)

    def rows_between(self, start: datetime, end: datetime) -> Sequence[ActivityRow]:
        """The rows with start <= occurred_at < end."""
        low = bisect_left(self.rows, start, key=_moment)
        high = bisect_left(self.rows, end, lo=low, key=_moment)
        return self.rows[low:high]


def until(rows: Sequence[ActivityRow], as_of: date) -> Sequence[ActivityRow]:
    """`rows` (in time order) up to the end of the as-of day: 'as of D' includes all of D."""
    end = end_of(as_of)
    if not rows or rows[-1].occurred_at < end:  # the usual case: nothing to cut, no copy
        return rows
    return rows[:bisect_left(rows, end, key=_moment)]


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


def timeline_of(activity: Activity | None, account_id: str, as_of: date) -> Timeline:
    """One account's timeline as of `as_of` (no rows: an empty one), without cutting every
    other account's rows as `timelines` does (a command about one account)."""
    if activity is None:
        return Timeline(())
    if _LAST and _LAST[0][0] is activity and _LAST[0][1] == as_of:
        return _LAST[0][2].get(account_id) or Timeline(())
    return Timeline(until(activity.by_account.get(account_id, ()), as_of))


def meeting_at(account: Account, line: Timeline | None, as_of: date, *,
               in_stage: bool = True) -> datetime | None:
    """When a meeting was booked (the meeting, not a score, hands the account to the AE), as
    of the end of `as_of`: the account's
    `meeting_booked` date if on or before `as_of` (a later date is the future), or its first
    `meeting_booked` touch (the timeline ends with the as-of day), whichever came first.

    `in_stage`: only a touch since the account entered its current stage (`stage_since`) counts,
    the meeting that hands it on now (handoff, the stage owner, the scorecard); False: any
    touch, whether a meeting had been booked by some moment (ABM603)."""
    moments: list[datetime] = []
    if account.meeting_booked is not None and account.meeting_booked <= as_of:
        moments.append(start_of(account.meeting_booked))
    if line is not None:
        since = start_of(account.stage_since) if in_stage and account.stage_since else None
        if since is not None:
            touch = line.next_of("meeting_booked", since)
        else:
            booked = line.of_type("meeting_booked")
            touch = booked[0] if booked else None
        if touch is not None:
            moments.append(touch.occurred_at)
    return min(moments) if moments else None
