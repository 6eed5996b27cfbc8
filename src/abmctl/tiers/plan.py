"""Tier planning: which accounts move, which are held, which leave the list (docs/reference.md,
Tier planning).

The plan is a value (like octoDNS's): `make_plan` computes it from the registry, the intent
scores and the date; formatters print it; `tiers apply` writes only what it says.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from abmctl.engine.motion import on_motion
from abmctl.engine.owners import Owners
from abmctl.engine.standing import Standing, depends_on_intent, standing_of, target
from abmctl.engine.windows import Window, window_for
from abmctl.model.accounts import Account
from abmctl.model.settings import TierDef
from abmctl.output.run_info import RunInfo
from abmctl.registry import Registry

MoveKind = Literal["promoted", "demoted", "leaving"]
# a review moves a few accounts, not a third of a tier (octoDNS's guard: a
# plan that changes more than 30% of what it manages needs --force)
BULK_SHARE = 0.30
BULK_MIN_TIER_MOVES = 3  # moves out of and into one tier
BULK_MIN_LIST_MOVES = 10


def is_bulk(changed: int, managed: int, minimum: int = BULK_MIN_LIST_MOVES) -> bool:
    """Whether changing `changed` of `managed` things at once is a bulk change: more than
    `BULK_SHARE` of them, and at least `minimum` (`tiers apply`, `accounts import`)."""
    return changed >= minimum and changed > BULK_SHARE * managed


@dataclass(frozen=True, slots=True)
class Move:
    """One account's proposed tier change (`to_tier` None: it leaves the list)."""

    account: str
    from_tier: int
    to_tier: int | None
    reason: str
    path: str
    # the account's record, whose line is found when asked for (`line`: a plan that shows no
    # line indexes no file), or the line itself
    written: Account | int = field(hash=False)

    @property
    def line(self) -> int:
        """The line of the account's record."""
        return self.written if isinstance(self.written, int) else self.written.line

    @property
    def kind(self) -> MoveKind:
        if self.to_tier is None:
            return "leaving"
        return "promoted" if self.to_tier < self.from_tier else "demoted"


@dataclass(frozen=True, slots=True)
class TierLoad:
    """How full a tier is before and after a set of changes."""

    tier: int
    name: str
    before: int
    after: int
    max_accounts: int | None


@dataclass(frozen=True, slots=True)
class Plan:
    """Changes to make, promotions held (capacity, owners), and the window they may land in."""

    as_of: date
    window: Window
    changes: tuple[Move, ...]
    held: tuple[Move, ...]
    capacity: tuple[TierLoad, ...]
    run_info: RunInfo = RunInfo()

    @property
    def is_open(self) -> bool:
        return self.window.is_open(self.as_of)

    @property
    def writes(self) -> tuple[Move, ...]:
        """The changes `apply` writes; accounts leaving the list are left to a person."""
        return tuple(m for m in self.changes if m.to_tier is not None)

    @property
    def leaving(self) -> tuple[Move, ...]:
        return tuple(m for m in self.changes if m.to_tier is None)

    def full_until_removed(self) -> tuple[tuple[TierLoad, int], ...]:
        """The tiers the plan fills to `max_accounts` by counting the seats of accounts that
        leave the list, which `apply` leaves in place: each with what it holds once `apply`
        has written, over its maximum (ABM202) until a person removes those accounts."""
        leaving = Counter(move.from_tier for move in self.leaving)
        return tuple((load, load.after + leaving[load.tier]) for load in self.capacity
                     if load.max_accounts is not None and leaving[load.tier]
                     and load.after <= load.max_accounts < load.after + leaving[load.tier])

    @property
    def files(self) -> tuple[str, ...]:
        """The account files `apply` writes, in order."""
        return tuple(dict.fromkeys(m.path for m in self.writes))

    def bulk(self) -> tuple[Bulk, ...]:
        """Where the plan moves too much at once (empty: not a bulk plan): each tier of which
        the moves out and in exceed `BULK_SHARE` of its accounts (at least
        `BULK_MIN_TIER_MOVES`), then the whole list (at least `BULK_MIN_LIST_MOVES`). An
        account leaving the list is a move out of its tier like any other, though `apply`
        leaves its removal to a person: a plan emptying a tier that way is no less suspect."""
        moved: Counter[int] = Counter()
        for move in self.changes:
            moved[move.from_tier] += 1
            if move.to_tier is not None:
                moved[move.to_tier] += 1
        found = [Bulk(load.tier, load.before, moved[load.tier]) for load in self.capacity
                 if is_bulk(moved[load.tier], load.before, BULK_MIN_TIER_MOVES)]
        listed = sum(load.before for load in self.capacity)
        if is_bulk(len(self.changes), listed):
            found.append(Bulk(None, listed, len(self.changes)))
        return tuple(found)


