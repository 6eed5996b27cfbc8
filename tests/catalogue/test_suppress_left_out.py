"""A suppression on a record that does not load (ABM001/ABM002: the record is left out of the
run) is not judged: no rule checked that record, so it is not ABM007's ("hides nothing"), and
`lint --fix` leaves the comment. Once the record loads it is judged as any other."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.registry import write, write_registry

AS_OF = "2026-11-23"
ACCOUNTS = "registry/accounts/emea.yaml"
# northwind's comment (line 2) names ABM105, which reports nothing on a review of 2026-11-01
NORTHWIND = """\
accounts:
  - id: northwind  # abmctl: ignore[ABM105]{until} reason="review after the merger"
    name: Northwind
    domains: [northwind.com]
    tier: {tier}
    sources: [marketing, sales]
    reviewed: {reviewed}
{fault}  - id: contoso
    name: Contoso
    domains: [contoso.com]
    tier: 3
    sources: [marketing, sales]
    reviewed: 2026-11-01
{other}"""
UNKNOWN_KEY = "    favourite_colour: teal\n"  # ABM002, and no key it could be a typo of
RECENT, OVERDUE = "2026-11-01", "2025-01-01"  # ABM105 reports the second on AS_OF
SUPPRESSIONS = ("ABM004", "ABM007")
SHOWN = ("ABM002", "ABM105", *SUPPRESSIONS)  # the fault, the rule suppressed, the judgements


def northwind(fault: str = "", *, tier: str = "3", reviewed: str = RECENT,
              until: str = "", other: str = "") -> str:
    """The file; `fault` is written in northwind's record, `other` in contoso's."""
    return NORTHWIND.format(fault=fault, tier=tier, reviewed=reviewed, other=other,
                            until=f" until={until}" if until else "")


def lint_json(root: Path, *args: str) -> list[dict[str, object]]:
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json", *args)
    assert done.returncode in (0, 1), done.stdout + done.stderr
    found: list[dict[str, object]] = json.loads(done.stdout)["findings"]
    return found


def codes(found: list[dict[str, object]]) -> list[tuple[object, object]]:
    """Where the fault, ABM105 and the suppression's judgements are (other rules left)."""
    return sorted((f["code"], f["line"]) for f in found if f["code"] in SHOWN)


def test_a_suppression_on_a_record_with_an_unknown_key_is_not_unused_and_fix_keeps_it(
        registry_root: Path) -> None:
    path = write(registry_root, ACCOUNTS, northwind(UNKNOWN_KEY))
    before = path.read_bytes()
    found = lint_json(registry_root)
    assert codes(found) == [("ABM002", 8)]  # the fault; nothing about the comment on line 2
    done = invoke("lint", "--root", str(registry_root), "--as-of", AS_OF, "--fix")
    assert done.returncode == 1
    assert path.read_bytes() == before  # byte for byte
    assert "ABM007" not in done.stdout + done.stderr  # neither reported nor "not fixed"
    assert "fixed" not in done.stderr


def test_once_the_record_loads_the_same_suppression_is_judged(registry_root: Path) -> None:
    path = write(registry_root, ACCOUNTS, northwind(UNKNOWN_KEY))
    path.write_text(path.read_text(encoding="utf-8").replace(UNKNOWN_KEY, ""),
                    encoding="utf-8")  # the fault mended: northwind loads
    assert codes(lint_json(registry_root)) == [("ABM007", 2)]  # ABM105 reports nothing there
    # it is the finding that makes the difference: an overdue review is hidden, not unused
    write(registry_root, ACCOUNTS, northwind(reviewed=OVERDUE))
    assert codes(lint_json(registry_root)) == []
    # and `--fix` removes the unused one once the record loads
    write(registry_root, ACCOUNTS, northwind())
    invoke("lint", "--root", str(registry_root), "--as-of", AS_OF, "--fix")
    assert "abmctl:" not in path.read_text(encoding="utf-8")


def test_a_suppression_on_a_record_that_loads_beside_one_that_does_not_is_still_unused(
        registry_root: Path) -> None:
    # contoso has the fault; northwind (with the comment) loads, and ABM105 finds nothing
    write(registry_root, ACCOUNTS, northwind(other=UNKNOWN_KEY))
    assert codes(lint_json(registry_root)) == [("ABM002", 14), ("ABM007", 2)]
    write(registry_root, ACCOUNTS, northwind())  # and on a registry where all loads
    (item,) = [f for f in lint_json(registry_root) if f["code"] in SHOWN]
    assert (item["code"], item["line"], item["message"]) == (
        "ABM007", 2, "the suppression of ABM105 hides nothing: ABM105 reports nothing here; "
        "delete it from the comment")


