"""Review 7 (newcomer): `abmctl lint --fix` repeats each stderr warning once per round.

The guide: "every command prints one warning line saying the activity is stale"; `lint --fix`
lints, fixes, and lints again, and prints the warning of each lint (twice for one fix, three
times when a fix reveals another), then the per-source line once."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import invoke
from tests.support.registry import write_registry

TEAMS = """
territories: [emea]
teams:
  - {id: abm, kind: abm}
people:
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea]}
"""
ACCOUNTS = """
accounts:
  - id: northwind
    name: Northwind Traders
    domains: [https://www.Northwind.com/]
    tier: 3
    scores: {fit: 55}
    sources: [marketing, sales]
    reviewd: 2026-11-02
"""
OLD_ROWS = "occurred_at,account,type\n2026-01-05,northwind.com,web_visit\n"


def test_the_stale_activity_warning_is_printed_once_by_lint_fix(tmp_path: Path) -> None:
    write_registry(tmp_path, {"registry/accounts/a.yaml": ACCOUNTS,
                              "registry/signals/old.csv": OLD_ROWS}, teams=TEAMS)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", "2026-11-23", "--fix")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "fixed 2 findings" in done.stderr, done.stderr  # the key, then the domain it revealed
    assert done.stderr.count("activity is stale") == 1, done.stderr  # today: 3


def test_a_source_warning_is_printed_once_by_lint_fix(tmp_path: Path) -> None:
    write_registry(tmp_path, {"registry/accounts/a.yaml": ACCOUNTS,
                              "registry/signals/empty.csv": "occurred_at,account,type\n"},
                   teams=TEAMS)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", "2026-11-23", "--fix")
    assert done.stderr.count("has no rows") == 1, done.stderr


def test_lint_fix_reports_the_activity_as_the_fixed_registry_reads_it(tmp_path: Path) -> None:
    """Before the fix northwind does not load, so its row matches nothing; after it, the row
    matches. Today stderr says both: `old.csv: no row matched a list account (1 unmatched)`
    from the first round, then `old.csv ... 1 row: 1 matched, 0 unmatched`."""
    write_registry(tmp_path, {"registry/accounts/a.yaml": ACCOUNTS,
                              "registry/signals/old.csv": OLD_ROWS}, teams=TEAMS)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", "2026-11-23", "--fix")
    assert "1 matched, 0 unmatched" in done.stderr, done.stderr
    assert "no row matched a list account" not in done.stderr, done.stderr
