"""`abmctl tiers plan --format csv`: a row per proposed change, then per held move (the
JSON document's `changes` and `held`, told apart by `status`); the capacity table and the
window are in --format json."""

from __future__ import annotations

from abmctl.output.csv_text import table
from abmctl.output.formats import View
from abmctl.tiers.plan import Plan

HEADER = ("status", "account", "from", "to", "reason")


def render(plan: Plan, view: View) -> str:
    return table(HEADER, (
        (status, move.account, move.from_tier, move.to_tier, move.reason)
        for status, moves in (("change", plan.changes), ("held", plan.held))
        for move in moves
    ))
