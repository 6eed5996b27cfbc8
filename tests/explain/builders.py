"""Small registries for explain tests: accounts, tiers and signal rules written in the test,
activity as a canonical CSV in registry/signals/, and the explanation computed in-process."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from abmctl.commands.options import RegistryOptions, load
from abmctl.explain.explainer import Explainer
from abmctl.explain.explanation import Explanation
from tests.support.registry import REPO, TEAMS, write

AS_OF = date(2026, 11, 23)
TIERS = """
review: {cadence: quarterly, window_days: 14}
tiers:
  - {id: 1, name: Strategic, motion: one_to_one, max_accounts: 1, requires: [ae],
     promote: {fit: 80, intent: 45}, keep: {fit: 70, intent: 15}}
  - {id: 2, name: Scaled, motion: one_to_few, promote: {fit: 70}, keep: {fit: 60}}
  - {id: 3, name: Programmatic, motion: one_to_many, promote: {fit: 50}, keep: {fit: 40}}
"""
HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"


def account(ident: str, tier: int, fit: int, *, intent: int | None = None,
            name: str | None = None, stage: str = "awareness",
            owners: str = "{ae: ana.lima, sdr: raj.patel, abm: mei.chen}",
            domain: str | None = None) -> str:
    """One block-style account item."""
    scores = f"fit: {fit}" + (f", intent: {intent}" if intent is not None else "")
    return (f"  - id: {ident}\n    name: {name or ident.title()}\n"
            f"    domains: [{domain or ident + '.com'}]\n    tier: {tier}\n"
            f"    tier_since: 2026-07-01\n    region: emea\n    owners: {owners}\n"
            f"    stage: {stage}\n    stage_since: 2026-10-01\n"
            f"    scores: {{{scores}, relationship: 40}}\n")


def make_registry(root: Path, *accounts: str, rows: str = "", tiers: str = TIERS,
                  signals: str | None = None) -> Path:
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "rules/tiers.yaml", tiers)
    if signals is not None:
        write(root, "rules/signals.yaml", signals)
    write(root, "registry/accounts/all.yaml", "accounts:\n" + "".join(accounts))
    if rows:
        write(root, "registry/signals/activity.csv", HEADER + rows)
    return root


def example_copy(tmp: Path) -> Path:
    """The example registry in a folder that is no git repository."""
    for folder in ("registry", "rules"):
        shutil.copytree(REPO / folder, tmp / folder)
    return tmp


def explainer(root: Path, as_of: date = AS_OF, accounts: list[str] | None = None) -> Explainer:
    run = load(RegistryOptions(root=root, as_of=as_of.isoformat()))
    return Explainer(run.reg, run.activity, run.as_of, context=run.context(),
                     run_info=run.run_info, accounts=accounts)


def explain(root: Path, account_id: str, as_of: date = AS_OF) -> Explanation:
    return explainer(root, as_of, [account_id]).explain(account_id)
