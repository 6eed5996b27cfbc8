"""`abmctl overlap --format json` at the edges the rules state: ABM601 dates inclusive and the
90-day history, ABM603 a sales touch exactly when the awareness weeks end, ABM605 signals exactly
`overlap_days` apart, ABM606 a touch exactly at due and an as-of day ending exactly at due."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"
REGIONAL_TEAMS = TEAMS.replace(
    "people:", "  - {id: emea-field, kind: regional_marketing, territories: [emea]}\npeople:")


def account(*, stage: str = "engagement", tier_since: str = "2026-01-05",
            more: str = "") -> str:
    return (f"  - {{id: northwind, name: Northwind, domains: [northwind.com], tier: 1, "
            f"tier_since: {tier_since}, region: emea, "
            f"owners: {{ae: ana.lima, sdr: raj.patel, abm: mei.chen}}, stage: {stage}, "
            f"stage_since: 2026-01-05{more}}}\n")


def conflicts(root: Path, as_of: str, rows: list[str], acct: str | None = None,
              files: dict[str, str] | None = None, code: str | None = None,
              ) -> list[tuple[str, str]]:
    """(code, message) of each conflict (only `code`'s, if given)."""
    write(root, "registry/teams.yaml", REGIONAL_TEAMS)
    write(root, "registry/accounts/all.yaml", "accounts:\n" + (acct or account()))
    (root / "registry/signals").mkdir(parents=True, exist_ok=True)
    (root / "registry/signals/activity.csv").write_text(
        HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    for rel, text in (files or {}).items():
        write(root, rel, text)
    done = invoke("overlap", "--root", str(root), "--as-of", as_of, "--format", "json")
    assert done.returncode in (0, 1), done.stderr
    found = [(c["code"], c["message"]) for c in json.loads(done.stdout)["conflicts"]]
    return [c for c in found if code is None or c[0] == code]


def line(when: str, kind: str, contact: str = "", detail: str = "") -> str:
    return f"{when},northwind.com,{kind},{contact},{detail},,,t"


def play(ident: str, owner: str, start: str, end: str) -> str:
    return (f"id: {ident}\nname: {ident}\nowner: {owner}\ntier: 1\naccounts: [northwind]\n"
            f"channels: [email]\nstart: {start}\nend: {end}\nbrief: 2026-01-01\n")


@pytest.mark.parametrize(("second_start", "overlaps"), [("2026-11-10", True),
                                                         ("2026-11-11", False)])
def test_abm601_play_dates_are_inclusive(tmp_path: Path, second_start: str,
                                         overlaps: bool) -> None:
    files = {"registry/plays/a.yaml": play("a", "abm", "2026-11-01", "2026-11-10"),
             "registry/plays/b.yaml": play("b", "emea-field", second_start, "2026-11-30")}
    found = conflicts(tmp_path, "2026-11-05", [], files=files, code="ABM601")
    assert len(found) == int(overlaps)


@pytest.mark.parametrize(("as_of", "reported"), [("2026-11-08", True), ("2026-11-09", False)])
def test_abm601_a_play_that_ended_more_than_90_days_ago_is_history(
    tmp_path: Path, as_of: str, reported: bool,
) -> None:
    """Both plays end Aug 10: 90 days before Nov 8 (still reviewed), 91 before Nov 9."""
    files = {"registry/plays/a.yaml": play("a", "abm", "2026-08-01", "2026-08-10"),
             "registry/plays/b.yaml": play("b", "emea-field", "2026-08-05", "2026-08-10")}
    found = conflicts(tmp_path, as_of, [], files=files, code="ABM601")
    assert len(found) == int(reported)


@pytest.mark.parametrize(("touch", "familiar", "premature"), [
    ("2026-10-28T23:59:59Z", False, True),  # a second before four weeks have run
    ("2026-10-29", False, False),           # exactly four weeks after Oct 1 00:00
    ("2026-10-14T23:59:59Z", True, True),   # familiar: two weeks
    ("2026-10-15", True, False),
])
def test_abm603_a_touch_exactly_when_awareness_ends_is_on_time(
    tmp_path: Path, touch: str, familiar: bool, premature: bool,
) -> None:
    rows = [line("2026-10-01", "marketing_touch", detail="ads"),
            line(touch, "sales_touch", "ana.lima", "call")]
    acct = account(stage="awareness", more=", familiar: true" if familiar else "")
    found = conflicts(tmp_path, "2026-11-20", rows, acct, code="ABM603")
    assert len(found) == int(premature)


def test_abm603_leaves_out_touches_from_before_the_account_was_tier_1(tmp_path: Path) -> None:
    rows = [line("2026-10-01", "marketing_touch", detail="ads"),
            line("2026-10-04T23:59:59Z", "sales_touch", "ana.lima", "call")]
    acct = account(stage="awareness", tier_since="2026-10-05")
    assert conflicts(tmp_path, "2026-11-20", rows, acct, code="ABM603") == []


def test_abm603_a_meeting_booked_by_the_touch_clears_it(tmp_path: Path) -> None:
    rows = [line("2026-10-01", "marketing_touch", detail="ads"),
            line("2026-10-03T10:00:00Z", "meeting_booked", "ana.lima", "intro"),
            line("2026-10-03T10:00:00Z", "sales_touch", "ana.lima", "call")]
    acct = account(stage="awareness")
    assert conflicts(tmp_path, "2026-11-20", rows, acct, code="ABM603") == []


@pytest.mark.parametrize(("second", "clustered"), [("2026-11-08", True), ("2026-11-09", False)])
def test_abm605_signals_overlap_days_apart_are_one_alert(
    tmp_path: Path, second: str, clustered: bool,
) -> None:
    rows = [line("2026-11-01", "event_registration", "ann@x.com", "ev"),
            line(second, "event_registration", "bo@x.com", "ev")]
    found = conflicts(tmp_path, "2026-11-20", rows, code="ABM605")
    assert len(found) == int(clustered)


HOT = [line(f"2026-11-0{n}", "event_registration", f"c{n}@x.com", "ev") for n in range(1, 5)]


@pytest.mark.parametrize(("touch", "as_of", "breached"), [
    (None, "2026-11-04", False),                    # the day ends exactly at due: not past it
    (None, "2026-11-05", True),
    ("2026-11-05", "2026-11-05", False),            # a touch exactly at due meets the SLA
    ("2026-11-05T00:00:01Z", "2026-11-06", True),   # a second late
])
def test_abm606_due_is_exactly_sla_hours_after_the_hot_crossing(
    tmp_path: Path, touch: str | None, as_of: str, breached: bool,
) -> None:
    rows = HOT + ([line(touch, "sales_touch", "ana.lima", "call")] if touch else [])
    found = conflicts(tmp_path, as_of, rows, code="ABM606")
    assert len(found) == int(breached)
    if breached:
        assert "turned hot 2026-11-04" in found[0][1] and "(due 2026-11-05)" in found[0][1]


@pytest.mark.parametrize(("touch", "reported"), [("2026-11-09T23:59:59Z", False),
                                                  ("2026-11-10", True)])
def test_abm604_counts_marketing_touches_from_the_start_of_stage_since(
    tmp_path: Path, touch: str, reported: bool,
) -> None:
    acct = ("  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 3, "
            "tier_since: 2026-01-05, region: emea, owners: {abm: mei.chen}, "
            "stage: closed_lost, stage_since: 2026-11-10}\n")
    rows = [line(touch, "marketing_touch", detail="newsletter")]
    assert len(conflicts(tmp_path, "2026-11-20", rows, acct, code="ABM604")) == int(reported)
