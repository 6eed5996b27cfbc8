"""`abmctl accounts import` of a Salesforce accounts report and a HubSpot companies export
(tests/crm/files/, headers as those products write them) into a copy of the example
registry kept in git: what changes, what `git diff` shows, and that a second run changes
nothing."""

from __future__ import annotations

import json
from pathlib import Path

from abmctl.load.registry_files import load_registry
from tests.support.cli import invoke
from tests.tiers.builders import git

FILES = Path(__file__).parent / "files"
SALESFORCE = FILES / "salesforce-accounts.csv"
HUBSPOT = FILES / "hubspot-companies.csv"
AS_OF = "2026-12-04"


def _import(root: Path, export: Path, crm: str, *more: str) -> tuple[int, str, str]:
    # whole stderr lines are compared: wide enough that no path length wraps them
    done = invoke("accounts", "import", str(export), "--from", crm, "--root", str(root),
                  "--into", "registry/accounts/crm.yaml", "--as-of", AS_OF, *more,
                  env={"COLUMNS": "1000"})
    return done.returncode, done.stdout, done.stderr


def _added_lines(root: Path) -> dict[str, list[str]]:
    """The lines `git diff` adds, by file; it must remove none."""
    diff = git(root, "diff", "--unified=0")
    assert not [line for line in diff.splitlines()
                if line.startswith("-") and not line.startswith("---")], diff
    added: dict[str, list[str]] = {}
    current = ""
    for line in diff.splitlines():
        if line.startswith("+++ b/"):
            current = line[6:]
        elif line.startswith("+"):
            added.setdefault(current, []).append(line[1:])
    return added


def test_a_salesforce_report_adds_new_accounts_and_ids_and_git_diff_shows_only_those(
    example: Path,
) -> None:
    code, out, _ = _import(example, SALESFORCE, "salesforce")
    assert code == 0, out
    reg = load_registry(example)
    accounts = reg.account_by_id
    # new accounts: at the lowest tier, since the as-of day, from sales, with their ids
    for ident, region, owner, crm_id in (
        ("thornbury-analytics", "emea", "ana.lima", "0015g00000Tb7YuAAJ"),
        ("quillon-robotics", "na-west", "tom.becker", "0015g00000Qr4MnAAJ"),
    ):
        new = accounts[ident]
        assert (new.tier, str(new.tier_since), new.sources) == (3, AS_OF, ["sales"])
        assert (new.region, new.owner("ae"), new.crm.salesforce) == (region, owner, crm_id)
        assert new.path == "registry/accounts/crm.yaml"
    # existing accounts matched by domain get their Salesforce ids, nothing else
    assert accounts["meridian-re"].crm.salesforce == "0015g00000Lq2ZxAAJ"
    assert accounts["nordlicht-energie"].crm.salesforce == "0015g00000Nr8WqAAJ"
    assert accounts["vantage-payments"].crm.salesforce == "0015g00000Vp3KdAAJ"
    assert _added_lines(example) == {
        "registry/accounts/emea.yaml": ['    crm: {salesforce: "0015g00000Lq2ZxAAJ"}',
                                        '    crm: {salesforce: "0015g00000Nr8WqAAJ"}'],
        "registry/accounts/na-east.yaml": ['    crm: {salesforce: "0015g00000Vp3KdAAJ"}'],
    }
    assert git(example, "status", "--short").split("\n")[-2:] == \
        ["?? registry/accounts/crm.yaml", ""]
    # a name-only match is reported and not merged: Corvid Aerospace keeps its one domain
    assert "row 8 'Corvid Aerospace' looks like corvid-aerospace" in out
    assert accounts["corvid-aerospace"].domains == ["corvidaero.com"]
    assert accounts["corvid-aerospace"].crm.salesforce is None
    assert invoke("lint", "--root", str(example), "--as-of", AS_OF).returncode == 0


def test_a_second_import_of_the_same_report_changes_nothing(example: Path) -> None:
    assert _import(example, SALESFORCE, "salesforce")[0] == 0
    git(example, "add", "-A")
    git(example, "commit", "-q", "-m", "first import")
    code, out, _ = _import(example, SALESFORCE, "salesforce")
    assert code == 0
    assert "Nothing to change." in out
    assert git(example, "status", "--short") == ""


def test_a_hubspot_export_adds_record_ids_and_skips_the_row_without_one(example: Path) -> None:
    code, out, err = _import(example, HUBSPOT, "hubspot")
    assert code == 0, err
    accounts = load_registry(example).account_by_id
    assert accounts["kaimai-dairy"].crm.hubspot == "9514320871"
    assert accounts["hoshino-securities"].crm.hubspot == "9514320872"
    assert accounts["fjordline-shipping"].crm.hubspot == "9514320873"
    new = accounts["wattle-gum"]
    assert (new.tier, new.region, new.owner("ae"), new.crm.hubspot) == \
        (3, "apac", "kenji.sato", "9514320874")
    assert "tamarind-foods-2" not in accounts and "tamarind" not in " ".join(
        a.id for a in accounts.values() if a.path.endswith("crm.yaml"))
    assert "row 6 'Tamarind Foods Ltd' looks like tamarind-foods" in out
    assert f"{HUBSPOT.as_posix()}:7: 'n/a' is not a hubspot id (digits): row skipped" in err
    assert "Skipped rows: 1" in out
    added = _added_lines(example)
    assert added["registry/accounts/apac.yaml"] == ['    crm: {hubspot: "9514320871"}',
                                                    '    crm: {hubspot: "9514320872"}']
    assert invoke("lint", "--root", str(example), "--as-of", AS_OF).returncode == 0
    assert _import(example, HUBSPOT, "hubspot")[1].endswith("Nothing to change.\n")


def test_a_dry_run_prints_the_change_set_as_json_and_writes_nothing(example: Path) -> None:
    code, out, _ = _import(example, SALESFORCE, "salesforce", "--dry-run", "--format", "json")
    assert code == 0
    found = json.loads(out)
    assert [n["account"] for n in found["new"]] == ["thornbury-analytics", "quillon-robotics"]
    assert {u["account"]: u["matched_by"] for u in found["updated"]} == {
        "meridian-re": "domain", "nordlicht-energie": "domain", "vantage-payments": "domain"}
    assert found["name_only"][0]["account"] == "corvid-aerospace"
    assert found["unchanged"] == 1  # Kestrel Bank, matched by its Salesforce id
    assert len(found["missing"]) == 56
    assert git(example, "status", "--short") == ""
