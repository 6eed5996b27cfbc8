"""Running the catalogue: a rule left out by --select/--ignore changes nothing but its own
findings, and severities and suppressions apply as lint.yaml and the comments say."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from abmctl.catalogue import catalogue
from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import run_rules
from abmctl.commands.options import RegistryOptions, build_context, read_activity
from abmctl.load.registry_files import load_registry
from abmctl.registry import Registry
from tests.support.registry import REPO, write

# the example registry as of its own date, and long after (when most rules have something)
DATES = [date(2026, 11, 23), date(2027, 9, 1)]


@pytest.fixture(scope="module")
def example() -> Iterator[Registry]:
    yield load_registry(REPO)


def contexts(reg: Registry) -> list[Context]:
    activity = read_activity(reg, RegistryOptions())
    return [build_context(reg, day, activity) for day in DATES]


def test_every_rule_reports_under_its_own_code(example: Registry) -> None:
    for ctx in contexts(example):
        for rule in catalogue().values():
            if rule.check is not None:
                assert {f.code for f in rule.check(example, ctx)} <= {rule.code}


@pytest.mark.parametrize(("select", "ignore"), [
    (["ABM1", "abm502"], []), ([], ["ABM2", "ABM6"]), (["ABM2"], ["ABM204"]),
])
def test_a_selection_keeps_exactly_what_a_full_run_would_keep(
    select: list[str], ignore: list[str]
) -> None:
    reg = load_registry(REPO)
    reg.suppressions.clear()  # an expired one is reported only when its code is selected
    for ctx in contexts(reg):
        everything = run_rules(reg, ctx, ["load", "lint", "overlap"])
        chosen = run_rules(reg, ctx, ["load", "lint", "overlap"], select, ignore)
        assert chosen == [
            f for f in everything
            if (not select or any(f.code.startswith(p.upper()) for p in select))
            and not any(f.code.startswith(p.upper()) for p in ignore)
        ]


def test_lint_yaml_severities_apply_and_other_codes_keep_the_catalogues(
    registry_root: Path,
) -> None:
    write(registry_root, "registry/accounts/emea.yaml", """
        accounts:
          - id: northwind
            name: Northwind
            domains: [northwind.com]
            tier: 3
            sources: [marketing]
    """)
    write(registry_root, "rules/lint.yaml", "severity: {ABM104: info}\n")
    found = run_rules(load_registry(registry_root), Context(as_of=DATES[0]), ["load", "lint"])
    assert {f.code for f in found} >= {"ABM104", "ABM105"}
    rules = catalogue()
    assert all(f.severity == ("info" if f.code == "ABM104" else rules[f.code].severity)
               for f in found)
