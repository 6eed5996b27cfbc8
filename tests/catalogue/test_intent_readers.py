"""The rules that look at `Context.intent` say so (`@rule(..., reads_intent=True)`), and keep
to the accounts a run shows (`Context.accounts`): `abmctl explain` then works out one intent
of ten thousand. A rule that reads intent without saying so fails here, and so does one said
to read the registry only (`runner.registry_rules`) that looks at more."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from abmctl.catalogue import catalogue
from abmctl.catalogue.base import Context
from abmctl.engine.activity import Activity
from abmctl.load.registry_files import load_registry
from tests.catalogue.builders import AS_OF, accounts_file
from tests.catalogue.test_tier_rules import TEAMS, TIERS, t1
from tests.support.registry import write


class Watched(dict[str, int]):
    """Intents by account id that note every look at them."""

    def __init__(self, scores: dict[str, int]) -> None:
        super().__init__(scores)
        self.looked = False

    def __getitem__(self, key: str) -> int:
        self.looked = True
        return super().__getitem__(key)

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        self.looked = True
        return super().get(key, default)

    def __contains__(self, key: object) -> bool:
        self.looked = True
        return super().__contains__(key)

    def __iter__(self) -> Iterator[str]:
        self.looked = True
        return super().__iter__()

    def __len__(self) -> int:
        self.looked = True
        return super().__len__()


@pytest.mark.parametrize("activity", [None, Activity()], ids=["no activity", "activity"])
def test_a_rule_reads_intent_only_when_it_says_so(registry_root: Path,
                                                   activity: Activity | None) -> None:
    write(registry_root, "registry/teams.yaml", TEAMS)
    write(registry_root, "rules/tiers.yaml", TIERS)
    # tier 1 and 2 accounts each rule that reads intent judges: below keep, high intent
    accounts_file(registry_root, t1("northwind", scores="{fit: 60}"),
                  t1("contoso", tier="2", scores="{fit: 59}"),
                  t1("fabrikam", tier="3", owners=None))
    reg = load_registry(registry_root)
    readers: list[str] = []
    for code, rule in catalogue().items():
        intent = Watched({"northwind": 10, "contoso": 90, "fabrikam": 0})
        list(rule(reg, Context(as_of=AS_OF, intent=intent, activity=activity)))
        if intent.looked:
            readers.append(code)
    flagged = [code for code, rule in catalogue().items() if rule.reads_intent]
    assert readers == flagged
    assert flagged == ["ABM204", "ABM206"]  # the fixture reaches each reader's intent


class Looking(Context):
    """A rule context that notes which of the run's facts beyond the registry a rule reads."""

    looked: set[str]

    def __getattribute__(self, name: str) -> object:
        if name in ("intent", "activity", "stale"):
            object.__getattribute__(self, "looked").add(name)
        return object.__getattribute__(self, name)


def looking(**given: object) -> Looking:
    ctx = Looking(as_of=AS_OF, **given)  # type: ignore[arg-type]
    object.__setattr__(ctx, "looked", set())
    return ctx


EXAMPLE = Path(__file__).resolve().parents[2]  # the repo's own example registry


@pytest.mark.parametrize("root", ["fixture", "example"])
def test_rules_said_to_read_the_registry_only_read_nothing_else(registry_root: Path,
                                                                 root: str) -> None:
    """What `runner.registry_rules` runs before the activity is read (`abmctl explain` has a
    child process do it) must not look at activity, staleness or intent."""
    if root == "fixture":
        write(registry_root, "registry/teams.yaml", TEAMS)
        write(registry_root, "rules/tiers.yaml", TIERS)
        accounts_file(registry_root, t1("northwind", scores="{fit: 60}"),
                      t1("contoso", tier="2", scores="{fit: 59}"))
    reg = load_registry(registry_root if root == "fixture" else EXAMPLE)
    readers = []
    for code, rule in catalogue().items():
        ctx = looking(intent={"northwind": 10}, activity=Activity(), stale=None)
        list(rule(reg, ctx))
        if ctx.looked:
            readers.append(code)
    assert readers  # the watch sees the rules that do read them
    assert not [code for code in readers if catalogue()[code].reads_registry_only]


def test_findings_made_early_are_the_findings_a_run_makes(registry_root: Path) -> None:
    from abmctl.catalogue.runner import registry_rules
    from abmctl.commands.lint import LINT_FAMILIES, lint_findings
    from abmctl.commands.options import build_context
    from abmctl.load.activity_reader import read_activity_files

    reg = load_registry(EXAMPLE)
    activity = read_activity_files([EXAMPLE / "registry" / "signals"], reg, root=EXAMPLE)
    ctx = build_context(reg, AS_OF, activity)
    made = registry_rules(reg, AS_OF, LINT_FAMILIES)
    assert "ABM204" not in made and "ABM101" in made  # intent readers are left to the run
    found = lint_findings(reg, ctx)
    assert found and lint_findings(reg, ctx, made=made) == found
    # and what was made is what is used: a finding made early shows in the run
    planted = {**made, "ABM101": [*made["ABM101"], found[0]]}
    assert len(lint_findings(reg, ctx, made=planted)) == len(found) + 1


class Asked(dict[str, int]):
    """Intents by account id that note which accounts were asked for."""

    def __init__(self, scores: dict[str, int]) -> None:
        super().__init__(scores)
        self.asked: set[str] = set()

    def __getitem__(self, key: str) -> int:
        self.asked.add(key)
        return super().__getitem__(key)

    def get(self, key: str, default: object = None) -> object:  # type: ignore[override]
        self.asked.add(key)
        return super().get(key, default)


def test_intent_rules_keep_to_the_accounts_a_run_shows(registry_root: Path) -> None:
    """`Context.accounts`: ABM204 and ABM206 judge those accounts alone, with the very findings
    a whole run makes about them, and look at no other account's intent."""
    write(registry_root, "registry/teams.yaml", TEAMS)
    write(registry_root, "rules/tiers.yaml", TIERS)
    accounts_file(registry_root, t1("northwind", scores="{fit: 60}"),
                  t1("contoso", tier="2", scores="{fit: 59}"),
                  t1("wingtip", tier="2", scores="{fit: 50}"),
                  t1("fabrikam", tier="3", owners=None))
    reg = load_registry(registry_root)
    scores = {"northwind": 10, "contoso": 90, "wingtip": 95, "fabrikam": 0}
    rules = [rule for rule in catalogue().values() if rule.reads_intent]
    whole = {rule.code: list(rule(reg, Context(as_of=AS_OF, intent=scores))) for rule in rules}
    assert {f.account for found in whole.values() for f in found} >= {"northwind", "contoso",
                                                                     "wingtip"}
    for shown in ({"contoso"}, {"northwind", "fabrikam"}, set()):
        intent = Asked(scores)
        ctx = Context(as_of=AS_OF, intent=intent, accounts=frozenset(shown))
        for rule in rules:
            assert list(rule(reg, ctx)) == [f for f in whole[rule.code] if f.account in shown]
        assert intent.asked <= shown
