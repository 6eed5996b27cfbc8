"""Tier tests' registries (their own teams: AEs with seat limits), the plan in-process, and a
real git repository."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from abmctl.load.registry_files import load_registry
from abmctl.tiers.plan import Plan, make_plan
from tests.support.git import git as git  # the tiers tests' git is the shared one
from tests.support.git import init
from tests.support.registry import write

TEAMS = """
territories: [emea]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
people:
  - {id: ana, name: Ana, team: sales, role: ae, territories: [emea]}
  - {id: ben, name: Ben, team: sales, role: ae, territories: [emea]}
  - {id: cyd, name: Cyd, team: sales, role: ae, territories: [emea], capacity: {1: 1}}
"""

# capacity small enough to test: tier 1 holds 3 accounts, 2 per AE
TIERS = """
review: {cadence: quarterly, window_days: 14, year_start_month: 1}
tiers:
  - {id: 1, name: Strategic, motion: one_to_one, max_accounts: 3, max_per_ae: 2,
     promote: {fit: 80, intent: 60}, keep: {fit: 70, intent: 30}}
  - {id: 2, name: Scaled, motion: one_to_few, promote: {fit: 70}, keep: {fit: 60}}
  - {id: 3, name: Programmatic, motion: one_to_many, promote: {fit: 50}, keep: {fit: 40}}
"""

# no capacity limits: for tests about files, not about seats
OPEN_TIERS = """
review: {cadence: quarterly, window_days: 14}
tiers:
  - {id: 1, name: Strategic, motion: one_to_one, promote: {fit: 80, intent: 60},
     keep: {fit: 70, intent: 30}}
  - {id: 2, name: Scaled, motion: one_to_few, promote: {fit: 70}, keep: {fit: 60}}
  - {id: 3, name: Programmatic, motion: one_to_many, promote: {fit: 50}, keep: {fit: 40}}
"""


def account(
    ident: str, tier: int, fit: int, intent: int = 0, relationship: int = 0,
    acv: int | None = None, ae: str | None = "ana", stage: str = "awareness",
    tier_since: str = "2026-07-01",
) -> str:
    """One block-style account item."""
    lines = [f"  - id: {ident}", f"    name: {ident.title()}", f"    domains: [{ident}.com]",
             f"    tier: {tier}", f"    tier_since: {tier_since}", "    region: emea",
             f"    stage: {stage}",
             f"    scores: {{fit: {fit}, intent: {intent}, relationship: {relationship}}}"]
    if ae is not None:
        lines.append(f"    owners: {{ae: {ae}}}")
    if acv is not None:
        lines.append(f"    acv_potential: {acv}")
    return "\n".join(lines) + "\n"


def make_registry(root: Path, accounts: dict[str, list[str]], tiers: str = TIERS) -> Path:
    """teams.yaml, rules/tiers.yaml and account files (name -> account items)."""
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "rules/tiers.yaml", tiers)
    (root / "registry" / "accounts").mkdir(parents=True, exist_ok=True)
    for name, items in accounts.items():
        (root / "registry" / "accounts" / name).write_text("accounts:\n" + "".join(items),
                                                          encoding="utf-8")
    return root


def plan_for(root: Path, as_of: date, intent: dict[str, int] | None = None) -> Plan:
    reg = load_registry(root)
    assert not reg.load_findings, reg.load_findings
    scores = {a.id: a.scores.intent or 0 for a in reg.accounts}
    return make_plan(reg, {**scores, **(intent or {})}, as_of)


def moves(plan: Plan) -> dict[str, int | None]:
    return {m.account: m.to_tier for m in plan.changes}


def init_repo(repo: Path) -> None:
    init(repo, "registry")
