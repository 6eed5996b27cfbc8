"""`tiers apply` and the accounts that leave the list (review 7, H-SPEC).

SPEC §3.1: demotions are applied first, and promotions are admitted while the tier stays within
`max_accounts`; an account that leaves the list (`to: null`) counts as a demotion, so its seat
is free for a promotion. But `apply` does not remove the leaving account ("removing an account
that leaves the list is left to a person"), so right after `apply` the tier holds one account
more than `max_accounts`, and `lint` (CI) fails with ABM202 until the person removes it. The
lead's call: the plan stays as SPEC says (the seat is the promotion's), and `apply` says so,
naming the tier and its count, so that the ABM202 that follows is no surprise; once the
leaving account is removed, the registry passes ABM202.

SPEC §3.1 (r2), bulk guard: moves out of a tier count, an account leaving the list included.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

THREE_TIERS = """
review: {cadence: quarterly, window_days: 14}
tiers:
  - {id: 1, name: Strategic, motion: one_to_one, promote: {fit: 95}, keep: {fit: 90}}
  - {id: 2, name: Scaled, motion: one_to_few, promote: {fit: 70}, keep: {fit: 60}}
  - {id: 3, name: Programmatic, motion: one_to_many, promote: {fit: 50}, keep: {fit: 40}}
"""
TIERS = """
review: {cadence: quarterly, window_days: 14}
tiers:
  - {id: 1, name: Strategic, motion: one_to_one, max_accounts: 2, requires: [ae],
     promote: {fit: 80}, keep: {fit: 70}}
  - {id: 2, name: Scaled, motion: one_to_few, promote: {fit: 70}, keep: {fit: 60}}
"""


def account(ident: str, tier: int, fit: int) -> str:
    return (f"  - {{id: {ident}, name: {ident.title()}, domains: [{ident}.com], tier: {tier}, "
            f"tier_since: 2026-07-01, region: emea, owners: {{ae: ana.lima}}, "
            f"stage: awareness, scores: {{fit: {fit}}}}}\n")


def test_apply_says_the_tier_is_over_its_maximum_until_the_leaving_account_is_removed(
    tmp_path: Path,
) -> None:
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, "rules/tiers.yaml", TIERS)
    path = write(tmp_path, "registry/accounts/all.yaml",
                 "accounts:\n" + account("leaving", 1, 10) + account("staying", 1, 90)
                 + account("rising", 2, 95))
    root = str(tmp_path)
    applied = invoke("tiers", "apply", "--root", root, "--as-of", "2026-10-05", "--yes")
    assert applied.returncode == 0, applied.stderr
    assert "rising: tier 2 → 1" in applied.stdout
    said = " ".join(applied.stdout.split())
    assert ("Until then tier 1 holds 3 accounts, over its max_accounts of 2" in said
            and "ABM202 until they are removed" in said), applied.stdout

    def abm202() -> list[str]:
        linted = invoke("lint", "--root", root, "--as-of", "2026-10-05", "--format", "json",
                        "--select", "ABM202")
        return [f["message"] for f in json.loads(linted.stdout)["findings"]]

    assert len(abm202()) == 1  # what apply said
    text = path.read_text(encoding="utf-8")
    path.write_text("".join(line + "\n" for line in text.splitlines()
                            if "id: leaving" not in line), encoding="utf-8")
    assert abm202() == []  # the person removed it


def test_apply_says_nothing_of_a_tier_the_leaving_accounts_do_not_fill(tmp_path: Path) -> None:
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, "rules/tiers.yaml", TIERS.replace("max_accounts: 2", "max_accounts: 3"))
    write(tmp_path, "registry/accounts/all.yaml",
          "accounts:\n" + account("leaving", 1, 10) + account("staying", 1, 90)
          + account("rising", 2, 95))
    applied = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", "2026-10-05",
                     "--yes")
    assert applied.returncode == 0, applied.stderr
    assert "Until then" not in applied.stdout


def test_accounts_leaving_the_list_count_as_moves_out_of_their_tier(tmp_path: Path) -> None:
    """Tier 2 holds 10: 5 stay, 2 fall to Tier 3, 3 leave the list. 5 of 10 move out of
    Tier 2 (50%): a bulk plan, refused without --force (exit 1, nothing written)."""
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, "rules/tiers.yaml", THREE_TIERS)
    accounts = ([account(f"keep-{n}", 2, 65) for n in range(5)]
                + [account(f"down-{n}", 2, 45) for n in range(2)]
                + [account(f"gone-{n}", 2, 10) for n in range(3)]
                + [account(f"low-{n}", 3, 45) for n in range(30)])
    path = write(tmp_path, "registry/accounts/all.yaml", "accounts:\n" + "".join(accounts))
    before = path.read_bytes()
    applied = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", "2026-10-05",
                     "--yes")
    assert applied.returncode == 1, applied.stdout
    assert path.read_bytes() == before
