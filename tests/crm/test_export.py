"""`abmctl accounts export`: after a reviewed tier change is applied and committed, the CSV
for the CRM's importer holds exactly the moved accounts, with the CRM's tier values."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from tests.crm.test_import_example import HUBSPOT
from tests.support.cli import invoke
from tests.support.registry import write, write_registry
from tests.tiers.builders import git


@pytest.fixture
def reviewed(example: Path) -> Path:
    """The example with its HubSpot ids imported, then the January review applied; each
    step committed (the review last: HEAD~1 is the list before it)."""
    assert invoke("accounts", "import", str(HUBSPOT), "--from", "hubspot", "--root",
                  str(example), "--into", "registry/accounts/crm.yaml",
                  "--as-of", "2026-12-04").returncode == 0
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "HubSpot ids")
    applied = invoke("tiers", "apply", "--root", str(example), "--as-of", "2027-01-05", "--yes")
    assert applied.returncode == 0, applied.stderr
    assert "lowell-finch: tier 2 → 3" in applied.stdout
    git(example, "commit", "-q", "-am", "Q1 review")
    return example


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text, newline="")))


def test_changed_since_lists_exactly_the_moved_account_with_hubspots_tier_value(
    reviewed: Path,
) -> None:
    done = invoke("accounts", "export", "--root", str(reviewed), "--to", "hubspot",
                  "--changed-since", "HEAD~1")
    assert done.returncode == 0, done.stderr
    assert _rows(done.stdout) == [{"Record ID": "9514320876", "name": "Lowell & Finch Printing",
                                   "hs_ideal_customer_profile": "tier_3",
                                   "hubspot_owner_id": ""}]
    assert "1 of 61 accounts changed tier, stage or owners since HEAD~1" in done.stderr
    assert "priya.raman" in done.stderr  # no e-mail in teams.yaml: the owner cell is empty


def test_the_csv_target_keys_rows_by_the_registry_id(reviewed: Path, tmp_path: Path) -> None:
    out = tmp_path / "out" / "changed.csv"
    out.parent.mkdir()
    done = invoke("accounts", "export", "--root", str(reviewed), "--changed-since", "HEAD~1",
                  "--output", str(out))
    assert done.returncode == 0 and done.stdout == ""
    (row,) = _rows(out.read_text(encoding="utf-8"))
    assert (row["id"], row["tier"], row["hubspot_id"], row["ae"]) == \
        ("lowell-finch", "3", "9514320876", "priya.raman")


def test_every_account_with_a_salesforce_id_and_the_tier_values_rules_crm_yaml_names(
    registry_root: Path,
) -> None:
    write_registry(registry_root, {
        "registry/accounts/a.yaml": """
            accounts:
              - {id: northwind, name: "Northwind, Inc.", domains: [northwind.com], tier: 1,
                 crm: {salesforce: 0015g00000HcYh1AAF}, stage: engagement}
              - {id: contoso, name: Contoso, domains: [contoso.com], tier: 3}
        """,
        "rules/crm.yaml": """
            salesforce: {tier: Target_Tier__c, tiers: {1: Strategic}, stage: ""}
        """})
    done = invoke("accounts", "export", "--root", str(registry_root), "--to", "salesforce")
    assert done.returncode == 0, done.stderr
    assert done.stdout == ('Id,Name,Target_Tier__c\r\n'
                           '0015g00000HcYh1AAF,"Northwind, Inc.",Strategic\r\n')
    assert "1 account(s) left out: no Id value (no crm: id for salesforce): contoso" in \
        done.stderr


def test_an_owner_is_exported_by_e_mail_to_hubspot(registry_root: Path) -> None:
    write(registry_root, "registry/teams.yaml", """
        territories: [emea]
        teams: [{id: sales, kind: sales}]
        people:
          - {id: ana.lima, name: Ana Lima, team: sales, role: ae, email: ana@lumenfold.io}
    """)
    write(registry_root, "registry/accounts/a.yaml", """
        accounts:
          - {id: northwind, name: Northwind, domains: [northwind.com], tier: 2, region: emea,
             owners: {ae: ana.lima}, crm: {hubspot: "42"}}
    """)
    done = invoke("accounts", "export", "--root", str(registry_root), "--to", "hubspot")
    assert _rows(done.stdout) == [{"Record ID": "42", "name": "Northwind",
                                   "hs_ideal_customer_profile": "tier_2",
                                   "hubspot_owner_id": "ana@lumenfold.io"}]


def test_changed_since_outside_a_git_repository_is_exit_2(registry_root: Path) -> None:
    done = invoke("accounts", "export", "--root", str(registry_root), "--changed-since",
                  "HEAD~1")
    assert done.returncode == 2
    assert "not inside a git repository" in done.stderr


def test_a_rules_crm_yaml_that_does_not_load_stops_the_export(registry_root: Path) -> None:
    """Its defaults would send the tier to a field the CRM does not have: exit 2, no CSV."""
    write_registry(registry_root, {
        "registry/accounts/a.yaml": """
            accounts:
              - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1,
                 crm: {salesforce: 0015g00000HcYh1AAF}}
        """,
        "rules/crm.yaml": "salesforce: {tier: 5}\n"})
    done = invoke("accounts", "export", "--root", str(registry_root), "--to", "salesforce")
    assert done.returncode == 2 and done.stdout == ""
    assert "rules/crm.yaml:1:1: ABM002 salesforce.tier: expected text, got 5" in done.stderr
    assert "rules/crm.yaml does not load" in done.stderr


def test_an_account_that_does_not_load_is_left_out_and_named(registry_root: Path) -> None:
    write_registry(registry_root, {
        "registry/accounts/a.yaml": """
            accounts:
              - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1}
              - {id: contoso, name: Contoso, domains: [contoso.com], tier: one}
        """})
    done = invoke("accounts", "export", "--root", str(registry_root))
    assert done.returncode == 0, done.stderr
    assert [row["id"] for row in _rows(done.stdout)] == ["northwind"]
    assert "left out what does not load, 1 record" in done.stderr
    assert "registry/accounts/a.yaml:3" in done.stderr


def test_an_account_removed_since_the_revision_is_named_for_the_crm(reviewed: Path) -> None:
    """No importer row can clear a CRM field (an empty cell leaves it): the account that
    left the list is named on stderr with its key, so its tier is cleared by hand."""
    path = reviewed / "registry/accounts/crm.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[:text.index("  - id: wattle-gum")], encoding="utf-8")
    git(reviewed, "commit", "-q", "-am", "wattle-gum leaves the list")
    # wide: the test compares a whole stderr line, which wraps at the terminal's width
    done = invoke("accounts", "export", "--root", str(reviewed), "--to", "hubspot",
                  "--changed-since", "HEAD~1", env={"COLUMNS": "1000"})
    assert done.returncode == 0, done.stderr
    assert _rows(done.stdout) == []
    assert "1 account(s) of HEAD~1 are not in the list now (removed, or not loading) nor in " \
        "this file; clear the tier in the CRM of those that left: wattle-gum (Record ID " \
        "9514320874)" in done.stderr
