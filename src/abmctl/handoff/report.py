"""Handoffs as of a date: which accounts should change stage or owner now, routed
by tier, each with the packet marketing hands over.

- `to_engagement`: an `awareness` account crossed the signal threshold after its
  `stage_since` (two distinct signals start SDR outreach, not one click).
- `to_active`: a meeting was booked while the account is in awareness or engagement (the
  meeting, not a score, hands the account to its AE).
- `hot`: the account reached `hot_threshold` within the last `window_days` (the AE
  reaches out within 24 hours).

A pure function of the registry, the activity and the date.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Literal

from abmctl.engine.followup import (
    TRANSITIONS,
    FollowUp,
    HandoffMoment,
    Transition,
    handoff_moments,
)
from abmctl.engine.owners import Owners, Route
from abmctl.engine.timeline import Timeline, timeline_of, timelines
from abmctl.engine.windows import end_of, start_of
from abmctl.handoff.packet import HISTORY_KEPT, Dossier, Packet, build_dossier, build_packet
from abmctl.output.run_info import RunInfo

if TYPE_CHECKING:
    from abmctl.engine.activity import Activity
    from abmctl.engine.signals import Signal
    from abmctl.model.accounts import Account
    from abmctl.registry import Registry

SlaStatus = Literal["breached", "met", "pending"]


@dataclass(frozen=True, slots=True)
class Handoff:
    """One transition of one account, with its deadline and its packet."""

    account: Account
    transition: Transition
    route: Route
    signals: tuple[Signal, ...]  # what made the crossing (to_active: what led to the meeting)
    follow_up: FollowUp  # the engine's SLA of this moment: the scorecard and ABM606 read it too
    packet: Packet | None  # None when the caller asked for no packets (the plain table)

    @property
    def at(self) -> datetime:
        """The crossing, or (to_active) the meeting."""
        return self.follow_up.crossing

    @property
    def due(self) -> datetime:
        return self.follow_up.due

    @property
    def followed_up(self) -> datetime | None:
        """The first sales touch in (at, due]."""
        return self.follow_up.touched_at

    @property
    def sla_breached(self) -> bool:
        return self.follow_up.breached

    @property
    def sla_status(self) -> SlaStatus:
        return self.follow_up.status


@dataclass(frozen=True, slots=True)
class HandoffReport:
    """What `abmctl handoff` prints: the handoffs, most urgent first, and the reading counts."""

    as_of: date
    handoffs: list[Handoff]
    unmatched_rows: int = 0
    skipped_rows: int = 0
    has_activity: bool = True
    run_info: RunInfo = RunInfo()

    @property
    def overdue(self) -> int:
        return sum(h.sla_breached for h in self.handoffs)


def handoff_report(
    reg: Registry, activity: Activity | None, as_of: date, *, since: date | None = None,
    tiers: Collection[int] = (), owner: str | None = None, packets: bool = True,
    history: int | None = HISTORY_KEPT,
) -> HandoffReport:
    """The handoffs of every list account as of `as_of`, filtered, most urgent first; each
    packet's history keeps the last `history` entries (None: all)."""
    found = handoffs(reg, activity, as_of, since=since, tiers=tiers, owner=owner,
                     packets=packets, history=history)
    return HandoffReport(
        as_of, found,
        unmatched_rows=activity.unmatched if activity is not None else 0,
        skipped_rows=len(activity.skipped) if activity is not None else 0,
        has_activity=activity is not None,
    )


def handoffs(
    reg: Registry, activity: Activity | None, as_of: date, *, since: date | None = None,
    tiers: Collection[int] = (), owner: str | None = None, packets: bool = True,
    history: int | None = HISTORY_KEPT, accounts: Collection[str] = (),
) -> list[Handoff]:
    """Every handoff as of `as_of` (`since`: only transitions on or after it; `tiers`, `owner`:
    only those accounts / routed to or alerting that person; `accounts`: only these ids), most
    urgent first; `packets`: False leaves each packet out (a table of who to call needs none)."""
    owners = Owners(reg)
    found: list[Handoff] = []
    if accounts:  # a few accounts: their timelines alone
        listed = [reg.account_by_id[a] for a in accounts if a in reg.account_by_id]
        lines = {a.id: timeline_of(activity, a.id, as_of) for a in listed}
    else:
        listed, lines = reg.accounts, timelines(activity, as_of)
    for account in listed:
        if tiers and account.tier not in tiers:
            continue
        # an account with no activity: its meeting field can still hand it on
        line = lines.get(account.id) or Timeline(())
        found += _account_handoffs(reg, owners, account, line, as_of,
                                   packets=packets, history=history)
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


def _account_handoffs(reg: Registry, owners: Owners, account: Account, line: Timeline,
                      as_of: date, *, packets: bool, history: int | None) -> list[Handoff]:
    rules = reg.settings.signals
    # the packet reads the rows and signals of the intent lookback
    lookback = end_of(as_of) - timedelta(days=rules.intent_score.lookback_days)
    moments = handoff_moments(account, line, rules, as_of,
                              read_from=lookback if packets else None)
    dossier = (build_dossier(reg, account, line.rows, line.signals(rules, since=lookback), as_of,
                             history) if packets and moments else None)
    return [_handoff(reg, owners, account, moment, line, dossier) for moment in moments]


def _handoff(reg: Registry, owners: Owners, account: Account, moment: HandoffMoment,
             line: Timeline, dossier: Dossier | None) -> Handoff:
    rules = reg.settings.signals
    route = owners.route(account, moment.transition)
    made = tuple(line.made_crossing(rules, moment.at))
    follow = moment.follow_up
    return Handoff(
        account=account, transition=moment.transition, route=route, signals=made,
        follow_up=follow,
        packet=build_packet(reg, account, dossier, moment.transition, route, moment.at,
                            follow.due, made, overdue=follow.breached)
        if dossier is not None else None,
    )
