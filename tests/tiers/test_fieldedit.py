"""Field edits (`accounts import`) through the one account-file writer: each layout a record
may be written in gets exactly the intended characters, read back and checked."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.errors import AbmctlError
from abmctl.tiers.fieldedit import FieldEdit, scalar
from abmctl.tiers.writing import NewRecords, prepare
from tests.support.registry import write

EDIT = {"sets": {"name": "N Two", "region": "emea"},
        "entries": {("owners", "ae"): "ana", ("crm", "salesforce"): "0015g00000AAAAAAAA"},
        "appends": {"domains": "n.de"}}
SF = '"0015g00000AAAAAAAA"'
CASES = {
    "one key a line": (
        "accounts:\n  - id: n   # kept\n    name: N\n    domains: [n.com]\n    tier: 3\n"
        "    owners: {sdr: raj}\n    research: >\n      name: not a key\n",
        "accounts:\n  - id: n   # kept\n    name: N Two\n    domains: [n.com, n.de]\n    tier: 3\n"
        f"    region: emea\n    crm: {{salesforce: {SF}}}\n    owners: {{sdr: raj, ae: ana}}\n"
        "    research: >\n      name: not a key\n"),
    "flow record": (
        "accounts:\n  - {id: n, name: N, domains: [n.com], tier: 3}\n",
        "accounts:\n  - {id: n, name: N Two, domains: [n.com, n.de], tier: 3, region: emea, "
        f"owners: {{ae: ana}}, crm: {{salesforce: {SF}}}}}\n"),
    "block mapping and lists": (
        "accounts:\n  - id: n\n    name: N\n    domains:\n      - n.com\n    tier: 3\n"
        "    owners:\n      sdr: raj\n    sources:\n      - sales\n",
        "accounts:\n  - id: n\n    name: N Two\n    domains:\n      - n.com\n      - n.de\n"
        f"    tier: 3\n    region: emea\n    crm: {{salesforce: {SF}}}\n    owners:\n"
        "      sdr: raj\n      ae: ana\n    sources:\n      - sales\n"),
    "indentless list": (
        "accounts:\n- id: n\n  name: N\n  domains:\n  - n.com\n  tier: 3\n  owners:\n"
        "    sdr: raj\n",
        "accounts:\n- id: n\n  name: N Two\n  domains:\n  - n.com\n  - n.de\n  tier: 3\n"
        f"  region: emea\n  crm: {{salesforce: {SF}}}\n  owners:\n    sdr: raj\n    ae: ana\n"),
}


@pytest.mark.parametrize("case", CASES)
def test_each_layout_gets_exactly_the_intended_characters(tmp_path: Path, case: str) -> None:
    before, after = CASES[case]
    write(tmp_path, "registry/accounts/a.yaml", before)
    (change,) = prepare(tmp_path, [FieldEdit("registry/accounts/a.yaml", 2, "n", **EDIT)])
    assert change.new.decode() == after


def test_an_anchored_value_is_left_to_be_changed_by_hand(tmp_path: Path) -> None:
    write(tmp_path, "registry/accounts/a.yaml",
          "accounts:\n  - id: n\n    name: &x N\n    domains: [n.com]\n    tier: 3\n")
    with pytest.raises(AbmctlError, match="cannot be edited in place .*change it by hand"):
        prepare(tmp_path, [FieldEdit("registry/accounts/a.yaml", 2, "n", {"name": "M"})])


def test_records_are_appended_to_an_empty_flow_list_and_to_a_new_file(tmp_path: Path) -> None:
    write(tmp_path, "registry/accounts/a.yaml", "accounts: []   # none yet\n")
    record = NewRecords("  - id: m\n    name: M\n", ({"id": "m", "name": "M"},), "# new\n")
    changes = prepare(tmp_path, [], {"registry/accounts/a.yaml": record,
                                     "registry/accounts/b.yaml": record})
    assert [c.new.decode() for c in changes] == [
        "accounts:   # none yet\n  - id: m\n    name: M\n",
        "# new\naccounts:\n  - id: m\n    name: M\n"]
    assert [c.created for c in changes] == [False, True]


@pytest.mark.parametrize(("text", "written"), [
    ("Northwind Traders", "Northwind Traders"), ("AT&T Corp.", "AT&T Corp."),
    ("yes", '"yes"'), ("9514320871", '"9514320871"'), ("Foo: Bar", '"Foo: Bar"'),
    ("C# Labs", '"C# Labs"'), ("a #b", '"a #b"'), ("Müller AG", '"Müller AG"'),
])
def test_a_value_is_plain_only_when_it_reads_back_as_the_same_text(text: str,
                                                                   written: str) -> None:
    import yaml_rs

    assert scalar(text) == written
    assert yaml_rs.loads(f"k: {scalar(text)}") == {"k": text}


@pytest.mark.parametrize(("before", "after"), [
    ("", "# new\naccounts:\n  - id: m\n"),
    ("# to come\n", "# to come\naccounts:\n  - id: m\n"),
    ("accounts:\n", "accounts:\n  - id: m\n"),
    ("accounts: []\n", "accounts:\n  - id: m\n"),
])
def test_records_start_the_list_of_an_empty_file(tmp_path: Path, before: str,
                                                 after: str) -> None:
    write(tmp_path, "registry/accounts/a.yaml", before)
    (change,) = prepare(tmp_path, [], {"registry/accounts/a.yaml": NewRecords(
        "  - id: m\n", ({"id": "m"},), "# new\n")})
    assert change.new.decode() == after
