"""`planned_move` (one account's move, what `abmctl explain` shows) is the move the whole plan
makes for that account: stays, demotions, leaving, promotions admitted or held for capacity or
an AE's cap, and moves held on stale intent; off-motion accounts stay."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from abmctl.load.registry_files import load_registry
from abmctl.tiers.plan import Move, Plan, make_plan, planned_move
from tests.tiers.builders import account, make_registry

IN_WINDOW = date(2026, 10, 5)
STALE = "activity is stale: newest row 2015-07-19, 4,096 days before 2026-10-05"
ACCOUNTS = [
    account("sits", 1, 90, 90, ae="ben"),
    account("stays", 2, 65, 10),
    account("down", 1, 90, 0, ae="ana"),  # fails tier 1 keep on intent: to tier 2
    account("fit-down", 2, 50, 90),  # fails tier 2 keep on fit: to tier 3
    account("leaves", 3, 10, 0),
    # tier 1 holds 3 (sits, cyd-1 and, until it is demoted, down): one seat for the best of
    account("capped", 2, 99, 99, relationship=50, ae="cyd"),  # ranked first; cyd's 1 seat
    account("cyd-1", 1, 90, 90, ae="cyd"),  # is taken
    account("rise-a", 2, 95, 90, relationship=20, ae=None),  # the seat
    account("rise-b", 2, 90, 90, ae=None),  # at capacity
    account("rise-c", 3, 75, 0),  # to tier 2: no cap
    account("off", 2, 10, 0, stage="closed_lost"),
]


def the_plan_s(plan: Plan, ident: str) -> tuple[Move, bool] | None:
    found = [(m, False) for m in plan.changes if m.account == ident]
    found += [(m, True) for m in plan.held if m.account == ident]
    assert len(found) <= 1
    return found[0] if found else None


@pytest.mark.parametrize("stale", [None, STALE])
def test_each_account_s_planned_move_is_the_plan_s(tmp_path: Path, stale: str | None) -> None:
    make_registry(tmp_path, {"a.yaml": ACCOUNTS})
    reg = load_registry(tmp_path)
    assert not reg.load_findings, reg.load_findings
    intent = {a.id: a.scores.intent or 0 for a in reg.accounts}
    plan = make_plan(reg, intent, IN_WINDOW, stale=stale)
    kinds = {"stays": 0, "changes": 0, "held": 0}
    for item in reg.accounts:
        mine = planned_move(reg, item, intent, IN_WINDOW, stale=stale)
        assert mine == the_plan_s(plan, item.id), item.id
        kinds["stays" if mine is None else "held" if mine[1] else "changes"] += 1
    assert all(kinds.values()), kinds  # every kind of answer was asked for
    if stale is None:  # the fresh plan holds promotions for capacity, cap and owners
        reasons = {m.account: m.reason for m in plan.held}
        assert reasons == {"capped": "AE cyd at capacity for tier 1 (1)",
                           "rise-b": "tier 1 at capacity (3)"}
        assert {m.account for m in plan.changes} >= {"down", "fit-down", "leaves", "rise-a",
                                                     "rise-c"}
