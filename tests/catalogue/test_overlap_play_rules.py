"""ABM601/ABM602: plays of two teams on one account, and Tier 1 accounts in regional plays."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.catalogue.overlap_builders import account, conflicts, make_registry, play


@pytest.mark.parametrize(
    ("second_start", "expected"),
    [("2026-11-10", 1), ("2026-11-11", 0)],
    ids=["start-on-the-day-the-first-ends-overlaps", "start-the-day-after-is-adjacent"],
)
def test_plays_of_two_teams_overlap_by_inclusive_dates(
    tmp_path: Path, second_start: str, expected: int
) -> None:
    reg = make_registry(tmp_path, [account("northwind")], [
        play("abm-push", "abm", "2026-10-01", "2026-11-10", ["northwind"]),
        play("events-push", "events", second_start, "2026-12-01", ["northwind"]),
    ])
    assert len(conflicts(reg, "2026-11-01", code="ABM601")) == expected


def test_overlap_conflict_names_account_teams_plays_decider_and_resolution(
    tmp_path: Path,
) -> None:
    reg = make_registry(tmp_path, [account("northwind")], [
        play("abm-push", "abm", "2026-10-01", "2026-11-10", ["northwind"]),
        play("events-push", "events", "2026-11-10", "2026-12-01", ["northwind"]),
    ])
    (conflict,) = conflicts(reg, "2026-11-01", code="ABM601")
    assert conflict.severity == "warning"
    assert conflict.account == "northwind"
    assert conflict.teams == ("abm", "events")
    assert conflict.plays == ("abm-push", "events-push")
    assert conflict.decides == "abm"
    assert conflict.path == "registry/plays/events-push.yaml"
    assert conflict.line == 4  # the later play's `accounts:` line
    assert "2026-11-10 to 2026-11-10" in conflict.message
    assert conflict.resolution is not None
    assert conflict.resolution.startswith("abm-push (abm, the stage owner) keeps northwind")
    assert conflict.resolution.count(".") == 1  # one sentence for the review


def test_plays_of_one_team_do_not_conflict(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("northwind")], [
        play("abm-a", "abm", "2026-10-01", "2026-12-01", ["northwind"]),
        play("abm-b", "abm", "2026-11-01", "2026-12-15", ["northwind"]),
    ])
    assert conflicts(reg, "2026-11-01", code="ABM601") == []


def test_plays_on_different_accounts_do_not_conflict(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("northwind"), account("contoso")], [
        play("abm-a", "abm", "2026-10-01", "2026-12-01", ["northwind"]),
        play("events-b", "events", "2026-11-01", "2026-12-15", ["contoso"]),
    ])
    assert conflicts(reg, "2026-11-01", code="ABM601") == []


@pytest.mark.parametrize(
    ("as_of", "expected"),
    [("2027-01-29", 1), ("2027-01-30", 0)],
    ids=["ended-90-days-ago-still-reviewed", "ended-91-days-ago-is-history"],
)
def test_plays_that_ended_over_90_days_ago_are_history(
    tmp_path: Path, as_of: str, expected: int
) -> None:
    reg = make_registry(tmp_path, [account("northwind")], [
        play("abm-a", "abm", "2026-10-01", "2026-10-31", ["northwind"]),
        play("events-b", "events", "2026-10-15", "2026-10-31", ["northwind"]),
    ])
    assert len(conflicts(reg, as_of, code="ABM601")) == expected


def test_upcoming_plays_are_reviewed_before_they_start(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("northwind")], [
        play("abm-a", "abm", "2027-02-01", "2027-03-31", ["northwind"]),
        play("events-b", "events", "2027-03-01", "2027-04-30", ["northwind"]),
    ])
    assert len(conflicts(reg, "2026-11-23", code="ABM601")) == 1


def test_select_plays_overlap_on_every_account_they_share(tmp_path: Path) -> None:
    reg = make_registry(
        tmp_path,
        [account("a1", tier=2), account("a2", tier=2), account("a3", tier=2, segment="energy")],
        [
            play("abm-t2", "abm", "2026-10-01", "2026-12-01", select="{tier: 2}"),
            play("events-retail", "events", "2026-11-01", "2026-11-30",
                 select="{segment: retail}"),
        ],
    )
    found = conflicts(reg, "2026-11-01", code="ABM601")
    assert sorted(c.account or "" for c in found) == ["a1", "a2"]
    assert {c.line for c in found} == {4}  # the `select:` line


@pytest.mark.parametrize(
    ("stage", "meeting", "owners", "decides"),
    [
        ("awareness", None, "{ae: ana.lima}", "abm"),
        ("engagement", None, "{ae: ana.lima}", "abm"),
        ("awareness", "2026-10-20", "{ae: ana.lima}", "ana.lima"),
        ("active", None, "{ae: ana.lima}", "ana.lima"),
        ("active", None, "{}", "ae"),
    ],
    ids=["awareness-abm", "engagement-abm", "meeting-booked-ae", "active-named-ae",
         "active-unnamed-ae"],
)
def test_the_stage_owner_decides(
    tmp_path: Path, stage: str, meeting: str | None, owners: str, decides: str
) -> None:
    reg = make_registry(
        tmp_path,
        [account("northwind", tier=2, stage=stage, meeting_booked=meeting, owners=owners)],
        [
            play("abm-a", "abm", "2026-10-01", "2026-12-01", ["northwind"]),
            play("events-b", "events", "2026-11-01", "2026-12-15", ["northwind"]),
        ],
    )
    (conflict,) = conflicts(reg, "2026-11-01", code="ABM601")
    assert conflict.decides == decides


def test_a_meeting_booked_after_the_as_of_day_leaves_abm_deciding(tmp_path: Path) -> None:
    reg = make_registry(
        tmp_path, [account("northwind", meeting_booked="2026-11-02")],
        [
            play("abm-a", "abm", "2026-10-01", "2026-12-01", ["northwind"]),
            play("events-b", "events", "2026-11-01", "2026-12-15", ["northwind"]),
        ],
    )
    assert conflicts(reg, "2026-11-01", code="ABM601")[0].decides == "abm"


def test_when_neither_play_is_the_owners_the_earlier_play_keeps_the_account(
    tmp_path: Path,
) -> None:
    reg = make_registry(tmp_path, [account("northwind", tier=2)], [
        play("field-a", "emea-field", "2026-10-01", "2026-12-01", ["northwind"]),
        play("events-b", "events", "2026-11-01", "2026-12-15", ["northwind"]),
    ])
    (conflict,) = conflicts(reg, "2026-11-01", code="ABM601")
    assert conflict.resolution == (
        "abm picks one play for northwind at the overlap review; until then field-a "
        "(emea-field) keeps it and events holds events-b for northwind until 2026-12-01."
    )


def test_an_off_motion_account_in_two_plays_is_taken_out_of_both(tmp_path: Path) -> None:
    reg = make_registry(
        tmp_path, [account("northwind", stage="closed_lost", stage_since="2026-10-15")],
        [
            play("abm-a", "abm", "2026-10-01", "2026-12-01", ["northwind"]),
            play("events-b", "events", "2026-11-01", "2026-12-15", ["northwind"]),
        ],
    )
    (conflict,) = conflicts(reg, "2026-11-01", code="ABM601")
    assert conflict.resolution is not None
    assert conflict.resolution.startswith("Stop marketing to northwind: it is closed_lost")


@pytest.mark.parametrize(("tier", "expected"), [(1, 1), (2, 0)], ids=["tier-1", "tier-2"])
def test_a_tier_1_account_in_a_regional_play_is_flagged_a_tier_2_one_is_not(
    tmp_path: Path, tier: int, expected: int
) -> None:
    reg = make_registry(tmp_path, [account("kestrel", tier=tier)], [
        play("emea-roadshow", "emea-field", "2026-11-09", "2026-12-04", ["kestrel"]),
    ])
    found = conflicts(reg, "2026-11-23", code="ABM602")
    assert len(found) == expected


def test_regional_conflict_says_abm_orchestrates_and_the_region_executes(
    tmp_path: Path,
) -> None:
    reg = make_registry(tmp_path, [account("kestrel")], [
        play("emea-roadshow", "emea-field", "2026-11-09", "2026-12-04", ["kestrel"]),
    ])
    (conflict,) = conflicts(reg, "2026-11-23", code="ABM602")
    assert conflict.severity == "warning"
    assert conflict.teams == ("abm", "emea-field")
    assert conflict.plays == ("emea-roadshow",)
    assert conflict.decides == "abm"
    assert conflict.path == "registry/plays/emea-roadshow.yaml"
    assert conflict.resolution == (
        "abm orchestrates kestrel in emea-roadshow: emea-field runs the local touches on ABM's "
        "plan and timing, agreed at the bi-weekly overlap review."
    )


def test_a_tier_1_account_outside_the_regional_teams_territory_is_not_flagged(
    tmp_path: Path,
) -> None:
    reg = make_registry(tmp_path, [account("kestrel", region="na-east")], [
        play("emea-roadshow", "emea-field", "2026-11-09", "2026-12-04", ["kestrel"]),
    ])
    assert conflicts(reg, "2026-11-23", code="ABM602") == []


def test_a_suppression_on_the_play_silences_its_conflict(tmp_path: Path) -> None:
    text = play("emea-roadshow", "emea-field", "2026-11-09", "2026-12-04", ["kestrel"])
    text = text.replace("id: emea-roadshow", "id: emea-roadshow  # abmctl: ignore[ABM602]", 1)
    reg = make_registry(tmp_path, [account("kestrel")], [text])
    assert conflicts(reg, "2026-11-23", code="ABM602") == []


def test_an_account_listed_twice_in_a_play_is_one_conflict(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, [account("kestrel")], [
        play("abm-a", "abm", "2026-11-01", "2026-12-01", ["kestrel"]),
        play("emea-roadshow", "emea-field", "2026-11-09", "2026-12-04", ["kestrel", "kestrel"]),
    ])
    assert len(conflicts(reg, "2026-11-23", code="ABM601")) == 1
    assert len(conflicts(reg, "2026-11-23", code="ABM602")) == 1
