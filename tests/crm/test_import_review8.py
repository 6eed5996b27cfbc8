"""Review round 8 of `abmctl accounts import` / `export`: what an ops lead hits with odd
exports (match order, cells a spreadsheet-safe export wrote, owners by name)."""

from __future__ import annotations

from pathlib import Path

from abmctl.load.registry_files import load_registry
from tests.support.cli import invoke
from tests.support.registry import write_registry

TEAMS = """
territories: [emea]
teams: [{id: sales, kind: sales}]
people:
  - {id: ana.lima, name: Ana Lima, team: sales, role: ae, territories: [emea],
     email: ana@lumenfold.io}
  - {id: ana.lima2, name: Ana Lima, team: sales, role: ae, territories: [emea],
     email: ana2@lumenfold.io}
"""
ACCOUNTS = """
accounts:
  - {id: kestrel, name: Kestrel Bank, domains: [kestrelbank.co.uk], tier: 2,
     crm: {salesforce: 0015g00000KsTr1AAB}}
  - {id: meridian, name: Meridian Re, domains: [meridian-re.com], tier: 3}
"""


def _import(root: Path, text: str, *more: str, crm: str = "csv") -> tuple[int, str, str]:
    export = root / "export.csv"
    export.write_text(text, encoding="utf-8")
    done = invoke("accounts", "import", str(export), "--from", crm, "--root", str(root),
                  "--as-of", "2026-12-04", *more, env={"COLUMNS": "1000"})
    return done.returncode, done.stdout, done.stderr


def _registry(root: Path, accounts: str = ACCOUNTS) -> Path:
    write_registry(root, {"registry/accounts/a.yaml": accounts}, teams=TEAMS)
    return root


def test_a_csv_row_matches_by_domain_before_its_registry_id_as_the_docs_order_them(
    registry_root: Path,
) -> None:
    # docs/crm.md: CRM id, then domain, then (--from csv) the registry id
    _registry(registry_root)
    code, out, err = _import(registry_root, "id,name,domain\nkestrel,Meridian Re SE,"
                             "meridian-re.com\n", "--dry-run")
    assert code == 0, err
    assert "meridian (registry/accounts/a.yaml:4, matched by domain, row 2)" in out
    assert "Kestrel Bank →" not in out


def test_a_csv_row_matches_by_crm_id_before_its_registry_id(registry_root: Path) -> None:
    _registry(registry_root)
    code, out, err = _import(registry_root, "id,name,domain,salesforce_id\nmeridian,"
                             "Kestrel Bank plc,,0015g00000KsTr1AAB\n", "--dry-run")
    assert code == 0, err
    assert "kestrel (registry/accounts/a.yaml:2, matched by crm id, row 2)" in out


def test_an_exported_csv_imported_back_changes_no_name_a_spreadsheet_guard_quoted(
    registry_root: Path,
) -> None:
    # export --to csv writes '@Home so a spreadsheet shows the text; reading it back must
    # give @Home again, not rename the account to '@Home
    _registry(registry_root, """
        accounts:
          - {id: at-home, name: "@Home Networks", domains: [athome.example.com], tier: 3}
          - {id: minus, name: "-Minus Labs", domains: [minus.example.com], tier: 3}
    """)
    exported = invoke("accounts", "export", "--to", "csv", "--root", str(registry_root))
    assert exported.returncode == 0, exported.stderr
    assert "'@Home Networks" in exported.stdout  # the guard is there
    code, out, err = _import(registry_root, exported.stdout)
    assert code == 0, err
    assert "Nothing to change." in out
    names = {a.id: a.name for a in load_registry(registry_root).accounts}
    assert names == {"at-home": "@Home Networks", "minus": "-Minus Labs"}


def test_an_owner_name_two_people_share_is_said_to_be_ambiguous_not_nobody(
    registry_root: Path,
) -> None:
    _registry(registry_root)
    code, out, err = _import(registry_root, "Account ID,Account Name,Website,Account Owner\n"
                             "0015g00000KsTr1AAB,Kestrel Bank,kestrelbank.co.uk,Ana Lima\n",
                             "--dry-run", crm="salesforce")
    assert code == 0, err
    out = " ".join(out.split())
    assert "is nobody in teams.yaml" not in out
    assert "owner 'Ana Lima' is the name of 2 people in teams.yaml (ana.lima, ana.lima2); " \
        "owners not changed (give the export the owner's e-mail)" in out


def test_a_domain_or_crm_id_an_earlier_row_gave_a_new_account_is_not_added_to_a_list_account(
    registry_root: Path,
) -> None:
    # row 2 is a new account; rows 3 and 4 are list accounts (by CRM id, by domain) naming
    # row 2's domain or Salesforce id: adding them there made two accounts claim them, and
    # the whole import was refused (ABM102, ABM107)
    _registry(registry_root)
    code, out, err = _import(registry_root, "name,domain,salesforce_id\n"
                             "Zeta Co,zeta.example.com,0015g00000ZZZZZZZZ\n"
                             "Kestrel Bank,zeta.example.com,0015g00000KsTr1AAB\n"
                             "Meridian Re,meridian-re.com,0015g00000ZZZZZZZZ\n",
                             "--into", "registry/accounts/new.yaml")
    assert code == 0, err
    out = " ".join(out.split())
    assert "row 3: kestrel: domain zeta.example.com belongs to the new account 'zeta' " \
        "(row 2); not added" in out
    assert "row 4: meridian: salesforce id 0015g00000ZZZZZZZZ is carried by the new account " \
        "'zeta' (row 2); not added" in out
    accounts = load_registry(registry_root).account_by_id
    assert accounts["kestrel"].domains == ["kestrelbank.co.uk"]
    assert accounts["meridian"].crm.salesforce is None
    assert accounts["zeta"].crm.salesforce == "0015g00000ZZZZZZZZ"


def test_a_line_break_inside_a_cell_is_a_blank_so_a_name_stays_one_line(
    registry_root: Path,
) -> None:
    # Excel writes a cell holding Alt+Enter quoted, across lines; a CRM name is one line
    _registry(registry_root)
    code, out, err = _import(registry_root, 'name,domain\n"Meridian\r\nRe",meridian-re.com\n'
                             '"Zeta\nCo ""Holdings""",zeta.example.com\n',
                             "--into", "registry/accounts/new.yaml")
    assert code == 0, err
    accounts = load_registry(registry_root).account_by_id
    assert accounts["meridian"].name == "Meridian Re"  # unchanged, not renamed
    assert accounts["zeta-co-holdings"].name == 'Zeta Co "Holdings"'
    assert "Updated accounts" not in out
