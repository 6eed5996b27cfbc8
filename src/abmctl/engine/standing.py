"""An account's standing against the tiers: its four scores, whether they
meet a tier's `promote` or `keep` thresholds, and the tier it should be in.

`tiers plan` (the moves) and the ABM204/ABM206 rules (the findings) both ask this module, so
a plan never proposes what lint would flag, and the reasons read the same.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from abmctl.model.accounts import Account
    from abmctl.model.settings import Thresholds, TierDef

Check = tuple[str, float, float, bool]  # (score name, value, threshold, met)
SCORES = ("fit", "intent", "relationship", "acv_potential")


@dataclass(frozen=True, slots=True)
class Standing:
    """The four numbers tiering reads: fit, intent, relationship and ACV."""

    fit: int
    intent: int
    relationship: int
    acv_potential: float

    @property
    def rank_score(self) -> int:
        return self.fit + self.intent + self.relationship


@dataclass(frozen=True, slots=True)
class Target:
    """The tier an account should move to (None: it leaves the list), and why."""

    tier: int | None
    reason: str


def standing_of(account: Account, intent: Mapping[str, int]) -> Standing:
    """A missing score counts as 0: an unknown fit is no evidence of fit. `intent`: the
    scores from activity, by account id; an account without one keeps its recorded intent."""
    scores = account.scores
    return Standing(
        fit=scores.fit or 0,
        intent=intent.get(account.id, scores.intent or 0),
        relationship=scores.relationship or 0,
        acv_potential=account.acv_potential or 0,
    )


def without_intent(thresholds: Thresholds) -> Thresholds:
    """The thresholds with intent no condition: what is judged when activity is stale."""
    return thresholds if thresholds.intent is None else thresholds.model_copy(
        update={"intent": None})


def depends_on_intent(current: TierDef, standing: Standing, tiers: Sequence[TierDef],
                      goal: Target) -> bool:
    """Whether the account's move to `goal` rests on its intent: the target tier would differ
    for some intent (stale activity moves no tier on intent). Targets rise with
    intent, so the lowest (0) and the highest possible intent bound every other."""
    for intent in (0, _ANY_INTENT):
        other = target(current, replace(standing, intent=intent), tiers)
        if other is None or other.tier != goal.tier:
            return True
    return False


_ANY_INTENT = 2**31  # above every threshold a tier can set


def check(thresholds: Thresholds, standing: Standing) -> list[Check]:
    """(name, value, threshold, met) for each threshold given; a missing one is no condition."""
    found: list[Check] = []
    for name in SCORES:
        limit = getattr(thresholds, name)
        if limit is not None:
            value = getattr(standing, name)
            found.append((name, value, limit, value >= limit))
    return found


def meets(thresholds: Thresholds, standing: Standing) -> bool:
    """Whether `check` finds every threshold met, without listing them (a plan asks this of
    every account; only the few that move need the list for their reason)."""
    for name in SCORES:
        limit = getattr(thresholds, name)
        if limit is not None and not getattr(standing, name) >= limit:
            return False
    return True


def target(current: TierDef, standing: Standing, tiers: Sequence[TierDef]) -> Target | None:
    """Meets `current.keep` -> the best higher tier whose `promote` it meets, else
    no move (None); fails it -> the best lower tier whose `keep` it meets, else off the list.
    `tiers`: every tier, sorted by id."""
    if meets(current.keep, standing):  # most accounts: no move, so no reason to write
        tier = _promoted_to(current, standing, tiers)
        if tier is None:
            return None
        return Target(tier.id, f"meets tier {tier.id} promote"
                               f"{listing(check(tier.promote, standing))}")
    failed = f"fails tier {current.id} keep{listing(check(current.keep, standing), True)}"
    tried: list[str] = []
    for tier in tiers:
        if tier.id <= current.id:
            continue
        keep = check(tier.keep, standing)
        if all(met for *_, met in keep):
            return Target(tier.id, f"{failed}; meets tier {tier.id} keep{listing(keep)}")
        tried.append(f"tier {tier.id}{listing(keep, only_failed=True, sep=' ')}")
    below = f"no lower tier's keep is met ({'; '.join(tried)})" if tried else "no lower tier"
    # everything below the lowest tier goes to demand gen: one list, and off it is not lost
    return Target(None, f"{failed}; {below}: leaves the list for demand gen")


def promotion(current: TierDef, standing: Standing,
              tiers: Sequence[TierDef]) -> TierDef | None:
    """The tier `target` promotes to: the best higher tier whose `promote` is met, for an
    account that meets `current.keep`; None when it fails that keep or meets no promote."""
    return _promoted_to(current, standing, tiers) if meets(current.keep, standing) else None


def _promoted_to(current: TierDef, standing: Standing,
                 tiers: Sequence[TierDef]) -> TierDef | None:
    for tier in tiers:
        if tier.id >= current.id:
            break
        if meets(tier.promote, standing):
            return tier
    return None


def listing(checks: list[Check], only_failed: bool = False, sep: str = ": ") -> str:
    """`: fit 55 < 70, intent 40 ≥ 30` (each threshold, met or not), or ` (no thresholds)`."""
    shown = [c for c in checks if not (only_failed and c[3])]
    if not shown:
        return " (no thresholds)"
    return sep + ", ".join(f"{name} {score_text(value)} {'≥' if met else '<'} "
                           f"{score_text(limit)}" for name, value, limit, met in shown)


def score_text(value: float) -> str:
    """A score as a reader writes it: `55`, `0.5`, `120,000` (ACV)."""
    return f"{value:,.0f}" if value >= 10_000 else f"{value:g}"
