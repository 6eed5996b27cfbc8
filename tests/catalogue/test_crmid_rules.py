"""ABM107: a CRM record belongs to one list account."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.load.registry_files import load_registry
from tests.catalogue.builders import account, accounts_file, line_of, lint, where


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
