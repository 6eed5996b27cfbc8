"""`abmctl tiers plan --format json` at the boundaries the contract states: the review window's
first and last day for each cadence (a fiscal year that does not start in January, weekly
windows capped at 7 days, a window longer than its month), thresholds met exactly, hysteresis,
and the ranking that decides who gets the last seat."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

TIERS = """
review: {review}
tiers:
  - {{id: 1, name: Strategic, motion: one_to_one, max_accounts: 2, requires: [ae],
     promote: {{fit: 80, intent: 60}}, keep: {{fit: 70, intent: 30}}}}
  - {{id: 2, name: Scaled, motion: one_to_few, promote: {{fit: 70}}, keep: {{fit: 60}}}}
  - {{id: 3, name: Programmatic, motion: one_to_many, promote: {{fit: 50}}, keep: {{fit: 40}}}}
"""
QUARTERLY = "{cadence: quarterly, window_days: 14}"


def account(ident: str, tier: int, scores: str, more: str = "") -> str:
    return (f"  - {{id: {ident}, name: {ident.title()}, domains: [{ident}.com], tier: {tier}, "
            f"tier_since: 2026-07-01, region: emea, owners: {{ae: ana.lima}}, "
            f"stage: awareness, scores: {{{scores}}}{more}}}\n")


def plan(root: Path, as_of: str, *accounts: str, review: str = QUARTERLY) -> dict[str, Any]:
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml",
          "accounts:\n" + "".join(accounts or [account("northwind", 3, "fit: 45")]))
    write(root, "rules/tiers.yaml", TIERS.format(review=review))
    done = invoke("tiers", "plan", "--root", str(root), "--as-of", as_of, "--format", "json")
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


@pytest.mark.parametrize(("review", "as_of", "window"), [
    # fiscal year from February: periods start Feb, May, Aug, Nov 1
    ("{cadence: quarterly, window_days: 14, year_start_month: 2}", "2026-11-01",
     (True, "2026-11-01", "2026-11-14", "2027-02-01")),
    ("{cadence: quarterly, window_days: 14, year_start_month: 2}", "2026-11-14",
     (True, "2026-11-01", "2026-11-14", "2027-02-01")),
    ("{cadence: quarterly, window_days: 14, year_start_month: 2}", "2026-11-15",
     (False, "2026-11-01", "2026-11-14", "2027-02-01")),
    ("{cadence: quarterly, window_days: 14, year_start_month: 2}", "2026-10-31",
     (False, "2026-08-01", "2026-08-14", "2026-11-01")),
    # a fiscal year from December: the quarter holding January starts in December
    ("{cadence: quarterly, window_days: 14, year_start_month: 12}", "2027-01-10",
     (False, "2026-12-01", "2026-12-14", "2027-03-01")),
    # weekly: each Monday, window_days capped at 7 (Nov 23, 2026 is a Monday)
    ("{cadence: weekly, window_days: 10}", "2026-11-29",
     (True, "2026-11-23", "2026-11-29", "2026-11-30")),
    ("{cadence: weekly, window_days: 2}", "2026-11-25",
     (False, "2026-11-23", "2026-11-24", "2026-11-30")),
    # monthly: a window longer than February ends with February
    ("{cadence: monthly, window_days: 31}", "2026-02-28",
     (True, "2026-02-01", "2026-02-28", "2026-03-01")),
    ("{cadence: monthly, window_days: 1}", "2026-03-02",
     (False, "2026-03-01", "2026-03-01", "2026-04-01")),
])
def test_the_review_window_first_and_last_day(
    tmp_path: Path, review: str, as_of: str, window: tuple[bool, str, str, str],
) -> None:
    found = plan(tmp_path, as_of, review=review)["window"]
    assert (found["open"], found["start"], found["end"], found["next_start"]) == window


def test_scores_exactly_at_the_thresholds_meet_them(tmp_path: Path) -> None:
    """keep fit 70 / intent 30 exactly: stays in Tier 1; promote fit 70 exactly: into Tier 2;
    one point below keep: down a tier."""
    found = plan(
        tmp_path, "2026-10-05",
        account("at-keep", 1, "fit: 70, intent: 30"),
        account("at-promote", 3, "fit: 70"),
        account("below-keep", 2, "fit: 59"),
    )
    assert found["held"] == []
    assert sorted((c["account"], c["from"], c["to"]) for c in found["changes"]) == [
        ("at-promote", 3, 2), ("below-keep", 2, 3)]


def test_hysteresis_keeps_an_account_between_keep_and_promote(tmp_path: Path) -> None:
    """Fit 75 and intent 45: too little to enter Tier 1 (80/60), enough to stay (70/30)."""
    found = plan(tmp_path, "2026-10-05", account("between", 1, "fit: 75, intent: 45"),
                 account("outside", 2, "fit: 75, intent: 45"))
    assert found["changes"] == [] and found["held"] == []


def test_an_account_failing_every_keep_leaves_the_list(tmp_path: Path) -> None:
    found = plan(tmp_path, "2026-10-05", account("gone", 2, "fit: 39"))
    assert [(c["account"], c["from"], c["to"]) for c in found["changes"]] == [("gone", 2, None)]


def test_the_last_seat_goes_by_rank_then_acv_then_id(tmp_path: Path) -> None:
    """Tier 1 holds 2: one seat is free. Equal fit + intent + relationship: the larger ACV
    wins; equal ACV as well: the id decides."""
    found = plan(
        tmp_path, "2026-10-05",
        account("sitting", 1, "fit: 90, intent: 90"),
        account("small", 2, "fit: 80, intent: 60", ", acv_potential: 100"),
        account("large", 2, "fit: 80, intent: 60", ", acv_potential: 200"),
    )
    assert [c["account"] for c in found["changes"]] == ["large"]
    assert [(h["account"], h["reason"]) for h in found["held"]] == [
        ("small", "tier 1 at capacity (2)")]
    again = plan(
        tmp_path, "2026-10-05",
        account("sitting", 1, "fit: 90, intent: 90"),
        account("bravo", 2, "fit: 80, intent: 60"),
        account("alpha", 2, "fit: 80, intent: 60"),
    )
    assert [c["account"] for c in again["changes"]] == ["alpha"]


def test_a_demotion_frees_the_seat_a_promotion_takes(tmp_path: Path) -> None:
    found = plan(
        tmp_path, "2026-10-05",
        account("stays", 1, "fit: 90, intent: 90"),
        account("falls", 1, "fit: 65, intent: 90"),
        account("rises", 2, "fit: 85, intent: 70"),
    )
    assert sorted((c["account"], c["to"]) for c in found["changes"]) == [
        ("falls", 2), ("rises", 1)]
    assert found["held"] == []
