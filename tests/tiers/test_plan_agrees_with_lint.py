"""`tiers plan` and `lint` ask the same engine (owners, caps, standing): a plan admits exactly
the promotions that lint would pass once applied, and demotes exactly what ABM204 flags."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import run_rules
from abmctl.findings import Finding
from abmctl.load.registry_files import load_registry
from tests.tiers.builders import account, make_registry, plan_for

IN_WINDOW = date(2026, 10, 5)


def lint(root: Path, code: str) -> list[Finding]:
    reg = load_registry(root)
    return [f for f in run_rules(reg, Context(as_of=IN_WINDOW), ["lint"]) if f.code == code]


def applied(root: Path, ident: str, tier: int) -> None:
    """What `tiers apply` would write for `ident`: the new tier, tier_since in the window."""
    path = root / "registry/accounts/a.yaml"
    text = path.read_text()
    start = text.index(f"  - id: {ident}\n")
    head, rest = text[:start], text[start:]
    rest = rest.replace("    tier: 2\n    tier_since: 2026-07-01\n",
                        f"    tier: {tier}\n    tier_since: {IN_WINDOW}\n", 1)
    path.write_text(head + rest)


# ana: the tier's max_per_ae (2); cyd: her own capacity {1: 1} in teams.yaml
@pytest.mark.parametrize(("ae", "owned", "cap"), [
    ("ana", 1, 2), ("ana", 2, 2),   # at the cap once promoted, and one over it
    ("cyd", 0, 1), ("cyd", 1, 1),
])
def test_the_plan_holds_exactly_the_promotion_abm203_would_flag(
    tmp_path: Path, ae: str, owned: int, cap: int
) -> None:
    sitting = [account(f"{ae}-{n}", 1, 90, 90, ae=ae) for n in range(owned)]
    make_registry(tmp_path, {"a.yaml": [*sitting, account("rising", 2, 90, 90, ae=ae)]})
    plan = plan_for(tmp_path, IN_WINDOW)
    held = [h.reason for h in plan.held]
    assert lint(tmp_path, "ABM203") == []
    applied(tmp_path, "rising", 1)
    flagged = lint(tmp_path, "ABM203")
    assert bool(held) == bool(flagged) == (owned + 1 > cap)
    if held:  # both name the same cap
        assert held == [f"AE {ae} at capacity for tier 1 ({cap})"]
        assert f"their cap is {cap} " in flagged[0].message


TIERS_WITH_OWNERS = """
review: {cadence: quarterly, window_days: 14}
tiers:
  - {id: 1, name: Strategic, motion: one_to_one, requires: [ae, abm],
     promote: {fit: 80, intent: 60}, keep: {fit: 70, intent: 30}}
  - {id: 2, name: Scaled, motion: one_to_few, requires: [ae], promote: {fit: 70},
     keep: {fit: 60}}
  - {id: 3, name: Programmatic, motion: one_to_many, promote: {fit: 50}, keep: {fit: 40}}
"""


@pytest.mark.parametrize(("owners", "missing"), [
    ("{ae: ana}", ["abm"]), ("{ae: ana, abm: ben}", []),
])
def test_the_plan_holds_exactly_the_promotion_abm201_would_flag(
    tmp_path: Path, owners: str, missing: list[str]
) -> None:
    item = account("rising", 2, 90, 90).replace("    owners: {ae: ana}", f"    owners: {owners}")
    make_registry(tmp_path, {"a.yaml": [item]}, TIERS_WITH_OWNERS)
    plan = plan_for(tmp_path, IN_WINDOW)
    applied(tmp_path, "rising", 1)
    flagged = [f.message.split("named ")[1].split(" ")[0] for f in lint(tmp_path, "ABM201")]
    assert flagged == missing
    assert [h.reason for h in plan.held] == (
        [f"tier 1 requires a named {' and '.join(missing)} owner (ABM201): name one under "
         "owners to release it"] if missing else [])


@pytest.mark.parametrize(("fit", "demoted"), [(60, False), (59, True)])  # tier 2 keeps fit 60
def test_the_plan_demotes_exactly_what_abm204_flags_in_the_same_words(
    tmp_path: Path, fit: int, demoted: bool
) -> None:
    make_registry(tmp_path, {"a.yaml": [account("slipping", 2, fit)]})
    plan = plan_for(tmp_path, IN_WINDOW)
    flagged = lint(tmp_path, "ABM204")
    assert [m.account for m in plan.changes] == (["slipping"] if demoted else [])
    assert len(flagged) == demoted
    if demoted:  # "slipping: fails tier 2 keep: fit 59 < 60" opens the plan's reason
        assert flagged[0].message == f"slipping: {plan.changes[0].reason.split(';')[0]}"
