"""The shared scorecard: one set of metrics both teams own, with green/yellow/red.

Separate scorecards are the most common way marketing and sales drift apart, so both read the
same numbers, against targets and health colours they agreed on (docs/reference.md, `abmctl
scorecard --format json`). Pure: the registry, the activity and the dates in, a `Scorecard`
value out.

"In the period" means from the period's first day 00:00 UTC up to its last day 23:59:59 — or up
to the end of the as-of day when that falls inside the period (nothing after the as-of day is
known yet). Accounts off the active motion (closed_lost, disqualified, not_ready) by then are
left out of the account metrics: marketing may not touch them.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from operator import attrgetter
from typing import TYPE_CHECKING, Literal

from abmctl.engine.cadence import sync_of
from abmctl.engine.followup import FollowUp, follow_up
from abmctl.engine.motion import on_motion_before
from abmctl.engine.timeline import Timeline, timelines
from abmctl.engine.windows import Period, end_of
from abmctl.model.accounts import Account
from abmctl.output.run_info import RunInfo
from abmctl.output.text import iso_stamp, stamp

if TYPE_CHECKING:
    from abmctl.engine.activity import Activity
    from abmctl.model.agreements import Agreement
    from abmctl.registry import Registry

Status = Literal["green", "yellow", "red", "n/a"]
STATUS_RANK: dict[str, int] = {"red": 0, "yellow": 1, "green": 2, "n/a": 3}

# id -> (title, target, red below): Tier 1 engagement 80%+, below 50% "it's just a list";
# joint coverage > 80%, handoff follow-up > 90%, meeting cadence > 90%.
METRICS: dict[str, tuple[str, Fraction | None, Fraction | None]] = {
    "tier1_engagement_rate": ("Tier 1 engagement rate", Fraction("0.80"), Fraction("0.50")),
    "joint_coverage": ("Joint account coverage", Fraction("0.80"), Fraction("0.50")),
    "handoff_follow_up_rate": ("Handoff follow-up rate", Fraction("0.90"), Fraction("0.60")),
    "penetration_rate": ("Account penetration rate", None, None),
    "agreement_cadence_compliance": ("Agreement cadence compliance", Fraction("0.90"),
                                     Fraction("0.60")),
}
# what a red (or yellow) metric looks like in the room
# What a metric below target says, for both teams at their joint meeting: the count behind
# it, no blame ({missed} of {total}: the denominator less the numerator, of the denominator)
SIGNS: dict[str, str] = {
    "tier1_engagement_rate": "{missed} of {total} Tier 1 accounts lack a marketing or a "
                             "sales touch this period",
    "joint_coverage": "{missed} of {total} list accounts had activity from one team only, or "
                      "none",
    "handoff_follow_up_rate": "follow-up below target: {missed} of {total} crossings had no "
                              "sales touch within the SLA",
    "agreement_cadence_compliance": "{missed} of {total} agreements' syncs are overdue",
}
MARKETING = frozenset({"marketing_touch"})
SALES = frozenset({"sales_touch", "meeting_booked"})
TOUCHES = MARKETING | SALES


_TYPE = attrgetter("type")  # a row's type

@dataclass(frozen=True, slots=True)
class Puller:
    """One account (or agreement) that pulls a metric down, and why."""

    subject: str
    reason: str
    kind: Literal["account", "partner"] = "account"
    details: tuple[tuple[str, str | int | list[str] | None], ...] = ()


@dataclass(frozen=True, slots=True)
class Metric:
    id: str
    title: str
    numerator: int
    denominator: int
    target: Fraction | None
    red_below: Fraction | None
    pulling_down: tuple[Puller, ...] = ()
    note: str | None = None
    measured: bool = True  # False: no data to measure it (no activity given)

    @property
    def value(self) -> Fraction | None:
        if not self.measured or self.denominator == 0:
            return None
        return Fraction(self.numerator, self.denominator)

    @property
    def status(self) -> Status:
        return status_of(self.value, self.target, self.red_below)


def status_of(value: Fraction | None, target: Fraction | None,
              red_below: Fraction | None) -> Status:
    """green at or above target, red below the red line, yellow between; n/a without a value
    or a target (exact fractions: 1/2 against a 0.50 red line is yellow, not red)."""
    if value is None or target is None:
        return "n/a"
    if value >= target:
        return "green"
    if red_below is not None and value < red_below:
        return "red"
    return "yellow"


@dataclass(frozen=True, slots=True)
class Health:
    status: Status
    reason: str


@dataclass(frozen=True, slots=True)
class Scorecard:
    period: Period
    as_of: date
    counted_until: date | None  # the last day counted; None when the period has not begun
    metrics: tuple[Metric, ...]
    health: Health
    notes: tuple[str, ...] = field(default=())
    label: str = ""  # how the period was asked for: `2026Q4`, `2026-11`
    run_info: RunInfo = RunInfo()


def build_scorecard(reg: Registry, activity: Activity | None, period: Period,
                    as_of: date, label: str = "", *,
                    accounts: Iterable[Account] | None = None) -> Scorecard:
    """Every metric for `period`, counting activity up to the end of `as_of`; the account
    metrics over `accounts` when given (a trend's breakdown: one territory, tier or owner),
    else the whole list."""
    closes = min(period.closes, end_of(as_of))
    counted_until = (closes - timedelta(days=1)).date() if closes > period.opens else None
    counting = _Counting(reg, activity, period.opens, max(closes, period.opens), as_of, accounts)
    metrics = (
        counting.tier1_engagement(),
        counting.joint_coverage(),
        counting.handoff_follow_up(),
        counting.penetration(),
        agreement_compliance(reg, min(period.end, as_of)),
    )
    notes: list[str] = []
    if activity is None:
        notes.append("no activity data: touch and handoff metrics are n/a (give --signals or "
                     "add registry/signals/)")
    elif activity.unmatched:
        notes.append(f"{activity.unmatched} activity row(s) matched no list account")
    if counted_until is None:
        notes.append(f"the period starts after the as-of day {as_of}: nothing to count yet")
    elif counted_until < period.end:
        notes.append(f"counting up to the as-of day {counted_until} (period ends {period.end})")
    return Scorecard(period, as_of, counted_until, metrics, alignment_health(metrics),
                     tuple(notes), label or f"{period.start}..{period.end}")


class _Counting:
    """The activity-based metrics over one counting window [opens, closes)."""

    def __init__(self, reg: Registry, activity: Activity | None, opens: datetime,
                 closes: datetime, as_of: date, accounts: Iterable[Account] | None) -> None:
        self.reg = reg
        self.measured = activity is not None
        self.started = closes > opens  # else the period starts after the as-of day
        self.opens, self.closes = opens, closes
        self.as_of = as_of
        self.lines = timelines(activity, as_of)
        listed = reg.account_by_id.values() if accounts is None else accounts
        self.accounts = [a for a in listed if on_motion_before(a, closes)]
        self.kinds = {a.id: self._kinds(a.id) for a in self.accounts}

    def _kinds(self, account_id: str) -> frozenset[str]:
        line = self.lines.get(account_id)
        if line is None:
            return frozenset()
        return frozenset(map(_TYPE, line.rows_between(self.opens, self.closes)))

    def _line(self, account: Account) -> Timeline:
        """The account's timeline (none: no activity, though a meeting field can hand it on)."""
        return self.lines.get(account.id) or Timeline(())

    def _metric(self, metric_id: str, hits: int, total: int,
                pullers: Iterable[Puller]) -> Metric:
        title, target, red = METRICS[metric_id]
        if not self.measured:
            note: str | None = "no activity data"
        elif not self.started:  # nothing is known of the period yet: nothing is missing
            note, hits, total, pullers = "the period has not started yet", 0, 0, ()
        else:
            note = None
        ordered = sorted(pullers, key=lambda p: (p.subject, p.reason))
        return Metric(metric_id, title, hits, total, target, red, tuple(ordered), note,
                      self.measured and self.started)

    def _both_sides(self, metric_id: str, accounts: Sequence[Account], sales: frozenset[str],
                    noun: str) -> Metric:
        """Accounts with a marketing touch and one of `sales` in the period; the others pull
        the metric down, saying which side is missing."""
        pullers = []
        for account in accounts:
            kinds = self.kinds[account.id]
            missing = [
                side for side, wanted in (("marketing", MARKETING), ("sales", sales))
                if not kinds & wanted
            ]
            if missing:
                reason = f"no {' or '.join(missing)} {noun} in the period"
                pullers.append(Puller(account.id, reason, details=(("missing", missing),)))
        return self._metric(metric_id, len(accounts) - len(pullers), len(accounts), pullers)

    def tier1_engagement(self) -> Metric:
        """>= 1 marketing touch AND >= 1 sales touch in the period, per Tier 1 account."""
        tier1 = [a for a in self.accounts if a.tier == 1]
        return self._both_sides("tier1_engagement_rate", tier1, frozenset({"sales_touch"}),
                                "touch")

    def joint_coverage(self) -> Metric:
        """List accounts with sales + marketing activity (a booked meeting is sales
        activity)."""
        return self._both_sides("joint_coverage", self.accounts, SALES, "activity")

    def penetration(self) -> Metric:
        """% of the list reached by any touch; no target (status n/a)."""
        pullers = [
            Puller(a.id, "no touch in the period") for a in self.accounts
            if not self.kinds[a.id] & TOUCHES
        ]
        return self._metric("penetration_rate", len(self.accounts) - len(pullers),
                            len(self.accounts), pullers)

    def handoff_follow_up(self) -> Metric:
        """Threshold crossings in the period followed by a sales touch within `sla_hours`, of
        the crossings: every crossing of `threshold` the engine finds in the account's
        timeline, whatever its stage now (an account followed up in time and moved on counts
        as followed up), each followed up as `abmctl handoff` follows one up
        (`engine.followup.follow_up`). A crossing whose SLA runs past the as-of day with no
        touch yet is pending: not counted either way."""
        rules = self.reg.settings.signals
        hits = pending = 0
        pullers: list[Puller] = []
        # the crossings from the period's first moment on: only the signals from a window
        # before it are made (a long history, or a trend's earlier periods, are not walked)
        after = self.opens - timedelta(microseconds=1)
        for account in self.accounts:
            line = self.lines.get(account.id)
            if line is None:
                continue
            for crossing in line.crossings_after(rules, rules.threshold, after):
                if crossing >= self.closes:
                    break
                follow = follow_up(line, crossing, rules, self.as_of)
                if follow.status == "met":
                    hits += 1
                elif follow.breached:
                    pullers.append(_missed(account, follow))
                else:
                    pending += 1
        metric = self._metric("handoff_follow_up_rate", hits, hits + len(pullers), pullers)
        if pending and metric.note is None:
            return _with_note(metric, f"{pending} crossing(s) still inside the SLA, not counted")
        return metric


def _missed(account: Account, follow: FollowUp) -> Puller:
    """A crossing whose SLA ran out with no sales touch."""
    return Puller(
        account.id, f"crossed {stamp(follow.crossing)}, no sales touch by {stamp(follow.due)}",
        details=(("crossing", iso_stamp(follow.crossing)), ("due", iso_stamp(follow.due))),
    )


def _with_note(metric: Metric, note: str) -> Metric:
    return Metric(metric.id, metric.title, metric.numerator, metric.denominator, metric.target,
                  metric.red_below, metric.pulling_down, note, metric.measured)


def agreement_compliance(reg: Registry, day: date) -> Metric:
    """Meeting cadence: agreements whose sync is not overdue as of
    `day` (ABM404's rule: `reviewed` more than the cadence's days ago, or never)."""
    pullers = sorted(
        (p for a in reg.agreements if (p := _overdue(reg, a, day)) is not None),
        key=lambda p: p.subject,
    )
    title, target, red = METRICS["agreement_cadence_compliance"]
    total = len(reg.agreements)
    return Metric("agreement_cadence_compliance", title, total - len(pullers), total, target,
                  red, tuple(pullers))


def _overdue(reg: Registry, agreement: Agreement, day: date) -> Puller | None:
    sync = sync_of(reg, agreement)  # ABM404 asks the same (engine/cadence.py)
    if sync is None or not sync.overdue(day):
        return None
    reviewed = sync.reviewed
    ago = f"last held {reviewed}, {sync.days_since(day)} days ago" if reviewed else "never held"
    return Puller(
        agreement.partner, f"{sync.cadence} sync overdue ({ago}; allowed {sync.allowed})",
        "partner", (("path", agreement.path), ("cadence", sync.cadence),
                    ("reviewed", reviewed.isoformat() if reviewed else None)),
    )


def alignment_health(metrics: Sequence[Metric]) -> Health:
    """Alignment health: any one red metric means broken, so health is the worst status
    among the metrics that have a target and a value, each named with the count behind it."""
    rated = [m for m in metrics if m.status != "n/a"]
    if not rated:
        return Health("n/a", "no metric with a target could be measured")
    worst = min((m.status for m in rated), key=STATUS_RANK.__getitem__)
    if worst == "green":
        return Health("green", "every metric with a target is at or above it (healthy)")
    named = [f"{m.title} {percent(m.value)}" + _sign(m) for m in rated if m.status == worst]
    label = "broken" if worst == "red" else "at risk"
    return Health(worst, f"{label}: " + "; ".join(named))


def _sign(metric: Metric) -> str:
    """` (follow-up below target: 5 of 6 crossings had ...)`, or '' for a metric without one."""
    sign = SIGNS.get(metric.id)
    if sign is None:
        return ""
    missed = metric.denominator - metric.numerator
    return f" ({sign.format(missed=missed, total=metric.denominator)})"


def percent(value: Fraction | None) -> str:
    """`63%` for 5/8: whole percents, halves rounded up as a reader would (not to even)."""
    return "—" if value is None else f"{math.floor(value * 100 + Fraction(1, 2))}%"
