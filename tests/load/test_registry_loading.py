"""Loading a registry: every fault becomes a finding with file and line; the rest still loads."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import registry_errors, run_rules
from abmctl.errors import AbmctlError
from abmctl.load.registry_files import load_registry
from abmctl.load.root import find_root
from abmctl.model.accounts import Account
from abmctl.model.settings import Settings
from tests.support.registry import write

AS_OF = date(2026, 11, 23)


def codes_at(root: Path) -> list[tuple[str, str | None, int | None]]:
    reg = load_registry(root)
    return [(f.code, f.path, f.line) for f in registry_errors(reg, Context(as_of=AS_OF))]


def test_absent_rules_files_take_the_seeds_defaults(registry_root: Path) -> None:
    assert load_registry(registry_root).settings == Settings()


def test_a_missing_rules_key_takes_its_default(registry_root: Path) -> None:
    write(registry_root, "rules/signals.yaml", "threshold: 3\n")
    rules = load_registry(registry_root).settings.signals
    assert (rules.threshold, rules.window_days, rules.hot_threshold) == (3, 14, 4)


def test_a_misspelt_rules_file_is_an_error_not_silently_default(registry_root: Path) -> None:
    write(registry_root, "rules/tier.yaml", "review: {cadence: monthly}\n")
    assert ("ABM002", "rules/tier.yaml", 1) in codes_at(registry_root)


def test_one_bad_account_does_not_hide_the_others(registry_root: Path) -> None:
    write(registry_root, "registry/accounts/emea.yaml", """
        accounts:
          - id: good
            name: Good
            domains: [good.com]
            tier: 3
          - id: bad
            name: Bad
            domains: [bad.com]
            tier: "3"
    """)
    reg = load_registry(registry_root)
    assert [a.id for a in reg.accounts] == ["good"]
    assert [(f.code, f.line) for f in reg.load_findings] == [("ABM002", 9)]


@pytest.mark.parametrize(
    ("field", "value", "expected"),
    [
        ("tier_since", "2026-02-30", "not a real date"),
        ("regoin", "emea", "did you mean 'region'"),
        ("owners", "{ae: Ana Lima}", "not an id"),
        ("domains", "{a: 1}", "list"),
    ],
)
def test_schema_faults_point_at_the_field(
    registry_root: Path, field: str, value: str, expected: str
) -> None:
    lines = ["accounts:", "  - id: northwind", "    name: Northwind", "    tier: 3"]
    lines.append(f"    {field}: {value}")
    if field != "domains":
        lines.append("    domains: [northwind.com]")
    write(registry_root, "registry/accounts/emea.yaml", "\n".join(lines) + "\n")
    reg = load_registry(registry_root)
    (found,) = reg.load_findings
    assert (found.code, found.line) == ("ABM002", 5)
    assert expected in found.message


def test_x_prefixed_keys_are_free_for_the_team(registry_root: Path) -> None:
    write(registry_root, "registry/accounts/emea.yaml", """
        accounts:
          - id: northwind
            name: Northwind
            domains: [northwind.com]
            tier: 3
            x-notes: {owner: "keep an eye"}
    """)
    assert load_registry(registry_root).load_findings == []


def test_a_mapping_where_a_list_belongs(registry_root: Path) -> None:
    write(registry_root, "registry/accounts/emea.yaml", "accounts:\n  id: northwind\n")
    assert codes_at(registry_root) == [("ABM002", "registry/accounts/emea.yaml", 1)]


def test_dangling_references_are_abm003_at_the_field(registry_root: Path) -> None:
    write(registry_root, "registry/accounts/emea.yaml", """
        accounts:
          - id: northwind
            name: Northwind
            domains: [northwind.com]
            tier: 9
            region: mars
            owners: {ae: nobody}
    """)
    assert codes_at(registry_root) == [
        ("ABM003", "registry/accounts/emea.yaml", 5),
        ("ABM003", "registry/accounts/emea.yaml", 6),
        ("ABM003", "registry/accounts/emea.yaml", 7),
    ]


def test_suppression_with_a_future_date_silences_and_a_past_one_warns(
    registry_root: Path,
) -> None:
    write(registry_root, "registry/accounts/emea.yaml", """
        accounts:
          - id: northwind  # abmctl: ignore[ABM003] until=2026-11-23 reason="pilot"
            name: Northwind
            domains: [northwind.com]
            tier: 3
            owners: {ae: nobody}
    """)
    reg = load_registry(registry_root)
    on_the_day = run_rules(reg, Context(as_of=AS_OF), ["load"])
    assert on_the_day == []
    day_after = run_rules(reg, Context(as_of=date(2026, 11, 24)), ["load"])
    assert sorted((f.code, f.line) for f in day_after) == [("ABM003", 6), ("ABM004", 2)]
    assert "pilot" in next(f.message for f in day_after if f.code == "ABM004")


def test_root_is_found_by_walking_up(registry_root: Path) -> None:
    deep = registry_root / "registry" / "accounts"
    assert find_root(start=deep) == registry_root


def test_no_registry_anywhere_is_a_clear_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("ABMCTL_ROOT", raising=False)
    with pytest.raises(AbmctlError, match="no registry/ folder"):
        find_root(start=tmp_path)


def test_records_know_their_file_and_lines_and_records_made_in_code_know_none(
    registry_root: Path,
) -> None:
    write(registry_root, "registry/accounts/emea.yaml", """
        accounts:
          - id: northwind
            name: Northwind
            domains: [northwind.com]
            tier: 3
    """)
    loaded = load_registry(registry_root).accounts[0]
    assert (loaded.path, loaded.line, loaded.line_of("tier"), loaded.line_of("stage")) == (
        "registry/accounts/emea.yaml", 2, 5, 2)
    made = Account(id="northwind", name="Northwind", domains=["northwind.com"], tier=3)
    assert (made.path, made.line, made.line_of("tier")) == ("", 0, 0)
    assert made != loaded  # same fields, different places
    made.place(loaded.path, loaded.line, {"id": 2, "name": 3, "domains": 4, "tier": 5}, 4)
    assert made == loaded
    assert loaded.column_of("tier") == 5  # `    tier: 3`: the key starts in column 5


EVENT_INVITING = """
    id: roundtable
    name: CDO roundtable
    kind: minor
    date: 2026-12-10
    invited: [northwind, fabrikam, nobody-at-all]