def test_what_the_user_reads_names_the_fault_and_no_unused_comment(
        registry_root: Path) -> None:
    write(registry_root, ACCOUNTS, northwind(UNKNOWN_KEY))
    found = lint_json(registry_root)
    (item,) = [f for f in found if f["line"] == 8]
    assert [f for f in found if f["line"] == 2] == []  # nothing said of the comment
    assert item["message"] == ("account 1 (id: northwind): unknown key 'favourite_colour' "
                               "(notes of your own go under an 'x-' key)")
    done = invoke("lint", "--root", str(registry_root), "--as-of", AS_OF)
    assert "hides nothing" not in done.stdout
    assert "delete it from the comment" not in done.stdout
    assert "unknown key 'favourite_colour'" in done.stdout


PLAY = """\
id: q1-push  # abmctl: ignore[ABM105] reason="review after the merger"
name: Q1 push
owner: {team}
tier: 1
accounts: []
start: 2026-01-01
end: 2026-03-01
"""
# each way a record (or a file of records) is left out, the comment on its first line
LEFT_OUT = {
    "a wrong type": (ACCOUNTS, northwind(tier='"three"')),
    "an unknown key": (ACCOUNTS, northwind(UNKNOWN_KEY)),
    "a key beside accounts:": (ACCOUNTS, "owner: mei.chen\n" + northwind()),
    "a misspelt accounts:": (ACCOUNTS, northwind().replace("accounts:", "acounts:")),
    "teams.yaml with a key of its own": ("registry/teams.yaml", """\
territories: [emea]
teams:
  - {id: abm, kind: abm}  # abmctl: ignore[ABM105] reason="review after the merger"
people: []
owner: mei.chen
"""),
    "a person": ("registry/teams.yaml", """\
territories: [emea]
teams:
  - {id: abm, kind: abm}
people:
  - id: mei.chen  # abmctl: ignore[ABM105] reason="review after the merger"
    name: Mei Chen
    team: abm
    role: abm
    territories: emea
"""),
    "a play file": ("registry/plays/q1.yaml", PLAY.format(team="abm") + "favourite_colour: teal\n"),
    "a rules file": ("rules/lint.yaml", "ignore: [ABM9]  # abmctl: ignore[ABM105]\nfoo: 1\n"),
}
NARROWINGS = [(), ("--select", "ABM007"), ("--select", "ABM0"), ("--ignore", "ABM105"),
              ("--select", "ABM004,ABM007", "--ignore", "ABM1")]


@pytest.mark.parametrize("case", LEFT_OUT)
@pytest.mark.parametrize("narrowing", NARROWINGS)
def test_no_record_left_out_has_its_suppression_judged(registry_root: Path, case: str,
                                                       narrowing: tuple[str, ...]) -> None:
    rel, text = LEFT_OUT[case]
    if rel == "registry/teams.yaml":
        write_registry(registry_root, teams=text)
    else:
        write(registry_root, rel, text)
    found = lint_json(registry_root, *narrowing)
    assert [f for f in found if f["code"] in SUPPRESSIONS] == []
    assert any(f["code"] == "ABM002" for f in lint_json(registry_root)), case


@pytest.mark.parametrize("narrowing", NARROWINGS)
def test_an_expired_suppression_on_a_record_left_out_is_neither_expired_nor_unused(
        registry_root: Path, narrowing: tuple[str, ...]) -> None:
    write(registry_root, ACCOUNTS, northwind(UNKNOWN_KEY, until="2026-09-30"))
    assert [f for f in lint_json(registry_root, *narrowing) if f["code"] in SUPPRESSIONS] == []
    # once it loads: ABM105's finding is back (ABM004 beside it), or there is none (ABM007)
    write(registry_root, ACCOUNTS, northwind(until="2026-09-30", reviewed=OVERDUE))
    assert [(f["code"], f["line"]) for f in lint_json(registry_root)
            if f["code"] in SUPPRESSIONS] == [("ABM004", 2)]
    write(registry_root, ACCOUNTS, northwind(until="2026-09-30"))
    assert codes(lint_json(registry_root)) == [("ABM007", 2)]


def test_a_record_the_reports_leave_out_has_its_suppression_judged_by_none(
        registry_root: Path) -> None:
    """`abmctl report` and `explain` count lint's findings on what loads: a play of a team
    nobody defined (ABM003) is left out there, so its comment is not judged either."""
    from datetime import date

    from abmctl.catalogue.base import Context
    from abmctl.catalogue.runner import run_rules
    from abmctl.load.left_out import what_loads
    from abmctl.load.registry_files import load_registry

    ctx = Context(as_of=date.fromisoformat(AS_OF))
    write(registry_root, "registry/plays/q1.yaml", PLAY.format(team="abm"))
    reg, _ = what_loads(load_registry(registry_root))
    assert [f.line for f in run_rules(reg, ctx, ["load", "lint"]) if f.code == "ABM007"] == [1]
    write(registry_root, "registry/plays/q1.yaml", PLAY.format(team="marketing"))
    reg, excluded = what_loads(load_registry(registry_root))
    assert [e.code for e in excluded] == ["ABM003"]
    assert [f for f in run_rules(reg, ctx, ["load", "lint"]) if f.code in SUPPRESSIONS] == []
