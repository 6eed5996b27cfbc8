"""ABM107: a CRM record belongs to one list account. ABM109: rules/crm.yaml maps only tiers."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.load.registry_files import load_registry
from tests.catalogue.builders import account, accounts_file, line_of, lint, where
from tests.support.registry import write_registry


@pytest.mark.parametrize("second", ["0015g00000HcYh1AAF", "0015g00000HcYh1", "0015g00000HcYh1xyz"])
def test_one_salesforce_id_on_two_accounts_is_abm107_whatever_its_length(
    registry_root: Path, second: str
) -> None:
    path = accounts_file(registry_root,
                         account("northwind", crm="{salesforce: 0015g00000HcYh1AAF}"),
                         account("contoso", crm=f"{{salesforce: {second}}}"))
    found = lint(registry_root, "ABM107")
    assert where(found) == [("ABM107", "registry/accounts/a.yaml",
                             line_of(path, "crm:", nth=2))]
    assert found[0].account == "contoso"
    assert "account 'northwind' at registry/accounts/a.yaml:" in found[0].message


def test_one_hubspot_id_on_two_accounts_is_abm107_written_as_text_or_number(
    registry_root: Path,
) -> None:
    accounts_file(registry_root, account("northwind", crm="{hubspot: '9876543210'}"),
                  account("contoso", crm="{hubspot: 9876543210}"))
    assert [f.account for f in lint(registry_root, "ABM107")] == ["contoso"]


def test_different_ids_or_the_same_value_in_two_systems_are_not_abm107(
    registry_root: Path,
) -> None:
    accounts_file(registry_root,
                  account("northwind", crm="{salesforce: 0015g00000HcYh1AAF, hubspot: '1'}"),
                  account("contoso", crm="{salesforce: 0015g00000HcYh2AAF, hubspot: '2'}"))
    assert lint(registry_root, "ABM107") == []


@pytest.mark.parametrize("bad", ["{salesforce: abc}", "{hubspot: 12ab}", "{pipedrive: '1'}"])
def test_a_malformed_crm_id_or_an_unknown_crm_does_not_load(registry_root: Path,
                                                           bad: str) -> None:
    accounts_file(registry_root, account("northwind", crm=bad))
    found = load_registry(registry_root).load_findings
    assert [f.code for f in found] == ["ABM002"]
    assert "crm" in found[0].message


def test_a_crm_tier_that_is_no_tier_is_abm109_at_its_line(registry_root: Path) -> None:
    write_registry(registry_root, {"rules/crm.yaml": "salesforce:\n  tiers:\n    1: Strategic\n"
                                   "    9: Nope\ncsv:\n  tiers: {3: t3, 4: t4}\n"})
    found = lint(registry_root, "ABM109")
    assert where(found) == [("ABM109", "rules/crm.yaml", 4), ("ABM109", "rules/crm.yaml", 6)]
    assert found[0].message == "salesforce.tiers maps tier 9, which is no tier (the built-in " \
        "tiers: 1, 2 and 3)"
    assert found[1].message.startswith("csv.tiers maps tier 4, ")


def test_crm_tiers_of_the_tiers_yaml_defines_are_not_abm109(registry_root: Path) -> None:
    write_registry(registry_root, {"rules/crm.yaml": "salesforce:\n  tiers: {1: A, 2: B, 3: C}\n"
                                   "hubspot:\n  tiers: {3: c}\n"})
    assert lint(registry_root, "ABM109") == []
