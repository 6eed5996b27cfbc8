"""What the plan says about each change of a diff (`tiers diff`, ABM209).

The plan asked is `make_plan` on the registry at BASE, as of the day the change says it took
effect (its new `tier_since`), so the answer does not depend on the day the check runs: a pull
request that applies the plan in a window passes on any later day. The scores shown are the
ones that plan read, against the thresholds of the tier the account moves to.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Literal

from abmctl.engine.standing import Check, Standing, check, listing, standing_of

if TYPE_CHECKING:
    from abmctl.engine.activity import Activity
    from abmctl.load.gitrev import AccountTier
    from abmctl.model.accounts import Account
    from abmctl.model.settings import TierDef
    from abmctl.registry import Registry
    from abmctl.tiers.diff import TierChange
    from abmctl.tiers.plan import Plan

Status = Literal["proposed", "held", "other tier", "not proposed", "new", "unread"]


@dataclass(frozen=True, slots=True)
class Bar:
    """An account's scores against one set of thresholds (`tier 1 promote`)."""

    label: str
    checks: tuple[Check, ...]

    def __str__(self) -> str:
        return f"{self.label}{listing(list(self.checks))}"


@dataclass(frozen=True, slots=True)
class Verdict:
    """The plan's word on one change: proposed, held (and why), proposed to another tier,
    not proposed; `new` for an account entering the list (no plan moves it there)."""

    status: Status
    reason: str = ""
    plan_as_of: date | None = None
    scores: tuple[Bar, ...] = ()
    instead: str = ""  # where the plan moves the account instead: `to tier 2`, `off the list`

    @property
    def agrees(self) -> bool:
        return self.status in ("proposed", "new")

    def __str__(self) -> str:
        """`proposed`, `held: tier 1 at capacity (3)`, `not proposed`, ..."""
        if self.status == "proposed":
            return "proposed"  # its reason is the scores, shown beside it
        if self.status == "held":
            return f"held: {self.reason}"
        if self.status == "other tier":
            return f"not proposed: the plan moves it {self.instead} ({self.reason})"
        if self.status == "new":
            return "enters the list (no plan moves an account onto it)"
        if self.status == "unread":
            return f"unknown: {self.reason}"
        return "not proposed"


@dataclass
class BasePlans:
    """The registry at BASE and its activity; one plan per day asked, made once."""

    label: str
    reg: Registry
    activity: Activity | None
    _plans: dict[date, tuple[Plan, Mapping[str, int]]] = field(default_factory=dict)

    def at(self, day: date) -> tuple[Plan, Mapping[str, int]]:
        """The plan as of `day`, and the intent scores it read."""
        if day not in self._plans:
            from abmctl.engine.signals import freshness, intent_scores
            from abmctl.tiers.plan import make_plan

            intent = intent_scores(self.reg, self.activity, day)
            # the plan apply would have made that day: stale activity moves nothing on intent
            fresh = freshness(self.activity, self.reg.settings.signals, day)
            stale = fresh.reason if fresh is not None and fresh.stale else None
            self._plans[day] = (make_plan(self.reg, intent, day, stale=stale), intent)
        return self._plans[day]

    def account(self, ident: str) -> Account | None:
        """The account at BASE (the first of a repeated id, as the diff compares)."""
        return self.reg.account_by_id.get(ident)


def judge(
    changes: list[TierChange],
    base: Mapping[str, AccountTier],
    head: Mapping[str, AccountTier],
    plans: BasePlans | None,
    head_reg: Registry,
    head_intent: Mapping[str, int],
    as_of: date,
) -> dict[str, Verdict]:
    """The verdict on every change, by account id. A promotion or demotion is asked of the
    plan as of its new `tier_since` (as of `as_of` when `tier_since` did not change: ABM208);
    an account leaving the list, of the plan as of `as_of`."""
    tiers = {t.id: t for t in head_reg.settings.tiers.tiers}
    found: dict[str, Verdict] = {}
    for change in changes:
        if change.kind == "added":
            account = head_reg.account_by_id.get(change.account)
            found[change.account] = Verdict("new", scores=_bars(
                change, standing_of(account, head_intent), tiers) if account else ())
        elif plans is not None:
            since, before = head.get(change.account), base[change.account].tier_since
            day = since.tier_since if since and since.tier_since not in (None, before) else as_of
            found[change.account] = _asked(change, plans, day or as_of, tiers)
    return found


def _asked(change: TierChange, plans: BasePlans, day: date,
           tiers: Mapping[int, TierDef]) -> Verdict:
    account = plans.account(change.account)
    if account is None:
        return Verdict("unread", f"the account does not load at {plans.label}")
    plan, intent = plans.at(day)
    bars = _bars(change, standing_of(account, intent), tiers)
    for move in plan.changes:
        if move.account == change.account:
            if move.to_tier == change.to_tier:
                return Verdict("proposed", move.reason, day, bars)
            instead = "off the list" if move.to_tier is None else f"to tier {move.to_tier}"
            return Verdict("other tier", move.reason, day, bars, instead)
    for move in plan.held:
        if move.account == change.account and move.to_tier == change.to_tier:
            return Verdict("held", move.reason, day, bars)
    return Verdict("not proposed", "", day, bars)


def _bars(change: TierChange, standing: Standing, tiers: Mapping[int, TierDef]) -> tuple[Bar, ...]:
    """Promotion or entry: the target tier's `promote`; demotion: the tier left's `keep` (why
    it goes) and the target tier's (why it lands there)."""
    def bar(tier: int | None, which: str) -> tuple[Bar, ...]:
        defined = tiers.get(tier) if tier is not None else None
        if defined is None:
            return ()
        thresholds = defined.promote if which == "promote" else defined.keep
        return (Bar(f"tier {tier} {which}", tuple(check(thresholds, standing))),)

    if change.kind in ("promoted", "added"):
        return bar(change.to_tier, "promote")
    return bar(change.from_tier, "keep") + bar(change.to_tier, "keep")
