"""`abmctl handoff --format json` at the boundaries the contract states, on generated registries:
the SLA's due moment (crossing + sla_hours, in plain hours), a sales touch exactly at due,
breached against pending when the as-of day ends exactly at due, the moment of a booked meeting,
routing by tier, `first_touch` and `--history N`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"
# two distinct signals, the second (the crossing) on Nov 3 at 09:00
CROSSING = ["2026-11-02T09:00:00Z,northwind.com,event_registration,ann@x.com,ev,,,t",
            "2026-11-03T09:00:00Z,northwind.com,event_registration,bo@x.com,ev,,,t"]


def account(*, tier: int = 1, stage: str = "awareness", more: str = "") -> str:
    return (f"  - {{id: northwind, name: Northwind, domains: [northwind.com], tier: {tier}, "
            f"tier_since: 2026-10-01, region: emea, "
            f"owners: {{ae: ana.lima, sdr: raj.patel, abm: mei.chen}}, stage: {stage}, "
            f"stage_since: 2026-10-01{more}}}\n")


def registry(root: Path, rows: list[str], acct: str | None = None,
             files: dict[str, str] | None = None) -> Path:
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml", "accounts:\n" + (acct or account()))
    (root / "registry/signals").mkdir(parents=True, exist_ok=True)
    (root / "registry/signals/activity.csv").write_text(
        HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    for rel, text in (files or {}).items():
        write(root, rel, text)
    return root


def sales_touch(when: str) -> str:
    return f"{when},northwind.com,sales_touch,ana.lima,call,,,t"


def handoffs(root: Path, as_of: str, *more: str) -> list[dict[str, Any]]:
    done = invoke("handoff", "--root", str(root), "--as-of", as_of, "--format", "json", *more)
    assert done.returncode == 0, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)["handoffs"]
    return found


def sla(found: dict[str, Any]) -> tuple[str, str, str, bool, str | None]:
    return (found["transition"], found["at"], found["due"], found["sla_breached"],
            found["first_touch"])


@pytest.mark.parametrize(("sla_hours", "due"), [
    (24, "2026-11-04T09:00:00Z"),
    (48, "2026-11-05T09:00:00Z"),   # plain hours: no business days
    (1.5, "2026-11-03T10:30:00Z"),  # a fraction of an hour
])
def test_due_is_the_crossing_plus_sla_hours(tmp_path: Path, sla_hours: float, due: str) -> None:
    root = registry(tmp_path, CROSSING, files={"rules/signals.yaml": f"sla_hours: {sla_hours}\n"})
    [found] = handoffs(root, "2026-11-03")
    assert (found["at"], found["due"]) == ("2026-11-03T09:00:00Z", due)


@pytest.mark.parametrize(("touch", "as_of", "status", "first"), [
    (None, "2026-11-03", "pending", None),                  # due tomorrow 09:00
    (None, "2026-11-04", "breached", None),                  # the day ran past due
    ("2026-11-04T09:00:00Z", "2026-11-04", "met", "2026-11-04T09:00:00Z"),  # exactly at due
    ("2026-11-04T09:00:01Z", "2026-11-04", "breached", None),               # a second late
    ("2026-11-03T09:00:00Z", "2026-11-04", "breached", None),  # at the crossing: not after it
    ("2026-11-05T09:00:00Z", "2026-11-04", "breached", None),  # the future is not read
])
def test_a_touch_exactly_at_due_meets_the_sla(
    tmp_path: Path, touch: str | None, as_of: str, status: str, first: str | None,
) -> None:
    rows = CROSSING + ([sales_touch(touch)] if touch else [])
    [found] = handoffs(registry(tmp_path, rows), as_of)
    assert found["sla_status"] == status
    assert found["sla_breached"] is (status == "breached")
    assert found["first_touch"] == first


def test_the_as_of_day_ending_exactly_at_due_is_not_past_it(tmp_path: Path) -> None:
    """A date-only crossing is at 00:00, so it is due at 00:00 the next day: as of the crossing
    day the SLA is pending (the day ends exactly at due), the day after it is breached."""
    rows = ["2026-11-02,northwind.com,event_registration,ann@x.com,ev,,,t",
            "2026-11-03,northwind.com,event_registration,bo@x.com,ev,,,t"]
    root = registry(tmp_path, rows)
    assert [sla(h) for h in handoffs(root, "2026-11-03")] == [
        ("to_engagement", "2026-11-03T00:00:00Z", "2026-11-04T00:00:00Z", False, None)]
    assert [h["sla_breached"] for h in handoffs(root, "2026-11-04")] == [True]


@pytest.mark.parametrize(("booked", "as_of", "expected"), [
    ("2026-11-10", "2026-11-09", []),                                   # a future meeting
    ("2026-11-10", "2026-11-10", [("to_active", "2026-11-10T00:00:00Z",
                                   "2026-11-11T00:00:00Z", False, None)]),
    ("2026-11-10", "2026-11-11", [("to_active", "2026-11-10T00:00:00Z",
                                   "2026-11-11T00:00:00Z", True, None)]),
])
def test_a_booked_meeting_hands_on_from_the_start_of_its_day(
    tmp_path: Path, booked: str, as_of: str, expected: list[tuple[Any, ...]],
) -> None:
    root = registry(tmp_path, [], account(stage="engagement",
                                          more=f", meeting_booked: {booked}"))
    assert [sla(h) for h in handoffs(root, as_of)] == expected


def test_a_meeting_booked_touch_hands_on_at_its_moment(tmp_path: Path) -> None:
    rows = ["2026-11-10T15:00:00Z,northwind.com,meeting_booked,ana.lima,discovery,,,t",
            sales_touch("2026-11-11T09:00:00Z")]
    [found] = handoffs(registry(tmp_path, rows), "2026-11-12")
    assert sla(found) == ("to_active", "2026-11-10T15:00:00Z", "2026-11-11T15:00:00Z", False,
                          "2026-11-11T09:00:00Z")
    assert found["route"] == {"to": "ae", "person": "ana.lima",
                              "alert": ["mei.chen", "raj.patel"]}


@pytest.mark.parametrize(("tier", "route"), [
    (1, {"to": "ae", "person": "ana.lima", "alert": ["mei.chen"]}),
    (2, {"to": "sdr", "person": "raj.patel", "alert": ["ana.lima", "mei.chen"]}),
    (3, {"to": "standard", "person": None, "alert": ["mei.chen"]}),
])
def test_a_crossing_is_routed_by_tier(tmp_path: Path, tier: int, route: dict[str, Any]) -> None:
    [found] = handoffs(registry(tmp_path, CROSSING, account(tier=tier)), "2026-11-03")
    assert (found["transition"], found["route"]) == ("to_engagement", route)


def test_a_hot_account_goes_to_its_ae_whatever_its_tier(tmp_path: Path) -> None:
    rows = [f"2026-11-0{n}T09:00:00Z,northwind.com,event_registration,c{n}@x.com,ev,,,t"
            for n in range(1, 5)]
    [found] = handoffs(registry(tmp_path, rows, account(tier=3, stage="engagement")),
                       "2026-11-05")
    assert (found["transition"], found["route"]) == (
        "hot", {"to": "ae", "person": "ana.lima", "alert": ["mei.chen", "raj.patel"]})


@pytest.mark.parametrize(("history", "kept", "left_out"), [
    ("0", 0, 7), ("1", 1, 6), ("7", 7, 0), ("all", 7, 0),
])
def test_history_keeps_the_last_n_rows_of_the_lookback(
    tmp_path: Path, history: str, kept: int, left_out: int,
) -> None:
    """Five marketing touches and the two registrations: seven rows in the lookback (one more,
    from before the 90 days, is in no history)."""
    rows = ["2026-07-01,northwind.com,marketing_touch,,old,,,t"]
    rows += [f"2026-10-2{n},northwind.com,marketing_touch,,email {n},,,t" for n in range(1, 6)]
    [found] = handoffs(registry(tmp_path, rows + CROSSING), "2026-11-03", "--history", history)
    packet = found["packet"]
    assert len(packet["engagement_history"]) == kept
    assert packet["engagement_history_left_out"] == left_out
    if kept:  # the last rows, oldest first
        assert packet["engagement_history"][-1]["occurred_at"] == "2026-11-03T09:00:00Z"


@pytest.mark.parametrize(("since", "kept"), [("2026-11-03", True), ("2026-11-04", False)])
def test_since_keeps_the_handoffs_from_the_start_of_its_day(
    tmp_path: Path, since: str, kept: bool,
) -> None:
    found = handoffs(registry(tmp_path, CROSSING), "2026-11-05", "--since", since)
    assert [h["at"] for h in found] == ["2026-11-03T09:00:00Z"] * kept
