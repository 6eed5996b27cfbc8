"""Handoffs and their SLA follow-up, one home for both.

`handoff_moments` says which moments of an account's timeline hand it on as of a date (a
threshold crossing in awareness, a booked meeting, a hot crossing); `follow_up` says whether a
sales touch came within `sla_hours` of a moment. `abmctl handoff` reports these handoffs, the
scorecard's follow-up metric follows up every threshold crossing of its period, and ABM606
reads the follow-up of every hot crossing: none of them slices the SLA window itself, so they
cannot disagree.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from abmctl.engine.timeline import Timeline, meeting_at
from abmctl.engine.windows import end_of, start_of

if TYPE_CHECKING:
    from abmctl.model.accounts import Account
    from abmctl.model.settings import SignalSettings

Transition = Literal["to_engagement", "to_active", "hot"]
TRANSITIONS: tuple[Transition, ...] = ("to_engagement", "to_active", "hot")
HANDOFF_STAGES = frozenset({"awareness", "engagement"})
# stages whose account is already handed on: its AE owns the deal (active), or customer
# success the customer (expand); a hot crossing there hands nothing on
HANDED_ON_STAGES = frozenset({"active", "expand"})
FollowUpStatus = Literal["met", "breached", "pending"]


@dataclass(frozen=True, slots=True)
class FollowUp:
    """The SLA of one moment (a crossing, or a booked meeting): the first sales touch in
    (crossing, due], or none yet."""

    crossing: datetime
    due: datetime
    touched_at: datetime | None
    status: FollowUpStatus  # met: touched by due; breached: not, and the as-of day ran past due

    @property
    def breached(self) -> bool:
        return self.status == "breached"


def follow_up(line: Timeline, crossing: datetime, rules: SignalSettings,
              as_of: date) -> FollowUp:
    """A sales touch in (crossing, crossing + sla_hours] meets the SLA (one
    exactly at due counts); with none, the SLA is breached once the as-of day has run past due,
    and pending until then (the touch may still come)."""
    due = crossing + timedelta(hours=rules.sla_hours)
    known_until = end_of(as_of)
    touch = line.next_after("sales_touch", crossing, until=due)
    touched = (touch.occurred_at if touch is not None and touch.occurred_at < known_until
               else None)
    status: FollowUpStatus = (
        "met" if touched is not None else "breached" if known_until > due else "pending"
    )
    return FollowUp(crossing, due, touched, status)


@dataclass(frozen=True, slots=True)
class HandoffMoment:
    """One transition of one account as of a date, and its follow-up."""

    transition: Transition
    follow_up: FollowUp

    @property
    def at(self) -> datetime:
        """The crossing, or (to_active) the meeting."""
        return self.follow_up.crossing


def handed_on_at(account: Account, moment: datetime) -> bool:
    """Was the account already handed on at `moment`: `active` or `expand` from its
    `stage_since` on (no `stage_since`: always)? A hot crossing then is no handoff, so no SLA
    runs from it (ABM606 asks, as `handoff_moments` asks of the stage as of its date)."""
    if account.stage not in HANDED_ON_STAGES:
        return False
    return account.stage_since is None or start_of(account.stage_since) <= moment


def handoff_moments(account: Account, line: Timeline, rules: SignalSettings, as_of: date, *,
                    read_from: datetime | None = None) -> list[HandoffMoment]:
    """For an account in awareness or engagement as of `as_of`: `to_active` at the
    meeting booked in its current stage (the meeting, not a score, hands it to
    the AE), else, in awareness, `to_engagement` at the first threshold crossing after
    `stage_since`; and `hot` at the latest hot crossing in the last `window_days`.

    `read_from`: the earliest moment the caller will also read signals from (a packet's
    lookback), so the account's signals are made once."""
    if account.stage not in HANDOFF_STAGES:
        return []
    meeting = meeting_at(account, line, as_of)
    since = start_of(account.stage_since) if account.stage_since else None
    engaging = meeting is None and account.stage == "awareness"
    line.signals(rules, since=signals_from(rules, as_of, meeting, since, engaging=engaging,
                                           read_from=read_from))
    moments: list[tuple[Transition, datetime]] = []
    if meeting is not None:
        moments.append(("to_active", meeting))
    elif engaging:  # a booked meeting skips engagement
        crossed = line.first_crossing(rules, after=since)
        if crossed is not None:
            moments.append(("to_engagement", crossed))
    hot = line.latest_hot_crossing(rules, as_of)
    if hot is not None:
        moments.append(("hot", hot))
    return [HandoffMoment(transition, follow_up(line, at, rules, as_of))
            for transition, at in moments]


def signals_from(rules: SignalSettings, as_of: date, meeting: datetime | None,
                 stage_since: datetime | None, *, engaging: bool,
                 read_from: datetime | None = None) -> datetime | None:
    """The earliest moment whose signals can matter to an account's handoffs (None: all of
    them). A crossing at t depends only on the signals in [t - window_days, t], so: a hot
    crossing in the last window_days needs two windows back; when `engaging`, a crossing after
    `stage_since` one window before it (no `stage_since`: any crossing, so all); the meeting the
    window before it (what led to it); the caller `read_from`. The rest of a long history is
    never walked."""
    window = timedelta(days=rules.window_days)
    bounds = [end_of(as_of) - 2 * window]
    if engaging:
        if stage_since is None:
            return None
        bounds.append(stage_since - window)
    if meeting is not None:
        bounds.append(meeting - window)
    if read_from is not None:
        bounds.append(read_from)
    return min(bounds)
