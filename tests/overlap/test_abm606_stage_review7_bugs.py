"""ABM606 blames a missed hot-account call that `handoff` never asked for (review 7, H-SPEC).

SPEC §2.4: `hot` is a handoff only "while stage is not active, expand or off the motion" (the AE
already owns an active deal; customer success owns an expand account), and docs/reference.md
(SLA) says "The scorecard's follow-up rate and ABM606 read the same follow-ups, so they agree
with `handoff`". But ABM606 (catalogue/overlap.py `_not_followed`) judges every hot crossing of
an account that is on the motion at the crossing, whatever its stage: for an `active` or
`expand` account `abmctl handoff` lists nothing, while `abmctl overlap` reports an ABM606 error
(exit 1) that the AE did not call within 24 h.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"


@pytest.mark.parametrize("stage", ["active", "expand"])
def test_abm606_agrees_with_handoff_on_accounts_past_the_handoff(
    tmp_path: Path, stage: str,
) -> None:
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, "registry/accounts/all.yaml",
          "accounts:\n  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1, "
          "tier_since: 2026-10-01, region: emea, "
          "owners: {ae: ana.lima, sdr: raj.patel, abm: mei.chen}, "
          f"stage: {stage}, stage_since: 2026-10-01}}\n")
    (tmp_path / "registry/signals").mkdir(parents=True)
    (tmp_path / "registry/signals/activity.csv").write_text(HEADER + "".join(
        f"2026-11-0{n},northwind.com,event_registration,c{n}@x.com,ev,,,t\n"
        for n in range(1, 5)), encoding="utf-8")
    root = str(tmp_path)
    handoff = invoke("handoff", "--root", root, "--as-of", "2026-11-06", "--format", "json")
    assert json.loads(handoff.stdout)["handoffs"] == []  # no hot handoff: nobody is asked
    overlap = invoke("overlap", "--root", root, "--as-of", "2026-11-06", "--format", "json")
    codes = [c["code"] for c in json.loads(overlap.stdout)["conflicts"]]
    assert "ABM606" not in codes
