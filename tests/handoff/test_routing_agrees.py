"""One routing for every report (engine/owners.py): the handoff's route, the packet's advice
and the teams overlap's ABM605 tells are the same people, whatever `routing` says."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import run_rules
from tests.handoff.builders import AS_OF, account, activity, crossing_rows, make_registry, run
from tests.handoff.builders import packet_of as packet
from tests.support.registry import write

TEAM_OF = {"ana.lima": "sales", "raj.patel": "sdr", "mei.chen": "abm"}


@pytest.mark.parametrize(("rule", "to", "advice"), [
    ("{to: ae, alert: [abm]}", "ae", "the AE reaches out directly"),
    ("{to: sdr, alert: [ae, abm]}", "sdr", "SDR outreach starts"),
    ("{to: abm, alert: [ae]}", "abm", "ABM follows up"),
    ("{to: standard, alert: [sdr]}", "standard", "the standard lead process"),
])
def test_the_route_the_packet_and_abm605_name_the_same_people(
    tmp_path: Path, rule: str, to: str, advice: str
) -> None:
    write(tmp_path, "rules/engagement.yaml", f"routing:\n  2: {rule}\n")
    reg = make_registry(tmp_path, account(tier=2))
    [handoff] = run(reg, crossing_rows())
    route = handoff.route
    assert route.to == to
    assert f"Tier 2, 1:few: {advice}" in packet(handoff).suggested_approach
    people = [p for p in (route.person, *route.alert) if p is not None]
    ctx = Context(as_of=AS_OF, activity=activity(*crossing_rows()))
    [cluster] = [f for f in run_rules(reg, ctx, ["overlap"]) if f.code == "ABM605"]
    assert set(cluster.teams) == {TEAM_OF[p] for p in people}
