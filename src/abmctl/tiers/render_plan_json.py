"""The tier plan as its stable JSON document (`"version": 1`)."""

from __future__ import annotations

from typing import Any

from abmctl.output.formats import View
from abmctl.output.json_text import dump_line
from abmctl.output.run_info import json_fields
from abmctl.tiers.plan import Move, Plan, TierLoad


def render(plan: Plan, view: View) -> str:
    return render_json(plan)


def render_json(plan: Plan) -> str:
    window = plan.window
    document = {
        "version": 1,
        "as_of": plan.as_of.isoformat(),
        "window": {
            "open": plan.is_open,
            "start": window.start.isoformat(),
            "end": window.end.isoformat(),
            "next_start": window.next_start.isoformat(),
        },
        "changes": [move_json(m) for m in plan.changes],
        "held": [move_json(m) for m in plan.held],
        "capacity": capacity_json(plan.capacity),
        **json_fields(plan.run_info),
    }
    return dump_line(document)


def capacity_json(loads: tuple[TierLoad, ...]) -> list[dict[str, Any]]:
    """The text's capacity table: each tier's accounts before and after, and its maximum."""
    return [{"tier": load.tier, "name": load.name, "before": load.before, "after": load.after,
             "max_accounts": load.max_accounts} for load in loads]


def move_json(move: Move) -> dict[str, Any]:
    return {"account": move.account, "from": move.from_tier, "to": move.to_tier,
            "reason": move.reason}
