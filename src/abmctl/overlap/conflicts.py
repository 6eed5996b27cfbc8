"""The conflicts as of a date: the overlap rules (ABM6xx) run once, for `abmctl overlap` and for
`abmctl explain` (an account's open conflicts), so the two cannot disagree."""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import replace
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from abmctl.engine.activity import Activity
    from abmctl.findings import Finding
    from abmctl.registry import Registry


def checked_activity(activity: Activity | None) -> Activity | None:
    """The activity the overlap rules read: none when no file was read (an empty
    registry/signals/ folder is no activity)."""
    return None if activity is not None and not activity.files else activity


def find_conflicts(reg: Registry, activity: Activity | None, as_of: date, *,
                   accounts: Collection[str] = (), each: bool = False) -> list[Finding]:
    """Every conflict between teams as of `as_of`, after lint.yaml and suppressions.

    Conflicts alike on one account (`overlap.groups.repeats`) may be one object standing for
    each of them, with the latest one's words: what every report lists unless `each`
    (`overlap --all`), which gives each conflict its own words.

    `accounts`: only the conflicts on these accounts. Every overlap rule judges an account by
    its own record, rows, plays and teams, never by another account's, so the rules then run
    on the list and the rows of those accounts alone (one account's conflicts in a
    10,000-account run: 5 ms, not 500); tests/overlap/test_conflicts_of_accounts.py checks
    that the two runs agree on every account."""
    from abmctl.catalogue.base import Context
    from abmctl.catalogue.runner import run_rules

    activity = checked_activity(activity)
    if accounts:
        reg, activity = _narrowed(reg, activity, accounts)
    return run_rules(reg, Context(as_of=as_of, activity=activity, alike_as_one=not each),
                     ["overlap"])


def _narrowed(reg: Registry, activity: Activity | None,
              accounts: Collection[str]) -> tuple[Registry, Activity | None]:
    from abmctl.engine.activity import Activity

    wanted = set(accounts)
    narrow = replace(reg, accounts=[a for a in reg.accounts if a.id in wanted])
    if activity is None:
        return narrow, None
    rows = {a: activity.by_account[a] for a in wanted if a in activity.by_account}
    in_order = sorted((r for each in rows.values() for r in each),
                      key=lambda r: r.occurred_at)
    return narrow, Activity.of_accounts(rows, in_order, activity.unmatched, activity.skipped,
                                        activity.files, activity.sources)
