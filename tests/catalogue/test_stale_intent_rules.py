"""ABM204 and ABM206 do not judge intent on stale activity (SPEC §2.3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import run_rules
from abmctl.load.registry_files import load_registry
from tests.catalogue.builders import AS_OF, accounts_file
from tests.catalogue.test_tier_rules import TEAMS, TIERS, t1
from tests.support.registry import write

STALE = "activity is stale: newest row 2015-07-19, 4,145 days before 2026-11-23"


@pytest.fixture
def root(registry_root: Path) -> Path:
    write(registry_root, "registry/teams.yaml", TEAMS)
    write(registry_root, "rules/tiers.yaml", TIERS)
    return registry_root


def codes(root: Path, intent: dict[str, int], stale: str | None) -> list[str]:
    ctx = Context(as_of=AS_OF, intent=intent, stale=stale)
    return [f.message for f in run_rules(load_registry(root), ctx, ["lint"])
            if f.code in ("ABM204", "ABM206")]


def test_abm204_judges_the_other_keep_thresholds_but_not_intent(root: Path) -> None:
    accounts_file(root, t1("northwind", scores="{fit: 90}"), t1("contoso", scores="{fit: 60}"))
    assert codes(root, {"northwind": 0, "contoso": 0}, None) == [
        "northwind: fails tier 1 keep: intent 0 < 30",
        "contoso: fails tier 1 keep: fit 60 < 70, intent 0 < 30"]
    assert codes(root, {"northwind": 0, "contoso": 0}, STALE) == [
        "contoso: fails tier 1 keep: fit 60 < 70"]


def test_abm206_is_not_judged_on_stale_activity(root: Path) -> None:
    accounts_file(root, t1("northwind", tier="2", scores="{fit: 59}"))
    fresh = codes(root, {"northwind": 90}, None)
    assert [m for m in fresh if "demand gen lead" in m] == [
        "northwind: intent 90 (≥ 40) but fit 59 (< 60) in tier 2: a demand gen lead, not an "
        "ABM target"]
    assert codes(root, {"northwind": 90}, STALE) == ["northwind: fails tier 2 keep: fit 59 < 60"]
