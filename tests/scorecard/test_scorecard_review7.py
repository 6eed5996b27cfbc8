"""`abmctl scorecard --format json` at the period's edges: a touch in the last second of the
quarter counts and one at the next quarter's first moment does not, a running quarter counts up
to the end of the as-of day, a sync held exactly as long ago as its cadence allows is on time,
and the health colours at exactly the target and the red line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import invoke
from tests.support.registry import write

TEAMS = """
territories: [emea]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
  - {id: events, kind: events}
people:
  - {id: ana.lima, name: Ana Lima, team: sales, role: ae, territories: [emea]}
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea]}
"""
HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"


def account(ident: str) -> str:
    return (f"  - {{id: {ident}, name: {ident.title()}, domains: [{ident}.com], tier: 1, "
            f"tier_since: 2026-07-01, region: emea, owners: {{ae: ana.lima, abm: mei.chen}}, "
            f"stage: awareness, stage_since: 2026-07-01}}\n")


def metrics(root: Path, rows: list[str], *args: str, accounts: tuple[str, ...] = ("aa",),
            files: dict[str, str] | None = None) -> dict[str, dict[str, Any]]:
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml", "accounts:\n" + "".join(map(account, accounts)))
    (root / "registry/signals").mkdir(parents=True, exist_ok=True)
    (root / "registry/signals/activity.csv").write_text(
        HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    for rel, text in (files or {}).items():
        write(root, rel, text)
    done = invoke("scorecard", "--root", str(root), "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    return {m["id"]: m for m in json.loads(done.stdout)["metrics"]}


def touches(ident: str, marketing: str, sales: str) -> list[str]:
    return [f"{marketing},{ident}.com,marketing_touch,,ads,,,t",
            f"{sales},{ident}.com,sales_touch,ana.lima,call,,,t"]


@pytest.mark.parametrize(("sales", "engaged"), [
    ("2026-12-31T23:59:59Z", True),   # the last second of Q4
    ("2027-01-01T00:00:00Z", False),  # the first moment of Q1
])
def test_a_touch_counts_up_to_the_last_second_of_the_quarter(
    tmp_path: Path, sales: str, engaged: bool,
) -> None:
    found = metrics(tmp_path, touches("aa", "2026-10-01T00:00:00Z", sales),
                    "--quarter", "2026Q4", "--as-of", "2027-01-15")
    rate = found["tier1_engagement_rate"]
    assert (rate["numerator"], rate["denominator"]) == (int(engaged), 1)


@pytest.mark.parametrize(("as_of", "engaged"), [("2026-11-10", True), ("2026-11-09", False)])
def test_a_running_quarter_counts_up_to_the_end_of_the_as_of_day(
    tmp_path: Path, as_of: str, engaged: bool,
) -> None:
    found = metrics(tmp_path, touches("aa", "2026-10-05", "2026-11-10T23:00:00Z"),
                    "--quarter", "2026Q4", "--as-of", as_of)
    assert found["joint_coverage"]["numerator"] == int(engaged)


@pytest.mark.parametrize(("reviewed", "on_time"), [("2026-10-30", True), ("2026-10-29", False)])
def test_a_monthly_sync_held_31_days_ago_is_on_time(
    tmp_path: Path, reviewed: str, on_time: bool,
) -> None:
    agreement = (f"partner: events\nkickoff: 2026-01-15\ncadence: monthly\nreviewed: {reviewed}\n"
                 "lead_time_days: {major: 90, minor: 60}\n")
    found = metrics(tmp_path, [], "--quarter", "2026Q4", "--as-of", "2026-11-30",
                    files={"registry/agreements/events.yaml": agreement})
    compliance = found["agreement_cadence_compliance"]
    assert (compliance["numerator"], compliance["denominator"]) == (int(on_time), 1)


@pytest.mark.parametrize(("engaged", "status"), [(4, "green"), (3, "yellow"), (2, "yellow"),
                                                 (1, "red")])
def test_status_is_green_at_the_target_and_red_only_below_the_red_line(
    tmp_path: Path, engaged: int, status: str,
) -> None:
    """Of four Tier 1 accounts: 4/4 = 100% green; 3/4 = 75% yellow; 2/4 = exactly 50%, the red
    line, is yellow; 1/4 red."""
    idents = ("aa", "bb", "cc", "dd")
    rows = [r for ident in idents[:engaged]
            for r in touches(ident, "2026-10-05", "2026-10-06")]
    found = metrics(tmp_path, rows, "--quarter", "2026Q4", "--as-of", "2026-12-31",
                    accounts=idents)
    assert found["tier1_engagement_rate"]["status"] == status


def test_a_rate_exactly_at_its_target_is_green(tmp_path: Path) -> None:
    """4 of 5 Tier 1 accounts engaged: exactly the 0.80 target."""
    idents = ("aa", "bb", "cc", "dd", "ee")
    rows = [r for ident in idents[:4] for r in touches(ident, "2026-10-05", "2026-10-06")]
    found = metrics(tmp_path, rows, "--quarter", "2026Q4", "--as-of", "2026-12-31",
                    accounts=idents)
    rate = found["tier1_engagement_rate"]
    assert (rate["value"], rate["status"]) == (0.8, "green")
