"""Review 7 (newcomer): a negative number in rules/tiers.yaml.

An ops lead who types `max_accounts: -5` (or `-1`, say "no limit") gets a Python traceback from
`abmctl lint` and `abmctl explain`, and a plan that holds every promotion "at capacity (-1)".
README ("No input, however malformed, produces a Python traceback") and the reference (a
`rules/` key that does not fit is an ABM002 error at its file and line) say otherwise."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.registry import write_registry

AS_OF = "2026-11-23"
ACCOUNTS = """
accounts:
  - {id: acme, name: Acme, domains: [acme.com], tier: 1, tier_since: 2026-10-01, region: emea,
     owners: {ae: ana.lima, sdr: raj.patel, abm: mei.chen}, scores: {fit: 90, intent: 70},
     sources: [marketing, sales], reviewed: 2026-11-01}
  - {id: globex, name: Globex, domains: [globex.com], tier: 2, tier_since: 2026-10-01,
     region: emea, owners: {ae: ana.lima}, scores: {fit: 75}, sources: [marketing, sales],
     reviewed: 2026-11-01}
"""


def _tiers(key: str, value: int) -> str:
    return f"""
tiers:
  - {{id: 1, name: Strategic, motion: one_to_one, {key}: {value}}}
  - {{id: 2, name: Scaled, motion: one_to_few}}
  - {{id: 3, name: Programmatic, motion: one_to_many}}
"""


@pytest.mark.parametrize("value", [-5, -1])
def test_a_negative_max_accounts_is_an_abm002_error_at_its_line_not_a_traceback(
        tmp_path: Path, value: int) -> None:
    write_registry(tmp_path, {"registry/accounts/a.yaml": ACCOUNTS,
                              "rules/tiers.yaml": _tiers("max_accounts", value)})
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF)  # -5: IndexError today
    assert done.returncode == 1, done.stdout + done.stderr
    assert "rules/tiers.yaml" in done.stdout and "ABM002" in done.stdout, done.stdout
    assert "max_accounts" in done.stdout, done.stdout


def test_explain_on_a_negative_max_accounts_says_the_rules_file_does_not_load(
        tmp_path: Path) -> None:
    write_registry(tmp_path, {"registry/accounts/a.yaml": ACCOUNTS,
                              "rules/tiers.yaml": _tiers("max_accounts", -5)})
    done = invoke("explain", "acme", "--root", str(tmp_path), "--as-of", AS_OF)
    assert done.returncode == 2, done.stdout + done.stderr
    assert "rules/tiers.yaml" in done.stderr, done.stderr


@pytest.mark.parametrize("key", ["max_per_ae"])
def test_a_negative_per_ae_cap_is_an_abm002_error_too(tmp_path: Path, key: str) -> None:
    write_registry(tmp_path, {"registry/accounts/a.yaml": ACCOUNTS,
                              "rules/tiers.yaml": _tiers(key, -1)})
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF)  # today: "No problems"
    assert done.returncode == 1, done.stdout + done.stderr
    assert "ABM002" in done.stdout and key in done.stdout, done.stdout


def test_a_tier_closed_with_max_accounts_0_counts_one_account_in_the_singular(
        tmp_path: Path) -> None:
    """`max_accounts: 0` (a tier closed to new accounts) is legitimate; ABM202 then says
    "tier 1 holds 1 accounts"."""
    write_registry(tmp_path, {"registry/accounts/a.yaml": ACCOUNTS,
                              "rules/tiers.yaml": _tiers("max_accounts", 0)})
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--select", "ABM202")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "tier 1 holds 1 account;" in done.stdout, done.stdout
