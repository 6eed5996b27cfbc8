"""Review: ABM004/ABM007 judged as a full run judges them, whichever rules --select/--ignore
show, on suppressions naming several codes, activity rules, overlap codes and ABM209, under
several rules/lint.yaml files; and `lint --fix` of an expired comment that hides nothing."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import run_rules
from abmctl.commands.options import RegistryOptions, build_context, read_activity
from abmctl.findings import Finding
from abmctl.load.registry_files import load_registry
from abmctl.registry import Registry
from tests.support.cli import invoke
from tests.support.registry import write, write_registry

AS_OF = date(2026, 11, 23)
ACCOUNT = """
  - id: {id}  # abmctl: ignore[{codes}] until={until} reason="agreed"
    name: {id}
    domains: [{id}.com]
    tier: 3
    sources: [marketing, sales]
    reviewed: {reviewed}
"""
OVERDUE, RECENT = "2025-01-01", "2026-11-01"  # ABM105 reports the first on AS_OF
EXPIRED, IN_FORCE = "2026-09-30", "2027-09-30"
# id, codes, until, reviewed: every tier-3 account here fails ABM204 (fit 0 < 40)
CASES = [
    ("two-codes-one-used", "ABM105, ABM104", EXPIRED, OVERDUE),
    ("expired-hides-nothing", "ABM105", EXPIRED, RECENT),
    ("in-force-used", "ABM105", IN_FORCE, OVERDUE),
    ("activity-rule-expired", "ABM503", EXPIRED, RECENT),
    ("activity-rule-in-force", "ABM503", IN_FORCE, RECENT),
    ("overlap-code", "ABM601, ABM105", EXPIRED, RECENT),
    ("intent-rules", "ABM206, ABM204", EXPIRED, RECENT),
    ("tiers-diff-code", "ABM209", EXPIRED, RECENT),
    ("in-force-unused", "ABM104", IN_FORCE, RECENT),
]
LINT_FILES = ["ignore: []\n", "ignore: [ABM105]\n", "select: [ABM1, ABM0]\n",
              "severity: {ABM007: error, ABM004: info}\n", "ignore: [ABM004]\n",
              "ignore: [ABM5]\n"]
NARROWINGS = [([], []), (["ABM004"], []), (["ABM007"], []), (["ABM0"], []), ([], ["ABM105"]),
              ([], ["ABM1"]), ([], ["ABM2"]), (["ABM004", "ABM007"], []),
              (["ABM1", "ABM007"], []), ([], ["ABM503"]), ([], ["ABM204"]), (["ABM105"], [])]
JUDGED_BY_SUPPRESSIONS = ("ABM004", "ABM007")


def registry(root: Path, lint_yaml: str) -> Registry:
    write_registry(root, {"registry/accounts/emea.yaml": "accounts:" + "".join(
        ACCOUNT.format(id=name, codes=codes, until=until, reviewed=reviewed)
        for name, codes, until, reviewed in CASES)})
    write(root, "registry/signals/activity.csv",
          "occurred_at,account,type,contact,detail,score,sentiment,source\n"
          "2026-11-01T00:00:00Z,two-codes-one-used.com,third_party_intent,,x,75,,bombora\n")
    write(root, "rules/lint.yaml", lint_yaml)
    return load_registry(root)


def key(found: list[Finding], codes: tuple[str, ...]) -> list[tuple[str, int | None, str, str]]:
    return sorted((f.code, f.line, f.severity, f.message) for f in found if f.code in codes)


@pytest.mark.parametrize("lint_yaml", LINT_FILES)
def test_abm004_and_abm007_under_a_narrowing_are_the_full_runs(registry_root: Path,
                                                                lint_yaml: str) -> None:
    reg = registry(registry_root, lint_yaml)
    activity = read_activity(reg, RegistryOptions())
    for ctx in (build_context(reg, AS_OF, activity), Context(as_of=AS_OF)):
        full = run_rules(reg, ctx, ["load", "lint"])
        for select, ignore in NARROWINGS:
            if select and not set(select) & {"ABM0", "ABM004", "ABM007"}:
                continue  # neither shown: nothing to compare
            chosen = run_rules(reg, ctx, ["load", "lint"], select, ignore)
            for code in JUDGED_BY_SUPPRESSIONS:
                shown = not ignore or code not in ignore
                if shown and (not select or any(code.startswith(s) for s in select)):
                    assert key(chosen, (code,)) == key(full, (code,)), (select, ignore, code)


def test_what_the_full_run_says_of_each_comment(registry_root: Path) -> None:
    reg = registry(registry_root, "ignore: []\n")
    with_activity = build_context(reg, AS_OF, read_activity(reg, RegistryOptions()))
    lines = {name: 2 + 7 * n for n, (name, *_) in enumerate(CASES)}

    def said(ctx: Context) -> set[tuple[str, str, str]]:
        by_line = {line: name for name, line in lines.items()}
        return {(f.code, by_line[f.line or 0], f.message.split(" ")[3])
                for f in run_rules(reg, ctx, ["load", "lint"])
                if f.code in JUDGED_BY_SUPPRESSIONS}

    without = {
        ("ABM004", "two-codes-one-used", "ABM105"),  # back, and the comment has run out
        ("ABM007", "two-codes-one-used", "ABM104"),  # expired and hiding nothing
        ("ABM007", "expired-hides-nothing", "ABM105"),
        ("ABM007", "overlap-code", "ABM105"),  # ABM601 is not lint's: not judged
        ("ABM004", "intent-rules", "ABM204"),
        ("ABM007", "intent-rules", "ABM206"),
        ("ABM007", "in-force-unused", "ABM104"),
    }
    assert said(Context(as_of=AS_OF)) == without
    # ABM503 needs activity: judged only with it (whether or not the comment has run out)
    assert said(with_activity) == without | {("ABM007", "activity-rule-expired", "ABM503"),
                                             ("ABM007", "activity-rule-in-force", "ABM503")}


def test_fix_drops_the_expired_code_that_hides_nothing_and_keeps_the_rest(
    registry_root: Path,
) -> None:
    path = write(registry_root, "registry/accounts/emea.yaml", """
        accounts:
          - id: northwind  # abmctl: ignore[ABM105, ABM104] until=2026-09-30 reason="merger, Q3"
            name: Northwind
            domains: [northwind.com]
            tier: 3
            sources: [marketing, sales]
            reviewed: 2025-01-01
          - id: contoso  # owners agreed  # abmctl: ignore[ABM105] until=2026-09-30 reason="x"
            name: Contoso
            domains: [contoso.com]
            tier: 3
            sources: [marketing, sales]
            reviewed: 2026-11-01
    """)
    write_registry(registry_root)
    before = path.read_text(encoding="utf-8").splitlines()
    done = invoke("lint", "--root", str(registry_root), "--as-of", "2026-11-23", "--fix",
                  "--select", "ABM007", "--no-registry-signals")
    assert done.returncode == 0, done.stderr
    after = path.read_text(encoding="utf-8").splitlines()
    assert after[1] == ('  - id: northwind  # abmctl: ignore[ABM105] until=2026-09-30 '
                        'reason="merger, Q3"')
    assert after[7] == "  - id: contoso  # owners agreed"
    assert [line for n, line in enumerate(after) if n not in (1, 7)] == [
        line for n, line in enumerate(before) if n not in (1, 7)]
    again = invoke("lint", "--root", str(registry_root), "--as-of", "2026-11-23",
                   "--select", "ABM0", "--format", "json", "--no-registry-signals")
    assert '"ABM004"' in again.stdout and '"ABM007"' not in again.stdout
