"""`abmctl accounts import` on tiny registries: how rows match, what is edited and how, and
every refusal (exit codes as for activity exports: 2 = could not run, 1 = refused)."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.load.registry_files import load_registry
from tests.support.cli import invoke
from tests.support.registry import write, write_registry

TEAMS = """
territories: [emea, na-east]
teams: [{id: sales, kind: sales}, {id: sdr, kind: sdr}]
people:
  - {id: ana.lima, name: Ana Lima, team: sales, role: ae, territories: [emea],
     email: Ana.Lima@lumenfold.io}
  - {id: lukas.brandt, name: Lukas Brandt, team: sales, role: ae, territories: [emea],
     email: lukas@lumenfold.io}
  - {id: raj.patel, name: Raj Patel, team: sdr, role: sdr, territories: [emea],
     email: raj@lumenfold.io}
"""
SF_HEADER = "Account ID,Account Name,Website,Billing Country,Account Owner,Account Owner Email\n"
NORTHWIND = "0015g00000HcYh1AAF,Northwind Traders,northwind.com,Germany,Ana Lima,"


def _registry(root: Path, accounts: str, crm: str = "regions: {Germany: emea}\n") -> Path:
    write_registry(root, {"registry/accounts/a.yaml": accounts, "rules/crm.yaml": crm},
                   teams=TEAMS)
    return root


def _run(root: Path, rows: str, *more: str, crm: str = "salesforce",
         header: str = SF_HEADER) -> tuple[int, str, str]:
    export = root / "export.csv"
    export.write_text(header + rows, encoding="utf-8")
    # wide: the tests compare whole stderr lines, which wrap at the terminal's width
    done = invoke("accounts", "import", str(export), "--from", crm, "--root", str(root),
                  "--as-of", "2026-12-04", *more, env={"COLUMNS": "1000"})
    return done.returncode, done.stdout, done.stderr


def test_a_crlf_file_is_edited_in_place_keeping_its_line_ends_and_comments(
    registry_root: Path,
) -> None:
    path = registry_root / "registry/accounts/a.yaml"
    _registry(registry_root, "")
    path.write_bytes(b"accounts:\r\n  - id: northwind   # the big one\r\n    name: Northwind\r\n"
                     b"    domains: [northwind.com]\r\n    tier: 2\r\n    region: emea\r\n")
    code, _, err = _run(registry_root, NORTHWIND + "ana.lima@lumenfold.io\n")
    assert code == 0, err
    assert path.read_bytes() == (
        b"accounts:\r\n  - id: northwind   # the big one\r\n    name: Northwind Traders\r\n"
        b"    domains: [northwind.com]\r\n    tier: 2\r\n"
        b'    crm: {salesforce: "0015g00000HcYh1AAF"}\r\n    owners: {ae: ana.lima}\r\n'
        b"    region: emea\r\n")


def test_the_owner_is_found_by_e_mail_whatever_its_case_and_edited_in_its_flow_map(
    registry_root: Path,
) -> None:
    _registry(registry_root, """
        accounts:
          - id: northwind
            name: Northwind Traders
            domains: [northwind.com]
            tier: 2
            owners: {ae: ana.lima, sdr: raj.patel}
            crm: {salesforce: 0015g00000HcYh1AAF}
    """)
    code, out, _ = _run(registry_root, "0015g00000HcYh1,Northwind Traders,northwind.com,Germany,"
                        "Someone Else,LUKAS@lumenfold.io\n")
    assert code == 0
    assert "matched by crm id" in out  # the 15-character spelling of the 18-character id
    text = (registry_root / "registry/accounts/a.yaml").read_text()
    assert "    owners: {ae: lukas.brandt, sdr: raj.patel}\n" in text
    assert "    region: emea\n" in text


def test_an_owner_of_another_role_or_nobody_is_noted_and_not_set(registry_root: Path) -> None:
    _registry(registry_root, "accounts: []\n")
    rows = ("0015g00000AAAAAAAA,Contoso,contoso.com,Germany,Raj Patel,\n"
            "0015g00000BBBBBBBB,Fabrikam,fabrikam.com,Atlantis,Nobody Known,\n")
    code, out, _ = _run(registry_root, rows, "--into", "registry/accounts/new.yaml")
    assert code == 0
    assert "owner raj.patel is sdr, not ae, in teams.yaml; owners not changed" in out
    assert "owner 'Nobody Known' is nobody in teams.yaml" in out
    assert "region 'Atlantis' is no territory of teams.yaml" in out
    accounts = load_registry(registry_root).account_by_id
    assert accounts["contoso"].owners == {} and accounts["contoso"].region == "emea"
    assert accounts["fabrikam"].region is None


def test_a_conflicting_crm_id_or_a_domain_of_another_account_is_left_alone(
    registry_root: Path,
) -> None:
    _registry(registry_root, """
        accounts:
          - {id: northwind, name: Northwind, domains: [northwind.com], tier: 2,
             crm: {salesforce: 0015g00000ZZZZZZZZ}}
          - {id: contoso, name: Contoso, domains: [contoso.com], tier: 3}
    """)
    code, out, _ = _run(registry_root, "0015g00000HcYh1AAF,Northwind,northwind.com,,,\n"
                        "0015g00000ZZZZZZZZ,Northwind,contoso.com,,,\n")
    assert code == 0
    out = " ".join(out.split())  # as wrapped to the width
    assert "carries salesforce id 0015g00000ZZZZZZZZ, the export 0015g00000HcYh1AAF; not " \
        "changed" in out
    assert "the same account as row 2; this row is left out" in out
    assert "Nothing to change." in out


def test_a_result_that_would_not_pass_lint_is_refused_with_the_findings(
    registry_root: Path,
) -> None:
    _registry(registry_root, """
        accounts:
          - {id: northwind, name: Northwind, domains: [northwind.com], tier: 3}
    """)
    write(registry_root, "rules/tiers.yaml", """
        tiers:
          - {id: 1, name: Strategic, motion: one_to_one}
          - {id: 2, name: Scaled, motion: one_to_few}
          - {id: 3, name: Programmatic, motion: one_to_many, max_accounts: 1}
    """)
    before = (registry_root / "registry/accounts/a.yaml").read_bytes()
    code, _, err = _run(registry_root, "0015g00000AAAAAAAA,Contoso,contoso.com,,,\n",
                        "--into", "registry/accounts/a.yaml")
    assert code == 1
    assert "ABM202" in err
    assert "accounts import refused: the registry would not pass lint: 1 new error; nothing " \
        "written" in err
    assert (registry_root / "registry/accounts/a.yaml").read_bytes() == before


def test_a_bulk_rename_is_refused_without_force(registry_root: Path) -> None:
    items = "".join(f"  - {{id: c{n}, name: Company {n}, domains: [c{n}.com], tier: 3}}\n"
                    for n in range(12))
    _registry(registry_root, "accounts:\n" + items)
    rows = "".join(f"0015g00000A{n:02d}AAAAA,Company {n} AG,c{n}.com,,,\n" for n in range(12))
    code, _, err = _run(registry_root, rows)
    assert code == 1
    assert "a bulk change: it changes the name, domain, region or owner of 12 of the list's " \
        "12 accounts" in err
    code, out, _ = _run(registry_root, rows, "--force")
    assert code == 0
    assert load_registry(registry_root).account_by_id["c7"].name == "Company 7 AG"


@pytest.mark.parametrize(("rows", "reason"), [
    ("n/a,Contoso,contoso.com,,,\n", "'n/a' is not a salesforce id"),
    (",Contoso,contoso.com,,,\n", "no record id"),
    ('0015g00000AAAAAAAA,"unclosed,contoso.com\n', "no account name"),
])
def test_a_file_whose_every_row_is_bad_is_exit_2_naming_the_first(
    registry_root: Path, rows: str, reason: str,
) -> None:
    _registry(registry_root, "accounts: []\n")
    code, _, err = _run(registry_root, rows)
    assert code == 2
    assert "every one of its 1 rows was skipped (first: line 2:" in err or "no row" in err


def test_a_bad_row_is_skipped_with_its_line_and_strict_makes_it_exit_2(
    registry_root: Path,
) -> None:
    _registry(registry_root, "accounts: []\n")
    rows = "n/a,Contoso,contoso.com,,,\n0015g00000AAAAAAAA,Fabrikam,fabrikam.com,,,\n"
    code, _, err = _run(registry_root, rows, "--into", "registry/accounts/a.yaml", "--strict")
    assert code == 2
    assert "export.csv:2: 'n/a' is not a salesforce id (15 or 18 letters and digits): row " \
        "skipped" in err
    assert "--strict: 1 row skipped; nothing written" in err
    code, out, _ = _run(registry_root, rows, "--into", "registry/accounts/a.yaml")
    assert code == 0 and "Skipped rows: 1" in out


def test_the_wrong_export_is_exit_2_naming_the_columns_expected(registry_root: Path) -> None:
    _registry(registry_root, "accounts: []\n")
    code, _, err = _run(registry_root, "1,2\n", header="foo,bar\n", crm="hubspot")
    assert code == 2
    assert "not a HubSpot companies export: expected the columns Record ID, Company name; " \
        "found: foo, bar" in err


def test_a_crm_export_read_as_plain_csv_names_the_layouts_that_read_it(
    registry_root: Path,
) -> None:
    _registry(registry_root, "accounts: []\n")
    code, _, err = _run(registry_root, "0015g00000KsTr1AAB,Kestrel Bank\n",
                        header="Account ID,Account Name\n", crm="csv")
    assert code == 2
    assert "export.csv:1: not a plain CSV account export: expected the columns name, " \
        "domain; found: Account ID, Account Name (a CRM's own export: --from salesforce or " \
        "--from hubspot; other headers: --map)" in err


def test_new_accounts_without_into_are_exit_2(registry_root: Path) -> None:
    _registry(registry_root, "accounts: []\n")
    code, _, err = _run(registry_root, "0015g00000AAAAAAAA,Contoso,contoso.com,,,\n")
    assert code == 2
    assert "1 new account(s) and no --into" in err


def test_into_must_be_an_accounts_file(registry_root: Path) -> None:
    _registry(registry_root, "accounts: []\n")
    code, _, err = _run(registry_root, "0015g00000AAAAAAAA,Contoso,contoso.com,,,\n",
                        "--into", "registry/plays/x.yaml")
    assert code == 2 and "--into: new accounts go into an accounts file" in err


def test_a_column_map_reads_a_layout_of_its_own(registry_root: Path) -> None:
    _registry(registry_root, "accounts: []\n")
    write(registry_root, "map.yaml", """
        system: hubspot
        columns: {crm_id: Company ID, name: Organisation, domain: Web}
    """)
    code, _, err = _run(registry_root, "77,Contoso GmbH,https://contoso.de\n",
                        "--map", str(registry_root / "map.yaml"), "--into",
                        "registry/accounts/a.yaml", crm="csv",
                        header="Organisation,Web,Company ID\n".replace(
                            "Organisation,Web,Company ID", "Company ID,Organisation,Web"))
    assert code == 0, err
    new = load_registry(registry_root).account_by_id["contoso"]
    assert (new.domains, new.crm.hubspot, new.tier) == (["contoso.de"], "77", 3)


@pytest.mark.parametrize(("text", "said"), [
    ("system: hubspot\ncolumns:\n  crm_id: Company ID\n  nme: Organisation\n",
     "map.yaml:4: --map: columns: 'nme' is not a valid key; did you mean 'name'? (one of id, "
     "crm_id,"),
    ("system: sap\ncolumns: {name: Organisation, domain: Web}\n",
     "map.yaml:1: --map: system: 'sap' is not allowed; use one of salesforce or hubspot"),
    ("- name\n", "map.yaml:1: --map: expected a mapping with system: and columns:"),
    ("columns: {name: [Organisation\n", "map.yaml:1: --map: invalid YAML"),
    ("columns: {name: Organisation}\n", "map.yaml: --map: no column for domain"),
])
def test_a_bad_column_map_is_exit_2_naming_its_line(registry_root: Path, text: str,
                                                    said: str) -> None:
    _registry(registry_root, "accounts: []\n")
    (registry_root / "map.yaml").write_text(text, encoding="utf-8")
    code, _, err = _run(registry_root, "Contoso,contoso.de\n", "--map",
                        str(registry_root / "map.yaml"), crm="csv",
                        header="Organisation,Web\n")
    assert code == 2
    assert said in err and "Traceback" not in err
    assert len(err.strip().splitlines()) == 1


def test_a_new_account_named_like_an_existing_one_is_reported_not_added(
    registry_root: Path,
) -> None:
    _registry(registry_root, """
        accounts:
          - {id: northwind, name: Northwind Traders Ltd, domains: [northwind.com], tier: 2}
    """)
    code, out, _ = _run(registry_root, "0015g00000AAAAAAAA,Northwind Traders Inc.,"
                        "northwind.de,,,\n")
    assert code == 0
    assert "row 2 'Northwind Traders Inc.' looks like northwind" in out
    assert [a.id for a in load_registry(registry_root).accounts] == ["northwind"]


def test_an_export_with_no_rows_is_exit_2(registry_root: Path) -> None:
    _registry(registry_root, "accounts: []\n")
    code, _, err = _run(registry_root, "")
    assert code == 2
    assert "no account rows in it (read as salesforce): an empty export?" in err


def test_a_website_that_is_no_domain_makes_no_new_account(registry_root: Path) -> None:
    _registry(registry_root, "accounts: []\n")
    rows = "0015g00000AAAAAAAA,Contoso,n/a,,,\n0015g00000BBBBBBBB,Fabrikam,fabrikam.com,,,\n"
    code, _, err = _run(registry_root, rows, "--into", "registry/accounts/a.yaml")
    assert code == 0
    assert "export.csv:2: no domain, and no list account has its id: a new account needs a " \
        "domain: row skipped" in err
    assert [a.id for a in load_registry(registry_root).accounts] == ["fabrikam"]


def test_names_yaml_would_misread_are_quoted_and_read_back_as_written(
    registry_root: Path,
) -> None:
    _registry(registry_root, "accounts: []\n")
    names = ['=HYPERLINK("x")', "Yes", "Foo: Bar #1", 'Quote "Co"', "Tab\tand\\back"]
    rows = "".join(f'0015g00000A{n:02d}AAAAA,"{name.replace(chr(34), chr(34) * 2)}",'
                   f"c{n}.com,,,\n" for n, name in enumerate(names))
    code, _, err = _run(registry_root, rows, "--into", "registry/accounts/new.yaml")
    assert code == 0, err
    assert [a.name for a in load_registry(registry_root).accounts] == names


def test_one_file_gets_its_accounts_edited_and_the_new_ones_appended(
    registry_root: Path,
) -> None:
    _registry(registry_root, """
        accounts:
          - id: northwind     # our oldest
            name: Northwind Traders
            domains: [northwind.com]
            tier: 2
    """)
    code, _, err = _run(registry_root, NORTHWIND + "\n0015g00000AAAAAAAA,Contoso,contoso.de,"
                        "Germany,,\n", "--into", "registry/accounts/a.yaml")
    assert code == 0, err
    assert (registry_root / "registry/accounts/a.yaml").read_text() == (
        "accounts:\n  - id: northwind     # our oldest\n    name: Northwind Traders\n"
        "    domains: [northwind.com]\n    tier: 2\n    region: emea\n"
        '    crm: {salesforce: "0015g00000HcYh1AAF"}\n    owners: {ae: ana.lima}\n'
        "  - id: contoso\n    name: Contoso\n    domains: [contoso.de]\n    tier: 3\n"
        "    tier_since: 2026-12-04\n    region: emea\n    sources: [sales]\n"
        '    crm: {salesforce: "0015g00000AAAAAAAA"}\n')


def test_an_unclosed_quote_skips_its_row_with_its_line_and_the_rows_after_it_are_read(
    registry_root: Path,
) -> None:
    _registry(registry_root, "accounts: []\n")
    rows = ('0015g00000AAAAAAAA,"Contoso,contoso.com,,,\n'
            "0015g00000BBBBBBBB,Fabrikam,fabrikam.com,,,\n"
            "0015g00000CCCCCCCC,Litware,litware.com,,,\n")
    code, _, err = _run(registry_root, rows, "--into", "registry/accounts/a.yaml", "--strict")
    assert code == 2
    assert "export.csv:2: a quote opened in this row never closes (reading goes on with the " \
        "next line): row skipped" in err
    assert "--strict: 1 row skipped; nothing written" in err
    code, out, _ = _run(registry_root, rows, "--into", "registry/accounts/a.yaml")
    assert code == 0 and "Skipped rows: 1" in out
    assert [a.name for a in load_registry(registry_root).accounts] == ["Fabrikam", "Litware"]


def test_a_row_with_more_cells_than_the_header_is_skipped_with_its_line(
    registry_root: Path,
) -> None:
    _registry(registry_root, "accounts: []\n")
    rows = ("0015g00000AAAAAAAA,Contoso, Ltd,contoso.com,Germany,Ana Lima,ana@contoso.com\n"
            "0015g00000BBBBBBBB,Fabrikam,fabrikam.com,,,,\n")  # a trailing empty cell is fine
    code, _, err = _run(registry_root, rows, "--into", "registry/accounts/a.yaml", "--strict")
    assert code == 2
    assert "export.csv:2: 7 fields but the header has 6 (an unquoted delimiter inside a " \
        "value?): row skipped" in err
    code, _, _ = _run(registry_root, rows, "--into", "registry/accounts/a.yaml")
    assert code == 0
    assert [a.name for a in load_registry(registry_root).accounts] == ["Fabrikam"]


def test_nel_ls_and_ps_are_text_so_only_the_imported_lines_change(registry_root: Path) -> None:
    # YAML 1.2 breaks lines at CR and LF only; the record after them is found and edited, a
    # plain value ending in one is replaced whole, and every other one stays byte for byte
    path = registry_root / "registry/accounts/a.yaml"
    _registry(registry_root, "")
    before = ("# EMEA\u2028list\x85\naccounts:\n"
              '  - id: acme\n    name: "Acme\u2028Corp"\n    x-note: a\u2029b\n'
              "    domains: [acme.com]\n    tier: 2\n    region: emea\n"
              "  - id: northwind   # the big one\n    name: Northwind\u2028\n    x-n: 'a\x85b'\n"
              "    domains: [northwind.com]\n    tier: 2\n    region: emea\n"
              '  - {id: flow, name: "F\u2028low", domains: [flow.com], tier: 2, region: emea}\n')
    path.write_bytes(before.encode())
    code, out, err = _run(registry_root, NORTHWIND + "ana.lima@lumenfold.io\n")
    assert code == 0, err
    assert "northwind (registry/accounts/a.yaml:9, matched by domain, row 2)" in out
    assert path.read_bytes() == before.replace(
        "    name: Northwind\u2028\n", "    name: Northwind Traders\n").replace(
        "    tier: 2\n    region: emea\n  - {",
        '    tier: 2\n    crm: {salesforce: "0015g00000HcYh1AAF"}\n'
        "    owners: {ae: ana.lima}\n    region: emea\n  - {").encode()
