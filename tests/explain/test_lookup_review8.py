"""Review 8 (RF-EXPLAIN): ACCOUNT given by the domain or name of an account that does not load."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import invoke
from tests.support.registry import write_registry

ACCOUNTS = """
accounts:
  - {id: kaimai-dairy, name: Kaimai Dairy, domains: [kaimaidairy.example], tier: two,
     tier_since: 2026-01-05, region: emea, owners: {ae: ana.lima}, stage: awareness,
     stage_since: 2026-01-05, sources: [marketing, sales], reviewed: 2026-11-01}
  - {id: kaiser-mills, name: Kaiser Mills, domains: [kaisermills.example], tier: 3,
     tier_since: 2026-01-05, region: emea, owners: {ae: ana.lima}, stage: awareness,
     stage_since: 2026-01-05, sources: [marketing, sales], reviewed: 2026-11-01}
"""


def test_an_account_that_does_not_load_is_named_whatever_way_it_is_asked_for(
        tmp_path: Path) -> None:
    root = write_registry(tmp_path / "reg", {"registry/accounts/emea.yaml": ACCOUNTS})
    done = invoke("explain", "kaimai-dairy", "--root", str(root), "--as-of", "2026-11-23", "-q")
    assert done.returncode == 2 and "does not load" in done.stderr
    for given in ( "kaimaidairy.example", "Kaimai Dairy", "kaimai"):
        done = invoke("explain", given, "--root", str(root), "--as-of", "2026-11-23", "-q")
        assert done.returncode == 2, given
        # not 'no account on the list; did you mean kaiser-mills?' alone: it is there, unread
        assert "kaimai-dairy" in done.stderr and "do not load" in done.stderr, given
