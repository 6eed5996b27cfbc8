"""Faults of `accounts import` whose fix lies outside crm/ (load/export_files.decode): for the
lead. Not committed by RF-CRM."""

from __future__ import annotations

from pathlib import Path

from abmctl.load.registry_files import load_registry
from tests.support.cli import invoke
from tests.support.registry import write_registry


def test_one_stray_cp1252_byte_does_not_turn_every_utf8_name_into_mojibake(
    registry_root: Path,
) -> None:
    # a UTF-8 export (as Salesforce and HubSpot write them) where one hand-edited cell holds
    # a cp1252 byte: the whole file was decoded as cp1252, so 'Société Générale' read as
    # 'SociÃ©tÃ© GÃ©nÃ©rale' and the import renamed the account
    write_registry(registry_root, {"registry/accounts/a.yaml": """
        accounts:
          - {id: socgen, name: Société Générale, domains: [socgen.com], tier: 2}
          - {id: cafe, name: Cafe Nero, domains: [caffenero.com], tier: 3}
    """})
    export = registry_root / "export.csv"
    export.write_bytes("name,domain\nSociété Générale,socgen.com\n".encode()
                       + b"Caf\xe9 Nero,caffenero.com\n")
    done = invoke("accounts", "import", str(export), "--from", "csv", "--root",
                  str(registry_root), "--as-of", "2026-12-04")
    assert done.returncode == 0, done.stderr
    names = {a.id: a.name for a in load_registry(registry_root).accounts}
    assert names["socgen"] == "Société Générale"
