"""The rules that look at `Context.intent` say so (`@rule(..., reads_intent=True)`): the runner
runs them after the others, while the intents may still be on their way from a child process
(`options.build_context(beside=True)`). A rule that reads intent without saying so fails here."""

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
