"""Off the active motion (no marketing spend on these accounts).

The one home of the test: lint, tier planning, the overlap rules and the scorecard ask here.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from abmctl.engine.windows import start_of

if TYPE_CHECKING:
    from abmctl.model.accounts import Account

OFF_MOTION: frozenset[str] = frozenset({"closed_lost", "disqualified", "not_ready"})


def on_motion(account: Account) -> bool:
    """Is the account on the active motion, as its record says now?"""
    return account.stage not in OFF_MOTION


def off_motion_at(account: Account, moment: datetime) -> bool:
    """Was the account off the motion at `moment`? Off from its `stage_since` on (no
    `stage_since`: it always was)."""
    if account.stage not in OFF_MOTION:
        return False
    return account.stage_since is None or start_of(account.stage_since) <= moment


def on_motion_before(account: Account, moment: datetime) -> bool:
    """On the motion just before `moment` (an account that left it at `moment` or later still
    counts for what came before)."""
    return not off_motion_at(account, moment - timedelta(microseconds=1))