@dataclass(frozen=True, slots=True)
class Bulk:
    """A tier (`tier` None: the whole list) of which a plan moves more than `BULK_SHARE`."""

    tier: int | None
    size: int
    moved: int

    def __str__(self) -> str:
        share = f" ({self.moved / self.size:.0%})" if self.size else ""
        if self.tier is None:
            return f"the list: {self.moved} of {self.size} accounts move{share}"
        return f"tier {self.tier}: {self.moved} moves out or in, of {self.size} accounts{share}"


def make_plan(reg: Registry, intent: Mapping[str, int], as_of: date, *,
              stale: str | None = None) -> Plan:
    """The tier plan as of `as_of`: target tiers, then capacity. `stale`: why the
    activity is stale (`engine.signals.freshness`); every move that rests on intent is then
    held with that reason."""
    tiers = reg.settings.tiers.best_first()
    by_id = {t.id: t for t in tiers}
    demotions: list[tuple[Account, Move]] = []
    wanted: list[tuple[Account, Standing, Move]] = []
    on_stale_intent: list[Move] = []
    for account in reg.accounts:
        aim = _aim(account, intent, tiers, by_id, stale)
        if aim is None:
            continue
        if aim.on_stale_intent:
            on_stale_intent.append(aim.move)
        elif aim.move.kind == "promoted":
            wanted.append((account, aim.standing, aim.move))
        else:
            demotions.append((account, aim.move))
    seats = _Seats(reg)
    for account, move in demotions:  # demotions first, freeing seats
        seats.take(account, move)
    promotions, held = _admit(Owners(reg), wanted, by_id, seats)
    held += sorted(on_stale_intent, key=lambda m: (m.from_tier, m.account))
    moves_down = sorted((m for _, m in demotions),
                        key=lambda m: (m.to_tier is None, m.from_tier, m.account))
    changes = (*promotions, *moves_down)
    return Plan(as_of, review_window(reg, as_of), changes, tuple(held),
                tier_loads(tiers, Counter(a.tier for a in reg.accounts), seats.per_tier))


def review_window(reg: Registry, as_of: date) -> Window:
    """The review window a plan as of `as_of` may land in (its `window`)."""
    return window_for(as_of, reg.settings.tiers.review)


def planned_move(reg: Registry, account: Account, intent: Mapping[str, int], as_of: date, *,
                 stale: str | None = None) -> tuple[Move, bool] | None:
    """`account`'s move in `make_plan(reg, intent, as_of, stale=stale)` and whether the plan
    holds it; None when the plan leaves it where it is. Only a promotion competes with the
    other accounts (for seats, in rank order), so only then is the whole plan made. `account`
    is the list's only record of its id (with two, the plan has a move for each)."""
    tiers = reg.settings.tiers.best_first()
    aim = _aim(account, intent, tiers, {t.id: t for t in tiers}, stale)
    if aim is None:
        return None
    if aim.on_stale_intent or aim.move.kind != "promoted":
        return aim.move, aim.on_stale_intent  # held, or a demotion: always admitted
    plan = make_plan(reg, intent, as_of, stale=stale)
    for held, moves in ((False, plan.changes), (True, plan.held)):
        found = next((m for m in moves if m.account == account.id), None)
        if found is not None:
            return found, held
    raise AssertionError(f"the plan lost the promotion of {account.id}")


@dataclass(frozen=True, slots=True)
class _Aim:
    """Where an account should move before capacity is counted, and why."""

    move: Move
    standing: Standing
    on_stale_intent: bool  # held: the move rests on intent, and the activity is stale


