"""The scorecard over time: each metric over the last N months or quarters, optionally broken
down by territory, tier or owner (`abmctl scorecard --trend`, and the report's charts).

Every value is `build_scorecard`'s for that one period, as `abmctl scorecard --month` (or
`--quarter`) with the same as-of day computes it: the activity is read once and each period
counted from it, never re-derived here. A breakdown asks the same function for the accounts of
one group; the agreement metric belongs to no account, so it has a row for the whole list only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Literal

from abmctl.engine.windows import MONTHS_IN, Period, PeriodUnit, label_of, trailing
from abmctl.output.run_info import RunInfo
from abmctl.scorecard.metrics import Metric, Scorecard, Status, build_scorecard

if TYPE_CHECKING:
    from abmctl.engine.activity import Activity
    from abmctl.model.accounts import Account
    from abmctl.registry import Registry

Unit = PeriodUnit
Breakdown = Literal["territory", "tier", "owner"]
BREAKDOWNS: tuple[str, ...] = ("territory", "tier", "owner")
NONE_GROUP = "(none)"  # an account with no region, or no AE
# metrics that count no account: not broken down
WHOLE_LIST_ONLY = frozenset({"agreement_cadence_compliance"})


def group_of(by: Breakdown) -> Callable[[Account], str]:
    """An account's group: its territory (`region`), its tier, or its owner (the AE, who owns
    the account for sales); `(none)` when it names none."""
    if by == "territory":
        return lambda a: a.region or NONE_GROUP
    if by == "tier":
        return lambda a: str(a.tier)
    return lambda a: a.owner("ae") or NONE_GROUP


def group_title(by: Breakdown | None, group: str) -> str:
    """A group as a table names it: `Tier 1`, `emea`, `ana.lima`, `(none)`."""
    return f"Tier {group}" if by == "tier" else group


@dataclass(frozen=True, slots=True)
class TrendRow:
    """One metric (for one group, or the whole list when `group` is None) over the periods."""

    metric: str
    title: str
    group: str | None
    points: tuple[Metric, ...]  # one per period, oldest first

    @property
    def latest(self) -> Metric:
        return self.points[-1]

    @property
    def status(self) -> Status:
        """The latest period's status, as the scorecard rates it."""
        return self.latest.status


@dataclass(frozen=True, slots=True)
class Trend:
    unit: Unit
    by: Breakdown | None
    as_of: date
    cards: tuple[Scorecard, ...]  # the whole list's scorecard per period, oldest first
    rows: tuple[TrendRow, ...]  # per metric: the whole list, then its groups
    run_info: RunInfo = RunInfo()

    @property
    def notes(self) -> tuple[str, ...]:
        """The periods' notes, each once."""
        return tuple(dict.fromkeys(note for card in self.cards for note in card.notes))


def trend(reg: Registry, activity: Activity | None, as_of: date, *, last: Period,
          periods: int, unit: Unit, by: Breakdown | None = None) -> Trend:
    """The scorecard of each of `periods` periods of `unit` ending with `last`, and per group of
    `by` when given."""
    spans = trailing(last, MONTHS_IN[unit], periods)
    cards = tuple(build_scorecard(reg, activity, p, as_of, label_of(p)) for p in spans)
    grouped = {
        group: tuple(build_scorecard(reg, activity, p, as_of, label_of(p), accounts=members)
                     for p in spans)
        for group, members in groups(reg, by).items()
    } if by is not None else {}
    rows: list[TrendRow] = []
    for n, metric in enumerate(cards[0].metrics):
        rows.append(TrendRow(metric.id, metric.title, None, tuple(c.metrics[n] for c in cards)))
        if metric.id in WHOLE_LIST_ONLY:
            continue
        rows += [TrendRow(metric.id, metric.title, group, tuple(c.metrics[n] for c in group_cards))
                 for group, group_cards in grouped.items()]
    return Trend(unit, by, as_of, cards, tuple(rows))


def groups(reg: Registry, by: Breakdown) -> dict[str, list[Account]]:
    """The registry's accounts by group (each in one), groups in order: tiers by number, the
    others by name, `(none)` last."""
    of = group_of(by)
    found: dict[str, list[Account]] = {}
    for account in reg.account_by_id.values():
        found.setdefault(of(account), []).append(account)
    order = sorted(found, key=lambda g: (g == NONE_GROUP, int(g) if by == "tier" else 0, g))
    return {group: found[group] for group in order}
