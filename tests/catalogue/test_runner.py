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
from abmctl.findings import Finding
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
    # the example's two ABM204 suppressions run out on 2027-01-14: ABM004 on the later date
    (["ABM004"], []), (["ABM0"], ["ABM204"]), ([], ["ABM204"]),
])
def test_a_selection_keeps_exactly_what_a_full_run_would_keep(
    select: list[str], ignore: list[str]
) -> None:
    reg = load_registry(REPO)
    assert len(reg.suppressions) == 2
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


# northwind's review is overdue on 2026-11-23 (ABM105) unless `reviewed` is recent; the comment
# suppresses ABM105 until `until`
SUPPRESSED = """
    accounts:
      - id: northwind  # abmctl: ignore[ABM105] until={until} reason="merger review"
        name: Northwind
        domains: [northwind.com]
        tier: 3
        sources: [marketing, sales]
        reviewed: {reviewed}
"""
OVERDUE, RECENT = "2025-01-01", "2026-11-01"


def suppressed(root: Path, until: str, reviewed: str) -> Registry:
    write(root, "registry/accounts/emea.yaml",
          SUPPRESSED.format(until=until, reviewed=reviewed))
    return load_registry(root)


def about(found: list[Finding], code: str) -> list[tuple[str | None, int | None, str | None,
                                                          str]]:
    return [(f.path, f.line, f.account, f.message) for f in found if f.code == code]


NARROWINGS = [(["ABM004"], []), (["abm0"], []), ([], ["ABM105"]), (["ABM004"], ["ABM105"]),
              (["ABM1", "ABM004"], []), (["ABM004", "ABM2"], ["ABM1"])]


@pytest.mark.parametrize(("select", "ignore"), NARROWINGS)
def test_an_expired_suppression_is_reported_whichever_rules_are_shown(
    registry_root: Path, select: list[str], ignore: list[str]
) -> None:
    reg = suppressed(registry_root, until="2026-09-30", reviewed=OVERDUE)
    ctx = Context(as_of=DATES[0])
    everything = run_rules(reg, ctx, ["load", "lint"])
    assert about(everything, "ABM004") == [(
        "registry/accounts/emea.yaml", 2, "northwind",
        "the suppression of ABM105 expired on 2026-09-30 (reason was: merger review); fix the "
        "finding or renew the suppression with a new date")]
    chosen = run_rules(reg, ctx, ["load", "lint"], select, ignore)
    assert about(chosen, "ABM004") == about(everything, "ABM004")
    assert [f.code for f in chosen if f.code.startswith("ABM1")] == (
        ["ABM105"] if select and "ABM1" in select else [])


@pytest.mark.parametrize(("until", "reviewed", "lint_yaml"), [
    ("2026-11-23", OVERDUE, ""),  # in force to the end of its day: it hides ABM105
    ("2026-09-30", RECENT, ""),  # expired, but ABM105 has nothing there to report again
    ("2026-09-30", OVERDUE, "ignore: [ABM105]\n"),  # the team does not check ABM105 at all
    ("2026-09-30", OVERDUE, "ignore: [ABM004]\n"),
])
def test_no_selection_reports_an_abm004_a_full_run_does_not(
    registry_root: Path, until: str, reviewed: str, lint_yaml: str
) -> None:
    reg = suppressed(registry_root, until=until, reviewed=reviewed)
    write(registry_root, "rules/lint.yaml", lint_yaml or "ignore: []\n")
    reg = load_registry(registry_root)
    ctx = Context(as_of=DATES[0])
    for select, ignore in [([], []), *NARROWINGS]:
        assert about(run_rules(reg, ctx, ["load", "lint"], select, ignore), "ABM004") == []


def test_ignoring_abm004_drops_it_even_when_the_finding_comes_back(registry_root: Path) -> None:
    reg = suppressed(registry_root, until="2026-09-30", reviewed=OVERDUE)
    found = run_rules(reg, Context(as_of=DATES[0]), ["load", "lint"], ignore=["ABM004"])
    assert [f.code for f in found if f.code in ("ABM004", "ABM105")] == ["ABM105"]


@pytest.mark.parametrize(("select", "ignore"), [
    (["ABM007"], []), (["ABM0"], []), ([], ["ABM105"]), (["ABM2", "ABM007"], []),
])
def test_a_suppression_of_a_rule_left_out_is_never_called_unused(
    registry_root: Path, select: list[str], ignore: list[str]
) -> None:
    # in force and hiding ABM105's finding: used, though this run does not check ABM105
    reg = suppressed(registry_root, until="2027-01-15", reviewed=OVERDUE)
    ctx = Context(as_of=DATES[0])
    assert about(run_rules(reg, ctx, ["load", "lint"]), "ABM007") == []
    assert about(run_rules(reg, ctx, ["load", "lint"], select, ignore), "ABM007") == []


@pytest.mark.parametrize(("select", "ignore"), [([], []), (["ABM105", "ABM007"], []),
                                                ([], ["ABM2"])])
def test_a_suppression_that_hides_nothing_is_unused_when_its_rule_ran(
    registry_root: Path, select: list[str], ignore: list[str]
) -> None:
    reg = suppressed(registry_root, until="2027-01-15", reviewed=RECENT)
    found = run_rules(reg, Context(as_of=DATES[0]), ["load", "lint"], select, ignore)
    assert [(path, line) for path, line, _, _ in about(found, "ABM007")] == [
        ("registry/accounts/emea.yaml", 2)]


UNUSED_NARROWINGS = [(["ABM007"], []), (["abm0"], []), ([], ["ABM105"]),
                     (["ABM007"], ["ABM105"]), (["ABM1", "ABM007"], []), (["ABM2", "ABM0"], [])]


@pytest.mark.parametrize(("select", "ignore"), UNUSED_NARROWINGS)
@pytest.mark.parametrize("lint_yaml", ["", "ignore: [ABM105]\n"])
def test_a_suppression_that_hides_nothing_is_reported_whichever_rules_are_shown(
    registry_root: Path, select: list[str], ignore: list[str], lint_yaml: str
) -> None:
    """ABM007 under --select/--ignore is the full run's: the rule the suppression names is
    run to judge it, even when its own findings are not shown; a rule lint.yaml switches off
    is judged by neither."""
    suppressed(registry_root, until="2027-03-31", reviewed=RECENT)  # ABM105: nothing here
    write(registry_root, "rules/lint.yaml", lint_yaml or "ignore: []\n")
    reg = load_registry(registry_root)
    ctx = Context(as_of=DATES[0])
    everything = run_rules(reg, ctx, ["load", "lint"])
    unused = about(everything, "ABM007")
    assert len(unused) == (0 if lint_yaml else 1)
    assert about(run_rules(reg, ctx, ["load", "lint"], select, ignore), "ABM007") == unused