def _aim(account: Account, intent: Mapping[str, int], tiers: Sequence[TierDef],
         by_id: Mapping[int, TierDef], stale: str | None) -> _Aim | None:
    """The account's own move (None: it stays, or the plan does not judge it); `tiers`
    sorted by id, `by_id` the same by id."""
    if not on_motion(account) or account.tier not in by_id:
        return None  # off the motion: no marketing spend; unknown tiers are ABM003
    standing = standing_of(account, intent)
    goal = target(by_id[account.tier], standing, tiers)
    if goal is None:
        return None
    if stale is not None and depends_on_intent(by_id[account.tier], standing, tiers, goal):
        return _Aim(_move(account, goal.tier, f"{stale}; this move rests on intent "
                          f"({goal.reason})"), standing, True)
    return _Aim(_move(account, goal.tier, goal.reason), standing, False)


def _move(account: Account, to_tier: int | None, reason: str) -> Move:
    return Move(account.id, account.tier, to_tier, reason, account.path, account)


class _Seats:
    """Accounts per tier and per (AE, tier), kept current as moves are admitted."""

    def __init__(self, reg: Registry) -> None:
        self.per_tier: Counter[int] = Counter(a.tier for a in reg.accounts)
        self.per_ae: Counter[tuple[str, int]] = Counter(
            (ae, a.tier) for a in reg.accounts if (ae := a.owner("ae")) is not None
        )

    def take(self, account: Account, move: Move) -> None:
        ae = account.owner("ae")
        self.per_tier[move.from_tier] -= 1
        if ae is not None:
            self.per_ae[(ae, move.from_tier)] -= 1
        if move.to_tier is not None:
            self.per_tier[move.to_tier] += 1
            if ae is not None:
                self.per_ae[(ae, move.to_tier)] += 1


def _admit(
    owners: Owners,
    wanted: list[tuple[Account, Standing, Move]],
    by_id: Mapping[int, TierDef],
    seats: _Seats,
) -> tuple[list[Move], list[Move]]:
    """Promotions into the best tiers first, each tier's candidates in rank order."""
    admitted: list[Move] = []
    held: list[Move] = []
    # capacity decides; ranked by fit + intent + relationship, then ACV, id
    ranked = sorted(wanted, key=lambda w: (w[2].to_tier, -w[1].rank_score,
                                           -w[1].acv_potential, w[0].id))
    for account, _, move in ranked:
        assert move.to_tier is not None
        limit = _limit_reached(owners, account, by_id[move.to_tier], seats)
        if limit is None:
            seats.take(account, move)
            admitted.append(move)
        else:
            held.append(Move(move.account, move.from_tier, move.to_tier, limit, move.path,
                             move.written))
    return admitted, held


def _limit_reached(owners: Owners, account: Account, tier: TierDef,
                   seats: _Seats) -> str | None:
    """The limit that holds `account` out of `tier`, or None when a seat is free: the same
    owners ABM201 requires and the same caps ABM202/ABM203 check, one seat further."""
    # a move `apply` would write only for lint to fail it at once (ABM201): the owners first
    missing = owners.required_missing(account, tier)
    if missing:
        return (f"tier {tier.id} requires a named {' and '.join(missing)} owner (ABM201): "
                f"name one under owners to release it")
    # a tier's seats and each AE's cap: more accounts than can be worked are no plan
    if tier.max_accounts is not None and seats.per_tier[tier.id] + 1 > tier.max_accounts:
        return f"tier {tier.id} at capacity ({tier.max_accounts})"
    ae = account.owner("ae")
    if ae is None:
        return None
    cap = owners.ae_cap(ae, tier).limit
    if cap is not None and seats.per_ae[(ae, tier.id)] + 1 > cap:
        return f"AE {ae} at capacity for tier {tier.id} ({cap})"
    return None


def tier_loads(
    tiers: Iterable[TierDef], before: Mapping[int, int], after: Mapping[int, int]
) -> tuple[TierLoad, ...]:
    return tuple(
        TierLoad(t.id, t.name, before.get(t.id, 0), after.get(t.id, 0), t.max_accounts)
        for t in sorted(tiers, key=lambda t: t.id)
    )
