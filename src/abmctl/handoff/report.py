"""Handoffs as of a date (SPEC §2.4): which accounts should change stage or owner now, routed
by tier, each with the packet marketing hands over (seed 002).

- `to_engagement`: an `awareness` account crossed the signal threshold after its
  `stage_since` (seed 001: two distinct signals start SDR outreach).
- `to_active`: a meeting was booked while the account is in awareness or engagement (seed 000
  Rule 2: the meeting, not a score, hands the account to its AE).
- `hot`: the account reached `hot_threshold` within the last `window_days` (seed 004 Step 5:
  the AE reaches out within 24 hours).

A pure function of the registry, the activity and the date.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from operator import attrgetter
from typing import TYPE_CHECKING, Literal

from abmctl.engine.owners import Owners, Route
from abmctl.engine.signals import (
    Signal,
    crossings,
    first_after,
    followed_up,
    in_window,
    qualifying_signals,
    sla_due,
)
from abmctl.engine.windows import end_of, start_of
from abmctl.handoff.packet import Dossier, Packet, build_dossier, build_packet

if TYPE_CHECKING:
    from abmctl.engine.activity import Activity, ActivityRow
    from abmctl.model.accounts import Account
    from abmctl.model.settings import SignalSettings
    from abmctl.registry import Registry

Transition = Literal["to_engagement", "to_active", "hot"]
SlaStatus = Literal["breached", "met", "pending"]
TRANSITIONS: tuple[Transition, ...] = ("to_engagement", "to_active", "hot")
HANDOFF_STAGES = frozenset({"awareness", "engagement"})


@dataclass(frozen=True, slots=True)
class Handoff:
    """One transition of one account, with its deadline and its packet."""

    account: Account
    transition: Transition
    at: datetime  # the crossing, or (to_active) the meeting
    route: Route
    signals: tuple[Signal, ...]  # what made the crossing (to_active: what led to the meeting)
    due: datetime
    followed_up: datetime | None  # the first sales touch in (at, due]
    sla_breached: bool
    packet: Packet | None  # None when the caller asked for no packets (the plain table)

    @property
    def sla_status(self) -> SlaStatus:
        if self.sla_breached:
            return "breached"
        return "met" if self.followed_up is not None else "pending"


@dataclass(frozen=True, slots=True)
class HandoffReport:
    """What `abmctl handoff` prints: the handoffs, most urgent first, and the reading counts."""

    as_of: date
    handoffs: list[Handoff]
    unmatched_rows: int = 0
    skipped_rows: int = 0
    has_activity: bool = True

    @property
    def overdue(self) -> int:
        return sum(h.sla_breached for h in self.handoffs)


def handoff_report(
    reg: Registry, activity: Activity | None, as_of: date, *, since: date | None = None,
    tiers: Collection[int] = (), owner: str | None = None, packets: bool = True,
) -> HandoffReport:
    """The handoffs of every list account as of `as_of`, filtered, most urgent first."""
    found = handoffs(reg, activity, as_of, since=since, tiers=tiers, owner=owner,
                     packets=packets)
    return HandoffReport(
        as_of, found,
        unmatched_rows=activity.unmatched if activity is not None else 0,
        skipped_rows=len(activity.skipped) if activity is not None else 0,
        has_activity=activity is not None,
    )


def handoffs(
    reg: Registry, activity: Activity | None, as_of: date, *, since: date | None = None,
    tiers: Collection[int] = (), owner: str | None = None, packets: bool = True,
) -> list[Handoff]:
    """Every handoff as of `as_of` (`since`: only transitions on or after it; `tiers`, `owner`:
    only those accounts / routed to or alerting that person), most urgent first; `packets`:
    False leaves each packet out (a table of who to call needs none)."""
    by_account = activity.by_account if activity is not None else {}
    until = end_of(as_of)
    owners = Owners(reg)
    found: list[Handoff] = []
    for account in reg.accounts:
        if account.stage not in HANDOFF_STAGES or (tiers and account.tier not in tiers):
            continue
        rows: Sequence[ActivityRow] = by_account.get(account.id, ())
        rows = rows[:bisect_left(rows, until, key=_moment)]  # as of D: nothing after D
        found += _account_handoffs(reg, owners, account, rows, as_of, packets)
    if since is not None:
        found = [h for h in found if h.at >= start_of(since)]
    if owner is not None:
        found = [h for h in found if owner == h.route.person or owner in h.route.alert]
    found.sort(key=urgency)
    return found


def urgency(handoff: Handoff) -> tuple[bool, datetime, str, int]:
    """Breached SLAs first, then the earliest due."""
    return (not handoff.sla_breached, handoff.due, handoff.account.id,
            TRANSITIONS.index(handoff.transition))


_moment: Callable[[ActivityRow], datetime] = attrgetter("occurred_at")
_signal_moment: Callable[[Signal], datetime] = attrgetter("occurred_at")


def _account_handoffs(reg: Registry, owners: Owners, account: Account,
                      rows: Sequence[ActivityRow], as_of: date, packets: bool) -> list[Handoff]:
    rules = reg.settings.signals
    meeting = meeting_at(account, rows, as_of)
    since = start_of(account.stage_since) if account.stage_since else None
    engaging = meeting is None and account.stage == "awareness"
    first = _signals_from(rules, as_of, meeting, since, engaging=engaging, packets=packets)
    signals = qualifying_signals(rows, rules, since=first) if rows else []
    moments: list[tuple[Transition, datetime]] = []
    if meeting is not None:
        moments.append(("to_active", meeting))
    elif engaging:  # a booked meeting skips engagement (seed 000 Rule 2)
        crossed = first_after(crossings_after(signals, rules.threshold, rules.window_days,
                                              since), since)
        if crossed is not None:
            moments.append(("to_engagement", crossed))
    hot = _recent_hot_crossing(signals, reg, as_of)
    if hot is not None:
        moments.append(("hot", hot))
    dossier = build_dossier(reg, account, rows, signals, as_of) if packets and moments else None
    return [
        _handoff(reg, account, owners.route(account, transition), transition, at, rows,
                 signals, as_of, dossier)
        for transition, at in moments
    ]


def _signals_from(rules: SignalSettings, as_of: date, meeting: datetime | None,
                  stage_since: datetime | None, *, engaging: bool,
                  packets: bool) -> datetime | None:
    """The earliest moment whose signals can matter (None: all of them). A crossing at t
    depends only on the signals in (t - window_days, t], so: a hot crossing in the last
    window_days needs two windows back; when `engaging`, a crossing after `stage_since` one
    window before it (no `stage_since`: any crossing, so all); the meeting the window before
    it; the packet the rows of its lookback. The rest of a long history is never walked."""
    window = timedelta(days=rules.window_days)
    end = end_of(as_of)
    bounds = [end - 2 * window]
    if engaging:
        if stage_since is None:
            return None
        bounds.append(stage_since - window)
    if meeting is not None:
        bounds.append(meeting - window)
    if packets:
        bounds.append(end - timedelta(days=rules.intent_score.lookback_days))
    return min(bounds)


def meeting_at(account: Account, rows: Sequence[ActivityRow], as_of: date) -> datetime | None:
    """seed 000 Rule 2: the booked meeting, from the account's field (at or before the as-of
    day) or the first `meeting_booked` touch since the account entered its stage."""
    moments = []
    if account.meeting_booked is not None and account.meeting_booked <= as_of:
        moments.append(start_of(account.meeting_booked))
    since = start_of(account.stage_since) if account.stage_since else None
    first = 0 if since is None else bisect_left(rows, since, key=_moment)  # rows: time order
    booked = next((r.occurred_at for r in rows[first:] if r.type == "meeting_booked"), None)
    if booked is not None:
        moments.append(booked)
    return min(moments) if moments else None


def crossings_after(signals: list[Signal], threshold: int, window_days: int,
                    after: datetime | None) -> list[datetime]:
    """The crossings strictly after `after`. Whether t is a crossing depends only on the
    signals in (t - window, t], so the signals up to `after - window` need not be walked
    (an account's whole history, when only the last weeks matter)."""
    if after is not None:
        cut = after - timedelta(days=window_days)
        signals = signals[bisect_right(signals, cut, key=_signal_moment):]
    if len(signals) < threshold:
        return []
    return [c for c in crossings(signals, threshold, window_days) if after is None or c > after]


def _recent_hot_crossing(signals: list[Signal], reg: Registry, as_of: date) -> datetime | None:
    """The latest hot crossing in (end of D - window_days, end of D]."""
    rules = reg.settings.signals
    start = end_of(as_of) - timedelta(days=rules.window_days)
    recent = crossings_after(signals, rules.hot_threshold, rules.window_days, start)
    return recent[-1] if recent else None


def _handoff(reg: Registry, account: Account, route: Route, transition: Transition,
             at: datetime, rows: Sequence[ActivityRow], signals: list[Signal], as_of: date,
             dossier: Dossier | None) -> Handoff:
    rules = reg.settings.signals
    due = sla_due(at, rules)
    # the rows of (at, due] and the signals of (at - window_days, at]: both lists are in time
    # order, so the slices are found by bisection rather than by walking the whole history
    touched = followed_up(rows[bisect_right(rows, at, key=_moment):
                               bisect_right(rows, due, key=_moment)], at, due)
    start = at - timedelta(days=rules.window_days)
    made = tuple(in_window(signals[bisect_right(signals, start, key=_signal_moment):
                                   bisect_right(signals, at, key=_signal_moment)],
                           at, rules.window_days))
    return Handoff(
        account=account, transition=transition, at=at, route=route,
        signals=made, due=due, followed_up=touched,
        sla_breached=touched is None and end_of(as_of) > due,
        packet=build_packet(reg, account, dossier, transition, route, at, due, made,
                            overdue=touched is None and end_of(as_of) > due)
        if dossier is not None else None,
    )
