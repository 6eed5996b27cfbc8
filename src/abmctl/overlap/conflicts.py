"""The conflicts as of a date: the overlap rules (ABM6xx) run once, for `abmctl overlap` and for
`abmctl explain` (an account's open conflicts), so the two cannot disagree."""

from __future__ import annotations

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


def find_conflicts(reg: Registry, activity: Activity | None, as_of: date) -> list[Finding]:
    """Every conflict between teams as of `as_of`, after lint.yaml and suppressions."""
    from abmctl.catalogue.base import Context
    from abmctl.catalogue.runner import run_rules

    return run_rules(reg, Context(as_of=as_of, activity=checked_activity(activity)),
                     ["overlap"])
