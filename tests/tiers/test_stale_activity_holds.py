"""Stale activity moves no tier on intent (SPEC §2.3): a move that rests on intent is held
with the staleness reason; a move that does not (fit alone decides it) still goes through."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from abmctl.load.registry_files import load_registry
from abmctl.tiers.plan import make_plan
from tests.tiers.builders import OPEN_TIERS, account, make_registry

IN_WINDOW = date(2026, 10, 5)
STALE = "activity is stale: newest row 2015-07-19, 4,096 days before 2026-10-05"


def plan(root: Path, intent: dict[str, int], stale: str | None):  # type: ignore[no-untyped-def]
    return make_plan(load_registry(root), intent, IN_WINDOW, stale=stale)


def test_a_demotion_on_intent_is_held_with_the_staleness_reason(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 1, 90, 50)]}, OPEN_TIERS)
    fresh = plan(tmp_path, {"acme": 0}, None)
    assert [(m.account, m.to_tier) for m in fresh.changes] == [("acme", 2)]
    held = plan(tmp_path, {"acme": 0}, STALE)
    assert held.changes == ()
    (move,) = held.held
    assert (move.account, move.from_tier, move.to_tier) == ("acme", 1, 2)
    assert move.reason == (f"{STALE}; this move rests on intent (fails tier 1 keep: intent 0 "
                           "< 30; meets tier 2 keep: fit 90 ≥ 60)")


def test_a_promotion_on_intent_is_held(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 90)]}, OPEN_TIERS)
    assert [m.to_tier for m in plan(tmp_path, {"acme": 75}, None).changes] == [1]
    stale = plan(tmp_path, {"acme": 75}, STALE)
    assert stale.changes == () and [m.to_tier for m in stale.held] == [1]


def test_a_move_fit_alone_decides_goes_through_on_stale_activity(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 50), account("beta", 1, 50)]},
                  OPEN_TIERS)
    stale = plan(tmp_path, {"acme": 0, "beta": 90}, STALE)
    assert sorted((m.account, m.to_tier) for m in stale.changes) == [("acme", 3), ("beta", 3)]
    assert stale.held == ()


def test_a_demotion_whose_target_intent_would_change_is_held(tmp_path: Path) -> None:
    # fit 75 fails no fit threshold of tier 1's keep (70), so intent alone demotes it; were
    # its intent high, it would stay: the move rests on intent
    make_registry(tmp_path, {"a.yaml": [account("acme", 1, 75)]}, OPEN_TIERS)
    assert [m.account for m in plan(tmp_path, {"acme": 10}, STALE).held] == ["acme"]


def test_fresh_activity_holds_nothing_for_freshness(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 1, 90)]}, OPEN_TIERS)
    assert plan(tmp_path, {"acme": 0}, None).held == ()


def test_tiers_diff_asks_the_same_stale_aware_plan_at_base(tmp_path: Path) -> None:
    from datetime import UTC, datetime

    from abmctl.engine.activity import Activity, ActivityRow
    from abmctl.tiers.verdict import BasePlans

    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 90)]}, OPEN_TIERS)
    # four registrations 46 days before the day: inside the 90-day intent lookback (intent
    # 60, tier 1's promote), yet older than stale_after_days (30)
    rows = [ActivityRow(datetime(2026, 8, 20, tzinfo=UTC), "acme", "event_registration",
                        f"p{n}@acme.com") for n in range(4)]
    base = BasePlans("main", load_registry(tmp_path), Activity(rows, files=["a.csv"]))
    plan, intent = base.at(IN_WINDOW)
    assert intent["acme"] == 60
    assert plan.changes == ()
    assert [m.reason.split(";")[0] for m in plan.held] == [
        "activity is stale: newest row 2026-08-20, 46 days before 2026-10-05"]
