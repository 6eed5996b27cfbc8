"""rules/engagement.yaml: a key left out takes its default (review 7, H-SPEC).

SPEC §1: "Every rules/*.yaml file is optional. A missing file, or a missing key, takes the
built-in default given below"; docs/reference.md lists `routing.<tier>.to` / `.alert` and
`cadences` with a default per tier / per partner kind, and says nothing of a partial map
replacing the rest (it says so only of `tiers`: "giving tiers replaces all three").

Today `EngagementSettings.routing` and `.cadences` (model/settings.py) are plain dicts whose
defaults apply only when the whole key is absent, so a team that changes one tier's routing or
one partner's cadence silently loses every other default:

- `routing: {1: {to: sdr, alert: [abm]}}` sends a Tier 2 crossing to `standard` (no person)
  instead of the account's SDR with its AE and ABM told;
- `cadences: {sales: biweekly}` drops the events partner's monthly cadence, so an events
  agreement synced quarterly is no longer ABM402 (nor counted overdue at a month).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"
ACCOUNT = ("accounts:\n  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 2, "
           "tier_since: 2026-10-01, region: emea, "
           "owners: {ae: ana.lima, sdr: raj.patel, abm: mei.chen}, stage: awareness, "
           "stage_since: 2026-10-01, sources: [marketing, sales], reviewed: 2026-10-01, "
           "scores: {fit: 65}}\n")


def run(root: Path, *args: str) -> dict[str, Any]:
    done = invoke(*args, "--root", str(root), "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_routing_one_tier_keeps_the_other_tiers_defaults(tmp_path: Path) -> None:
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, "registry/accounts/all.yaml", ACCOUNT)
    write(tmp_path, "rules/engagement.yaml", "routing:\n  1: {to: sdr, alert: [abm]}\n")
    (tmp_path / "registry/signals").mkdir(parents=True)
    (tmp_path / "registry/signals/activity.csv").write_text(
        HEADER + "2026-11-02,northwind.com,event_registration,ann@x.com,ev,,,t\n"
        "2026-11-03,northwind.com,event_registration,bo@x.com,ev,,,t\n", encoding="utf-8")
    [found] = run(tmp_path, "handoff", "--as-of", "2026-11-03")["handoffs"]
    assert found["route"] == {"to": "sdr", "person": "raj.patel",
                              "alert": ["ana.lima", "mei.chen"]}


def test_one_partners_cadence_keeps_the_other_partners_defaults(tmp_path: Path) -> None:
    teams = TEAMS.replace("people:", "  - {id: events, kind: events}\npeople:")
    write(tmp_path, "registry/teams.yaml", teams)
    write(tmp_path, "registry/accounts/all.yaml", ACCOUNT)
    write(tmp_path, "rules/engagement.yaml", "cadences: {sales: biweekly}\n")
    write(tmp_path, "registry/agreements/events.yaml",
          "partner: events\nkickoff: 2026-01-15\ncadence: quarterly\nreviewed: 2026-11-01\n"
          "lead_time_days: {major: 90, minor: 60}\n")
    codes = [f["code"] for f in run(tmp_path, "lint", "--as-of", "2026-11-05")["findings"]]
    assert "ABM402" in codes  # events need a monthly sync; quarterly is less often