"""


@pytest.mark.parametrize(("accounts", "cause"), [
    # one YAML slip makes the whole file unreadable
    ("accounts:\n  - id: northwind\n    name: N\n    name: M\n  - id: fabrikam\n", "ABM001"),
    # one bad record is left out on its own
    ("accounts:\n  - id: northwind\n    name: N\n    domains: [n.com]\n    tier: one\n"
     "  - id: fabrikam\n    name: F\n    domains: [f.com]\n    tier: zero\n", "ABM002"),
])
def test_accounts_that_did_not_load_are_not_also_unknown_references(
    registry_root: Path, accounts: str, cause: str,
) -> None:
    write(registry_root, "registry/accounts/na.yaml", accounts)
    write(registry_root, "registry/events/roundtable.yaml", EVENT_INVITING)
    found = [(code, path) for code, path, _ in codes_at(registry_root)]
    # the slip itself, and the one name that is unknown anyway; not northwind or fabrikam
    assert found.count((cause, "registry/accounts/na.yaml")) >= 1
    unknown = [f.message for f in registry_errors(load_registry(registry_root),
                                                   Context(as_of=AS_OF)) if f.code == "ABM003"]
    assert unknown == ["roundtable: unknown account 'nobody-at-all' in 'invited'"]


def test_a_teams_file_that_does_not_load_is_one_error_not_one_per_owner(
    registry_root: Path,
) -> None:
    write(registry_root, "registry/accounts/na.yaml", """
        accounts:
          - id: northwind
            name: Northwind
            domains: [northwind.com]
            tier: 1
            region: na
            owners: {ae: ana.lima}
    """)
    teams = registry_root / "registry/teams.yaml"
    teams.write_text(teams.read_text() + "territories: [twice]\n")  # a duplicate key
    assert [(code, path) for code, path, _ in codes_at(registry_root)] == [
        ("ABM001", "registry/teams.yaml")]


def test_accounts_from_many_files_load_with_their_lines_and_a_copy_stands_alone(
    tmp_path: Path,
) -> None:
    """Account files are read one after another (each file's text let go once its accounts
    are made); every account keeps its file and lines, and accounts written alike share what
    they gave without a change to one reaching another."""
    write(tmp_path, "registry/teams.yaml", "territories: [emea]\nteams: []\npeople: []\n")
    for part in range(3):
        write(tmp_path, f"registry/accounts/part-{part}.yaml", "accounts:\n" + "".join(
            f"  - id: acme-{part}-{n}\n    name: Acme {n}\n    domains: [acme{part}{n}.com]\n"
            f"    tier: 3\n    segment: retail\n" for n in range(2)))
    reg = load_registry(tmp_path)
    assert [(a.id, a.path, a.line, a.line_of("segment")) for a in reg.accounts] == [
        (f"acme-{p}-{n}", f"registry/accounts/part-{p}.yaml", 2 + 5 * n, 6 + 5 * n)
        for p in range(3) for n in range(2)]
    first, second = reg.accounts[:2]
    assert first.model_fields_set == second.model_fields_set
    copy = first.model_copy(update={"owners": {}})
    assert "owners" in copy.model_fields_set and "owners" not in second.model_fields_set
