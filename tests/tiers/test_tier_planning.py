"""`tiers plan` semantics (SPEC §3.1): target tiers with hysteresis, capacity, ranking."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from tests.tiers.builders import OPEN_TIERS, account, make_registry, moves, plan_for

IN_WINDOW = date(2026, 10, 5)


@pytest.mark.parametrize(("tier", "fit", "intent", "expected"), [
    (1, 70, 30, None),    # exactly at tier 1's keep: stays
    (1, 79, 59, None),    # between keep and promote: stays (hysteresis)
    (1, 69, 90, 2),       # fit below keep
    (1, 90, 29, 2),       # intent below keep
    (2, 79, 90, None),    # tier 2 below tier 1's promote fit: stays
    (2, 80, 60, 1),       # exactly at tier 1's promote: promoted
    (2, 80, 59, None),
    (2, 60, 0, None),     # exactly at tier 2's keep
    (2, 59, 0, 3),
    (3, 40, 0, None),     # exactly at the lowest keep
])
def test_target_tier_follows_keep_and_promote_thresholds(
    tmp_path: Path, tier: int, fit: int, intent: int, expected: int | None
) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", tier, fit, intent)]}, OPEN_TIERS)
    plan = plan_for(tmp_path, IN_WINDOW)
    assert moves(plan) == ({} if expected is None else {"acme": expected})


@pytest.mark.parametrize(("tier", "fit"), [(3, 39), (2, 39), (1, 10)])
def test_failing_the_lowest_tiers_keep_leaves_the_list(tmp_path: Path, tier: int,
                                                       fit: int) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", tier, fit, 50)]}, OPEN_TIERS)
    plan = plan_for(tmp_path, IN_WINDOW)
    assert moves(plan) == {"acme": None}
    assert [m.account for m in plan.leaving] == ["acme"]
    assert plan.writes == ()
    assert plan.leaving[0].reason.endswith("leaves the list for demand gen")


def test_a_tier_3_account_meeting_tier_1_promote_goes_straight_to_tier_1(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 3, 95, 70)]}, OPEN_TIERS)
    assert moves(plan_for(tmp_path, IN_WINDOW)) == {"acme": 1}


def test_a_demotion_lands_in_the_best_lower_tier_whose_keep_it_meets(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 1, 55, 50)]}, OPEN_TIERS)
    (move,) = plan_for(tmp_path, IN_WINDOW).changes
    assert (move.from_tier, move.to_tier, move.kind) == (1, 3, "demoted")
    assert move.reason == ("fails tier 1 keep: fit 55 < 70; meets tier 3 keep: fit 55 ≥ 40")


def test_the_reason_names_every_threshold_with_its_value(tmp_path: Path) -> None:
    tiers = OPEN_TIERS.replace("promote: {fit: 80, intent: 60}",
                               "promote: {fit: 80, intent: 60, relationship: 50, "
                               "acv_potential: 100000}")
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 86, 65, 55, acv=250000)]}, tiers)
    (move,) = plan_for(tmp_path, IN_WINDOW).changes
    assert move.reason == ("meets tier 1 promote: fit 86 ≥ 80, intent 65 ≥ 60, "
                           "relationship 55 ≥ 50, acv_potential 250,000 ≥ 100,000")


def test_leaving_reason_says_which_lower_keeps_failed(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 1, 20, 50)]}, OPEN_TIERS)
    (move,) = plan_for(tmp_path, IN_WINDOW).changes
    assert move.reason == ("fails tier 1 keep: fit 20 < 70; no lower tier's keep is met "
                           "(tier 2 fit 20 < 60; tier 3 fit 20 < 40): leaves the list for "
                           "demand gen")


@pytest.mark.parametrize("stage", ["closed_lost", "disqualified", "not_ready"])
def test_accounts_off_the_motion_are_not_candidates(tmp_path: Path, stage: str) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 1, 10, stage=stage)]}, OPEN_TIERS)
    assert moves(plan_for(tmp_path, IN_WINDOW)) == {}


def test_intent_comes_from_the_signals_when_given(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 85, intent=10)]}, OPEN_TIERS)
    assert moves(plan_for(tmp_path, IN_WINDOW)) == {}
    assert moves(plan_for(tmp_path, IN_WINDOW, intent={"acme": 75})) == {"acme": 1}


@pytest.mark.parametrize(("members", "admitted"), [(2, True), (3, False)])
def test_a_promotion_is_admitted_only_while_the_tier_stays_within_max_accounts(
    tmp_path: Path, members: int, admitted: bool
) -> None:
    # tier 1 holds at most 3; owners spread so no AE cap interferes
    sitting = [account(f"t1-{n}", 1, 90, 90, ae=None) for n in range(members)]
    make_registry(tmp_path, {"a.yaml": [*sitting, account("rising", 2, 90, 90, ae=None)]})
    plan = plan_for(tmp_path, IN_WINDOW)
    if admitted:
        assert moves(plan) == {"rising": 1}
        assert plan.capacity[0].after == 3
    else:
        assert moves(plan) == {}
        assert [(h.account, h.from_tier, h.to_tier, h.reason) for h in plan.held] == [
            ("rising", 2, 1, "tier 1 at capacity (3)")]


def candidate(ident: str, scores: dict[str, int]) -> str:
    return account(ident, 2, scores["fit"], scores["intent"], scores.get("relationship", 0),
                   acv=scores.get("acv"), ae=None)


@pytest.mark.parametrize(("first", "second", "winner"), [
    # fit + intent + relationship decides first ...
    ({"fit": 90, "intent": 70, "relationship": 10}, {"fit": 85, "intent": 70}, "aaa"),
    ({"fit": 85, "intent": 70}, {"fit": 85, "intent": 70, "relationship": 1}, "bbb"),
    # ... then acv_potential ...
    ({"fit": 90, "intent": 70, "acv": 100}, {"fit": 90, "intent": 70, "acv": 200}, "bbb"),
    # ... then the id
    ({"fit": 90, "intent": 70}, {"fit": 90, "intent": 70}, "aaa"),
])
def test_two_candidates_for_one_seat_are_ranked_as_the_spec_says(
    tmp_path: Path, first: dict[str, int], second: dict[str, int], winner: str
) -> None:
    sitting = [account(f"t1-{n}", 1, 90, 90, ae=None) for n in range(2)]
    make_registry(tmp_path, {"a.yaml": [*sitting, candidate("aaa", first),
                                        candidate("bbb", second)]})
    plan = plan_for(tmp_path, IN_WINDOW)
    loser = "bbb" if winner == "aaa" else "aaa"
    assert moves(plan) == {winner: 1}
    assert [h.account for h in plan.held] == [loser]


@pytest.mark.parametrize(("owned", "admitted"), [(1, True), (2, False)])
def test_the_ae_cap_is_the_tiers_max_per_ae(tmp_path: Path, owned: int, admitted: bool) -> None:
    sitting = [account(f"t1-{n}", 1, 90, 90, ae="ana") for n in range(owned)]
    make_registry(tmp_path, {"a.yaml": [*sitting, account("rising", 2, 90, 90, ae="ana")]})
    plan = plan_for(tmp_path, IN_WINDOW)
    assert moves(plan) == ({"rising": 1} if admitted else {})
    if not admitted:
        assert plan.held[0].reason == "AE ana at capacity for tier 1 (2)"


def test_a_persons_own_capacity_overrides_max_per_ae(tmp_path: Path) -> None:
    # cyd's capacity is {1: 1}; ben has the tier default of 2
    make_registry(tmp_path, {"a.yaml": [
        account("cyd-1", 1, 90, 90, ae="cyd"), account("cyd-2", 2, 90, 90, ae="cyd"),
        account("ben-2", 2, 90, 80, ae="ben"),
    ]})
    plan = plan_for(tmp_path, IN_WINDOW)
    assert moves(plan) == {"ben-2": 1}
    assert [(h.account, h.reason) for h in plan.held] == [
        ("cyd-2", "AE cyd at capacity for tier 1 (1)")]


def test_demotions_free_their_seats_before_promotions_are_admitted(tmp_path: Path) -> None:
    sitting = [account(f"t1-{n}", 1, 90, 90, ae=None) for n in range(2)]
    make_registry(tmp_path, {"a.yaml": [
        *sitting, account("falling", 1, 50, 90, ae=None), account("rising", 2, 90, 90, ae=None),
    ]})
    plan = plan_for(tmp_path, IN_WINDOW)
    assert moves(plan) == {"falling": 3, "rising": 1}
    assert plan.held == ()
    assert [(t.tier, t.before, t.after) for t in plan.capacity] == [(1, 3, 3), (2, 1, 0),
                                                                     (3, 0, 1)]


def test_accounts_off_the_motion_still_hold_their_seats(tmp_path: Path) -> None:
    sitting = [account(f"t1-{n}", 1, 90, 90, ae=None) for n in range(2)]
    make_registry(tmp_path, {"a.yaml": [
        *sitting, account("lost", 1, 10, ae=None, stage="closed_lost"),
        account("rising", 2, 90, 90, ae=None),
    ]})
    plan = plan_for(tmp_path, IN_WINDOW)
    assert moves(plan) == {}
    assert plan.held[0].reason == "tier 1 at capacity (3)"


@pytest.mark.parametrize(("owners", "reason"), [
    ("{ae: ana}", "tier 1 requires a named abm owner (ABM201): name one under owners to "
                  "release it"),
    ("{}", "tier 1 requires a named ae and abm owner (ABM201): name one under owners to "
           "release it"),
    ("{ae: ana, abm: ana}", None),
])
def test_a_promotion_into_a_tier_whose_owners_are_missing_is_held(
    tmp_path: Path, owners: str, reason: str | None,
) -> None:
    """`apply` must not write a move that lint fails at once (ABM201)."""
    tiers = OPEN_TIERS.replace("motion: one_to_one,", "motion: one_to_one, requires: [ae, abm],")
    rising = account("rising", 2, 90, 90, ae=None) + f"    owners: {owners}\n"
    make_registry(tmp_path, {"a.yaml": [rising]}, tiers)
    plan = plan_for(tmp_path, IN_WINDOW)
    assert moves(plan) == ({} if reason else {"rising": 1})
    assert [h.reason for h in plan.held] == ([reason] if reason else [])
