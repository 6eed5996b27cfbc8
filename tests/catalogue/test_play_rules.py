"""ABM501-ABM506: briefs before start, recaps after end, idle plays retired, one play per tier
per month, ABM looped into events early, plays aimed at their tier."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from abmctl.engine.activity import Activity, ActivityRow
from tests.catalogue.builders import account, accounts_file, line_of, lint, record_file, where
from tests.support.registry import write


@pytest.fixture
def root(registry_root: Path) -> Path:
    accounts_file(registry_root, account("northwind", tier="1"), account("contoso", tier="3"))
    return registry_root


def play(root: Path, ident: str = "q4-roundtable", **changes: str | None) -> Path:
    fields: dict[str, str | None] = {
        "id": ident, "name": ident.replace("-", " ").capitalize(), "owner": "abm",
        "tier": None, "accounts": "[northwind]", "start": "2026-11-02", "end": "2026-12-15",
        "brief": "2026-10-26", "recap": None, **changes,
    }
    return record_file(root, f"registry/plays/{ident}.yaml", fields)


def event(root: Path, kind: str, day: str, looped: str | None) -> Path:
    return record_file(root, "registry/events/e.yaml", {
        "id": "summit", "name": "Summit", "kind": kind, "date": day, "abm_looped_in": looped,
    })


def row(account_id: str, kind: str, when: datetime) -> ActivityRow:
    return ActivityRow(occurred_at=when, account=account_id, type=kind)


# --- ABM501 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "brief", "message"), [
    ("2026-11-02", "2026-11-02", None),                            # on the start day: in time
    ("2026-11-02", "2026-11-03",
     "play q4-roundtable: brief 2026-11-03 is 1 day after its start 2026-11-02; the brief "
     "goes out on or before the start"),
    ("2026-11-23", "null",
     "play q4-roundtable: started 2026-11-23 with no brief; brief every team involved before "
     "a play starts"),                                             # starts on the as-of date
    ("2026-11-24", "null", None),                                  # not started yet
    ("2026-12-01", "2026-12-05",
     "play q4-roundtable: brief 2026-12-05 is 4 days after its start 2026-12-01; the brief "
     "goes out on or before the start"),                           # planned late
])
def test_a_play_without_a_brief_by_its_start_is_abm501(
    root: Path, start: str, brief: str, message: str | None
) -> None:
    path = play(root, start=start, brief=brief, end="2026-12-31")
    found = lint(root, "ABM501")
    if message is None:
        assert found == []
        return
    assert where(found) == [("ABM501", "registry/plays/q4-roundtable.yaml",
                             line_of(path, "brief:"))]
    assert found[0].message == message


# --- ABM502 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("end", "recap", "flagged"), [
    ("2026-11-22", None, True), ("2026-11-23", None, False), ("2026-11-01", "2026-11-05", False),
])
def test_a_play_that_ended_without_a_recap_is_abm502(root: Path, end: str, recap: str | None,
                                                     flagged: bool) -> None:
    play(root, start="2026-10-01", brief="2026-09-20", end=end, recap=recap)
    found = lint(root, "ABM502")
    if not flagged:
        assert found == []
        return
    assert where(found) == [("ABM502", "registry/plays/q4-roundtable.yaml", 1)]
    assert found[0].message == "play q4-roundtable: ended 2026-11-22 (1 day ago) with no recap"


# --- ABM503 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("start", "flagged"), [
    ("2026-08-25", False),   # 90 days before 2026-11-23: not yet longer than 90
    ("2026-08-24", True),    # 91 days
])
def test_a_play_past_retire_play_after_days_with_no_signal_is_abm503(
    root: Path, start: str, flagged: bool
) -> None:
    path = play(root, start=start, brief=start, end="2026-12-31")
    found = lint(root, "ABM503", activity=Activity())
    if not flagged:
        assert found == []
        return
    assert where(found) == [("ABM503", "registry/plays/q4-roundtable.yaml",
                             line_of(path, "start:"))]
    assert found[0].message == ("play q4-roundtable: running 91 days since 2026-08-24 with no "
                                "signal from its 1 account; retire_play_after_days is 90")


@pytest.mark.parametrize(("rows", "flagged"), [
    ([row("northwind", "web_visit", datetime(2026, 8, 24, tzinfo=UTC))], False),  # start day
    ([row("northwind", "event_attendance", datetime(2026, 11, 23, 23, 59, tzinfo=UTC))],
     False),                                                          # the last moment of D
    ([row("northwind", "web_visit", datetime(2026, 8, 23, 23, 59, tzinfo=UTC))], True),
    ([row("northwind", "web_visit", datetime(2026, 11, 24, tzinfo=UTC))], True),  # the future
    ([row("northwind", "marketing_touch", datetime(2026, 10, 1, tzinfo=UTC)),
      row("northwind", "sales_touch", datetime(2026, 10, 2, tzinfo=UTC))], True),  # ours
    ([row("contoso", "content_download", datetime(2026, 10, 1, tzinfo=UTC))], True),
])
def test_only_a_signal_from_a_targeted_account_since_the_start_is_engagement(
    root: Path, rows: list[ActivityRow], flagged: bool
) -> None:
    play(root, start="2026-08-24", brief="2026-08-20", end="2026-12-31")
    found = lint(root, "ABM503", activity=Activity(rows=rows))
    assert [f.code for f in found] == (["ABM503"] if flagged else [])


def test_abm503_needs_activity_and_skips_plays_that_ended(root: Path) -> None:
    play(root, start="2026-06-01", brief="2026-05-20", end="2026-12-31")
    play(root, "old-play", start="2026-06-01", brief="2026-05-20", end="2026-11-22",
         recap="2026-11-22")
    assert lint(root, "ABM503") == []    # no activity given: the rule cannot tell
    assert [f.message.split(":")[0] for f in lint(root, "ABM503", activity=Activity())] == [
        "play q4-roundtable"]


def test_retire_play_after_days_comes_from_engagement_yaml(root: Path) -> None:
    write(root, "rules/engagement.yaml", "retire_play_after_days: 20\n")
    play(root, start="2026-11-02", brief="2026-11-01")   # 21 days
    assert [f.code for f in lint(root, "ABM503", activity=Activity())] == ["ABM503"]


# --- ABM504 ----------------------------------------------------------------------------------

def test_a_second_play_for_a_tier_in_one_month_is_abm504(root: Path) -> None:
    play(root, "first", tier="1", start="2026-11-02", brief="2026-11-01")
    second = play(root, "second", tier="1", start="2026-11-30", brief="2026-11-20")
    found = lint(root, "ABM504")
    assert where(found) == [("ABM504", "registry/plays/second.yaml",
                             line_of(second, "start:"))]
    assert found[0].message == ("play second: 2 tier 1 plays start in November 2026 (also "
                                "first); plays_per_tier_per_month is 1")


@pytest.mark.parametrize(("other", "flagged"), [
    ({"tier": "1", "start": "2026-12-01"}, False),                   # the next month
    ({"tier": "1", "start": "2026-10-31"}, False),                   # the month before
    ({"tier": "2", "start": "2026-11-10", "accounts": "[]"}, False),  # another tier
    ({"tier": None, "start": "2026-11-10"}, False),                  # no tier: not counted
    ({"tier": None, "accounts": None, "select": "{tier: 1}", "start": "2026-11-10"}, True),
])
def test_plays_per_tier_per_month_counts_each_tier_and_month(
    root: Path, other: dict[str, str | None], flagged: bool
) -> None:
    play(root, "first", tier="1", start="2026-11-02", brief="2026-10-01")
    play(root, "other", **{"brief": "2026-10-01", "end": "2026-12-31", **other})
    assert [f.code for f in lint(root, "ABM504")] == (["ABM504"] if flagged else [])


@pytest.mark.parametrize(("allowed", "findings"), [(1, 2), (2, 1), (3, 0)])
def test_each_play_beyond_the_allowance_is_reported(root: Path, allowed: int,
                                                   findings: int) -> None:
    write(root, "rules/engagement.yaml", f"plays_per_tier_per_month: {allowed}\n")
    for day, ident in ((2, "a"), (9, "b"), (16, "c")):
        play(root, ident, tier="1", start=f"2026-11-{day:02d}", brief="2026-11-01")
    found = lint(root, "ABM504")
    assert [f.path for f in found] == [f"registry/plays/{i}.yaml" for i in "abc"[3 - findings:]]


# --- ABM505 ----------------------------------------------------------------------------------

@pytest.mark.parametrize(("kind", "looped", "late"), [
    ("major", "2026-12-01", False),   # exactly 90 days before 2027-03-01
    ("major", "2026-12-02", True),    # 89 days
    ("minor", "2026-12-31", False),   # exactly 60 days
    ("minor", "2027-01-01", True),    # 59 days
])
def test_abm_looped_in_later_than_the_lead_time_is_abm505(root: Path, kind: str, looped: str,
                                                          late: bool) -> None:
    path = event(root, kind, "2027-03-01", looped)
    found = lint(root, "ABM505")
    if not late:
        assert found == []
        return
    assert where(found) == [("ABM505", "registry/events/e.yaml", line_of(path, "abm_looped_in:"))]
    lead = 90 if kind == "major" else 60
    assert f"lead time is {lead} days" in found[0].message


@pytest.mark.parametrize(("day", "late"), [
    ("2027-02-21", True),    # the 90-day lead time begins on the as-of date
    ("2027-02-22", False),   # still 91 days away: ABM can still be looped in on time
    ("2026-10-01", True),    # long past
])
def test_an_event_abm_was_never_looped_into_is_late_once_the_lead_time_began(
    root: Path, day: str, late: bool
) -> None:
    event(root, "major", day, None)
    found = lint(root, "ABM505")
    assert [f.code for f in found] == (["ABM505"] if late else [])
    if late:
        assert "ABM not looped in" in found[0].message


def test_the_events_agreement_sets_the_lead_time(root: Path) -> None:
    teams = root / "registry/teams.yaml"
    teams.write_text(teams.read_text().replace("teams:\n",
                                               "teams:\n  - {id: events, kind: events}\n"))
    record_file(root, "registry/agreements/events.yaml", {
        "partner": "events", "lead_time_days": "{major: 120, minor: 60}"})
    event(root, "major", "2027-03-01", "2026-12-01")    # 90 days: on time by default, late here
    (found,) = lint(root, "ABM505")
    assert "lead time is 120 days (by 2026-11-01)" in found.message


# --- ABM506 ----------------------------------------------------------------------------------

def test_a_play_targeting_accounts_of_another_tier_is_abm506(root: Path) -> None:
    path = play(root, tier="1", accounts="[northwind, contoso]")
    found = lint(root, "ABM506")
    assert where(found) == [("ABM506", "registry/plays/q4-roundtable.yaml",
                             line_of(path, "tier:"))]
    assert found[0].message == ("play q4-roundtable: a tier 1 play targets 1 account of another "
                                "tier: contoso (tier 3)")


@pytest.mark.parametrize("changes", [
    {"tier": "1", "accounts": "[northwind]"},
    {"tier": None, "accounts": "[northwind, contoso]"},
    {"tier": "3", "accounts": None, "select": "{tier: 3}"},
])
def test_a_play_whose_accounts_match_its_tier_is_not_abm506(root: Path,
                                                           changes: dict[str, str]) -> None:
    play(root, **changes)
    assert lint(root, "ABM506") == []


def test_bare_records_run_every_rule_without_error(registry_root: Path) -> None:
    write(registry_root, "registry/accounts/a.yaml", """
        accounts:
          - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1}
        """)
    write(registry_root, "registry/plays/p.yaml", """
        {id: p, name: P, owner: abm, start: 2026-11-01, end: 2026-11-02}
        """)
    write(registry_root, "registry/events/e.yaml", """
        {id: e, name: E, kind: minor, date: 2027-06-01}
        """)
    found = lint(registry_root, "ABM", activity=Activity())
    assert sorted({f.code for f in found}) == [
        "ABM104", "ABM105", "ABM201", "ABM204", "ABM401", "ABM501", "ABM502"]


def test_a_long_play_whose_select_matches_no_account_is_abm503(root: Path) -> None:
    play(root, accounts=None, select="{segment: nobody}", start="2026-06-01",
         brief="2026-05-20", end="2026-12-31")
    (found,) = lint(root, "ABM503", activity=Activity())
    assert "no signal from any account (it targets none)" in found.message
