"""Review 7 (newcomer): the registry `abmctl init` writes, used as the guide says.

`abmctl init` writes `registry/signals/example.csv` holding only the header. From then on every
command reads "activity" with no row: each run warns twice (`has no rows`, `activity is stale:
no row matched a list account`), and `tiers plan` holds every move that rests on intent, even
though, with no signal row, each account's intent is its recorded `scores.intent` (the
reference, Intent: "An account with no signal rows in the activity keeps its scores.intent";
`explain` says so: "no signal rows in the activity: the recorded scores.intent"), and the
warning itself says only "intent from it [the activity] moves no tier". Delete the header-only
file and the same account is promoted. The guide's first steps (init, add accounts, lint, plan)
thus never show a promotion and teach the newcomer to ignore warnings."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import invoke
from tests.support.registry import write

INIT_DAY = "2026-11-23"
WINDOW_DAY = "2027-01-04"  # the Q1 review window is open
READY = """
accounts:
  - id: initech
    name: Initech
    domains: [initech.com]
    tier: 2
    tier_since: 2026-10-01
    region: na-west
    owners: {ae: alex.morgan, sdr: sam.rivera, abm: jo.chen}
    stage: awareness
    scores: {fit: 90, relationship: 60, intent: 70}
    acv_potential: 200000
    sources: [marketing, sales]
    reviewed: 2026-11-01
"""


def _init(tmp_path: Path) -> Path:
    root = tmp_path / "my-abm"
    made = invoke("init", str(root), "--as-of", INIT_DAY)
    assert made.returncode == 0, made.stderr
    return root


def test_a_new_registry_lints_without_a_warning_on_stderr(tmp_path: Path) -> None:
    root = _init(tmp_path)
    done = invoke("lint", "--root", str(root), "--as-of", INIT_DAY)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "warning:" not in done.stderr, done.stderr  # today: has no rows; activity is stale


def test_a_recorded_intent_promotes_in_a_new_registry_as_without_the_empty_example(
        tmp_path: Path) -> None:
    root = _init(tmp_path)
    write(root, "registry/accounts/more.yaml", READY)
    plan = invoke("tiers", "plan", "--root", str(root), "--as-of", WINDOW_DAY, "--format", "json")
    assert plan.returncode == 0, plan.stderr
    moved = {c["account"]: c["to"] for c in json.loads(plan.stdout)["changes"]}
    # today: held, "activity is stale: no row matched a list account; this move rests on intent"
    assert moved.get("initech") == 1, plan.stdout

    (root / "registry" / "signals" / "example.csv").unlink(missing_ok=True)  # no empty file
    plan = invoke("tiers", "plan", "--root", str(root), "--as-of", WINDOW_DAY, "--format", "json")
    assert {c["account"]: c["to"] for c in json.loads(plan.stdout)["changes"]}.get("initech") == 1


def test_explain_and_the_plan_agree_on_where_a_recorded_intent_comes_from(
        tmp_path: Path) -> None:
    """explain says the intent is the recorded score, then quotes the plan holding the move
    because the activity is stale."""
    root = _init(tmp_path)
    write(root, "registry/accounts/more.yaml", READY)
    done = invoke("explain", "initech", "--root", str(root), "--as-of", WINDOW_DAY,
                  "--format", "json")
    assert done.returncode == 0, done.stderr
    got = json.loads(done.stdout)
    assert got["intent"]["source"] == "scores.intent"
    assert got["tier"]["verdict"]["kind"] == "promoted", got["tier"]["verdict"]


def test_the_scorecard_of_a_new_registry_is_as_without_the_empty_example(
        tmp_path: Path) -> None:
    """Without the header-only file: "note: no activity data: touch and handoff metrics are
    n/a", health GREEN. With it (as `init` leaves it): every touch metric 0%, health RED
    "broken: Tier 1 engagement rate 0% (1 of 1 Tier 1 accounts lack a marketing or a sales
    touch this period)" — on a registry nobody has fed any activity yet."""
    root = _init(tmp_path)
    done = invoke("scorecard", "--root", str(root), "--as-of", INIT_DAY, "--format", "json")
    with_file = {m["id"]: m["status"] for m in json.loads(done.stdout)["metrics"]}
    (root / "registry" / "signals" / "example.csv").unlink(missing_ok=True)
    done = invoke("scorecard", "--root", str(root), "--as-of", INIT_DAY, "--format", "json")
    without = {m["id"]: m["status"] for m in json.loads(done.stdout)["metrics"]}
    assert without["tier1_engagement_rate"] == "n/a"
    assert with_file == without
