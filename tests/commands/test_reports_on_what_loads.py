"""Reports run on what loads: on the example registry with a misspelt owner, a tab-indented
account file and a `tierr:` key, handoff, overlap, scorecard and tiers plan each report
exactly what they report on the registry without those three, name them once on stderr and
in JSON's "excluded", and exit as they would without them; --strict exits 2; tiers apply
refuses."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import invoke
from tests.support.registry import REPO, write

AS_OF = "2026-11-23"
IN_WINDOW = "2027-01-04"
TABBED = "accounts:\n  - id: quillon-labs\n\tname: Quillon Labs\n    tier: 3\n"
REPORTS = [
    ("handoff", AS_OF),
    ("overlap", AS_OF),
    ("scorecard", AS_OF),
    ("tiers plan", AS_OF),
    ("tiers plan", IN_WINDOW),
]


def _example(root: Path) -> Path:
    for folder in ("registry", "rules"):
        shutil.copytree(REPO / folder, root / folder)
    return root


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new))


def _saltire(text: str) -> str:
    """The saltire-retail record, from its `- id:` to the next record."""
    found = re.search(r"  - id: saltire-retail\n.*?(?=  - id: )", text, re.DOTALL)
    assert found is not None
    return found[0]


@pytest.fixture(scope="module")
def registries(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(the example with the three faults, the example without those three records)."""
    broken = _example(tmp_path_factory.mktemp("broken"))
    without = _example(tmp_path_factory.mktemp("without"))
    emea, east = "registry/accounts/emea.yaml", "registry/accounts/na-east.yaml"
    owners = "owners: {ae: marcus.osei, sdr: jordan.reyes, abm: mei.chen}"
    # brightwater-logistics: its AE misspelt; without it, the account names no AE
    _edit(broken / east, owners, owners.replace("marcus.osei", "marcus.osie"))
    _edit(without / east, owners, "owners: {sdr: jordan.reyes, abm: mei.chen}")
    # saltire-retail: `tierr:`; without it, the account is not on the list
    record = _saltire((broken / emea).read_text())
    _edit(broken / emea, record, record.replace("    tier: 2\n", "    tierr: 2\n"))
    _edit(without / emea, record, "")
    write(broken, "registry/accounts/zz-tabbed.yaml", TABBED)
    return broken, without


def _run(root: Path, command: str, as_of: str, *more: str) -> Any:
    # wide enough that no stderr line is wrapped: the tests read each line whole
    return invoke(*command.split(), "--root", str(root), "--as-of", as_of, *more,
                  env={"COLUMNS": "1000"})


@pytest.mark.parametrize(("command", "as_of"), REPORTS)
def test_a_report_on_what_loads_is_the_report_without_the_broken_records(
    registries: tuple[Path, Path], command: str, as_of: str,
) -> None:
    broken, without = registries
    done = _run(broken, command, as_of, "--format", "json")
    clean = _run(without, command, as_of, "--format", "json")
    assert clean.stderr == "" or "left out" not in clean.stderr
    assert done.returncode == clean.returncode and done.returncode in (0, 1), done.stderr
    document, expected = json.loads(done.stdout), json.loads(clean.stdout)
    assert expected.pop("excluded") == []
    excluded = document.pop("excluded")
    assert document == expected
    assert [(e["path"], e["line"], e["record"], e["code"]) for e in excluded] == [
        ("registry/accounts/emea.yaml", 87, "saltire-retail", "ABM002"),
        ("registry/accounts/na-east.yaml", 36, "brightwater-logistics", "ABM003"),
        ("registry/accounts/zz-tabbed.yaml", 3, None, "ABM001"),
    ]


@pytest.mark.parametrize(("command", "as_of"), REPORTS[:4])
def test_the_run_names_each_left_out_record_once_and_the_owner_as_a_reference(
    registries: tuple[Path, Path], command: str, as_of: str,
) -> None:
    broken, without = registries
    done = _run(broken, command, as_of)
    assert done.stdout == _run(without, command, as_of).stdout
    lines = done.stderr.splitlines()
    assert lines[0] == ("warning: left out what does not load, 2 records and 1 reference "
                        "(`abmctl lint` lists every error):")
    assert lines[1].startswith("  registry/accounts/emea.yaml:87: ABM002 ")
    assert "tierr" in lines[1]
    assert lines[2] == (
        "  registry/accounts/na-east.yaml:36: ABM003 brightwater-logistics: unknown person "
        "'marcus.osie' in 'owners'; did you mean 'marcus.osei'? (defined in "
        "registry/teams.yaml:43) (only this owner is left out: the account is reported with "
        "no ae)")
    assert lines[3].startswith("  registry/accounts/zz-tabbed.yaml:3: ABM001 ")
    # once: not again at the end, not once per report section (the activity's own summary
    # line may follow)
    assert sum("left out" in line or ".yaml:" in line for line in lines) == 4


def test_the_account_with_an_unknown_owner_is_reported_routed_to_nobody_named(
    registries: tuple[Path, Path],
) -> None:
    done = _run(registries[0], "handoff", AS_OF, "--format", "json")
    handoffs = json.loads(done.stdout)["handoffs"]
    brightwater = [h for h in handoffs if h["account"] == "brightwater-logistics"]
    assert [(h["transition"], h["route"]["to"], h["route"]["person"]) for h in brightwater] \
        == [("hot", "ae", None)]
    assert "saltire-retail" not in {h["account"] for h in handoffs}


@pytest.mark.parametrize(("command", "as_of"), REPORTS[:4])
def test_strict_makes_any_left_out_record_exit_2(
    registries: tuple[Path, Path], command: str, as_of: str,
) -> None:
    done = _run(registries[0], command, as_of, "--strict")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.endswith("abmctl: error: --strict: left out what does not load, "
                                "2 records and 1 reference\n")
    assert done.stderr.count("zz-tabbed.yaml:3: ABM001") == 1


def test_tiers_apply_refuses_a_registry_that_does_not_load(
    registries: tuple[Path, Path], tmp_path: Path,
) -> None:
    root = tmp_path / "copy"
    shutil.copytree(registries[0], root)
    before = {p: p.read_bytes() for p in (root / "registry" / "accounts").iterdir()}
    done = _run(root, "tiers apply", IN_WINDOW)  # no terminal: no question
    assert done.returncode == 2
    assert "error(s) that stop this command" in done.stderr
    assert {p: p.read_bytes() for p in (root / "registry" / "accounts").iterdir()} == before


def test_lint_still_lists_every_error_in_full(registries: tuple[Path, Path]) -> None:
    done = _run(registries[0], "lint", AS_OF, "--format", "json")
    codes = {(f["code"], f["path"]) for f in json.loads(done.stdout)["findings"]}
    assert {("ABM001", "registry/accounts/zz-tabbed.yaml"),
            ("ABM002", "registry/accounts/emea.yaml"),
            ("ABM003", "registry/accounts/na-east.yaml")} <= codes
    assert done.returncode == 1


def test_a_rules_file_that_does_not_load_still_stops_the_reports(tmp_path: Path) -> None:
    """A setting that does not load would quietly become its default: every report reads it."""
    root = _example(tmp_path)
    _edit(root / "rules/tiers.yaml", "tiers:", "tierz:")
    done = _run(root, "handoff", AS_OF)
    assert done.returncode == 2
    assert "abmctl: error: rules/tiers.yaml does not load" in done.stderr
