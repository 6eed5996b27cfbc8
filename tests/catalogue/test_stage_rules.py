"""ABM301-ABM302: no plays on accounts off the motion; a booked meeting makes an account
active."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.catalogue.builders import account, accounts_file, line_of, lint, record_file, where


def play(root: Path, start: str, end: str, accounts: str | None = "[northwind]",
         select: str | None = None, owner: str = "abm") -> Path:
    return record_file(root, "registry/plays/p.yaml", {
        "id": "q4-roundtable", "name": "Q4 roundtable", "owner": owner,
        "accounts": accounts, "select": select, "start": start, "end": end,
        "brief": start,
    })


@pytest.mark.parametrize(("start", "end", "flagged"), [
    ("2026-11-01", "2026-12-15", True),    # running on the as-of date
    ("2026-12-01", "2026-12-31", True),    # still to come
    ("2026-09-01", "2026-10-14", True),    # ended the day the account was disqualified
    ("2026-09-01", "2026-10-20", True),    # ran on a week after it
    ("2026-09-01", "2026-10-13", False),   # ended the day before: history
])
def test_a_play_on_a_disqualified_account_is_abm301(root_with_off_motion: Path, start: str,
                                                    end: str, flagged: bool) -> None:
    path = play(root_with_off_motion, start, end, owner="sales")
    found = lint(root_with_off_motion, "ABM3")
    if not flagged:
        assert found == []
        return
    assert where(found) == [("ABM301", "registry/plays/p.yaml", line_of(path, "accounts:"))]
    assert found[0].account == "northwind"
    assert found[0].message.startswith(
        f"play q4-roundtable ({start}..{end}) targets northwind, which is disqualified since "
        "2026-10-14")


@pytest.fixture
def root_with_off_motion(registry_root: Path) -> Path:
    accounts_file(registry_root, account("northwind", stage="disqualified",
                                         stage_since="2026-10-14"))
    return registry_root


@pytest.mark.parametrize(("start", "end", "flagged"), [
    ("2026-11-01", "2026-11-23", True),    # ends on the as-of date: still running
    ("2026-11-01", "2026-11-22", False),   # ended: without stage_since it is history
])
def test_without_stage_since_only_running_or_coming_plays_are_abm301(
    registry_root: Path, start: str, end: str, flagged: bool
) -> None:
    accounts_file(registry_root, account("northwind", stage="closed_lost"))
    play(registry_root, start, end)
    assert [f.code for f in lint(registry_root, "ABM3")] == (["ABM301"] if flagged else [])


def test_a_select_that_picks_an_off_motion_account_is_abm301(registry_root: Path) -> None:
    accounts_file(registry_root, account("northwind", tier="2", stage="not_ready"),
                  account("contoso", tier="2"))
    path = play(registry_root, "2026-11-01", "2026-12-15", accounts=None, select="{tier: 2}")
    found = lint(registry_root, "ABM3")
    assert where(found) == [("ABM301", "registry/plays/p.yaml", line_of(path, "select:"))]
    assert found[0].account == "northwind"


@pytest.mark.parametrize("stage", ["awareness", "engagement", "active", "expand"])
def test_a_play_on_accounts_on_the_motion_is_not_abm301(registry_root: Path,
                                                        stage: str) -> None:
    accounts_file(registry_root, account("northwind", stage=stage))
    play(registry_root, "2026-11-01", "2026-12-15")
    assert lint(registry_root, "ABM301") == []


@pytest.mark.parametrize("stage", ["awareness", "engagement"])
def test_a_meeting_booked_before_the_active_stage_is_abm302(registry_root: Path,
                                                            stage: str) -> None:
    path = accounts_file(registry_root, account("northwind", stage=stage,
                                                meeting_booked="2026-11-20"))
    found = lint(registry_root, "ABM3")
    assert where(found) == [("ABM302", "registry/accounts/a.yaml", line_of(path, "stage:"))]
    assert found[0].message == (f"northwind: meeting booked 2026-11-20 but stage is {stage}; "
                                "a booked qualified meeting makes the account active")


@pytest.mark.parametrize(("stage", "meeting"), [
    ("active", "2026-11-20"), ("active", None), ("expand", "2026-06-01"),
    ("engagement", None),
])
def test_stage_and_meeting_that_agree_are_not_abm302(registry_root: Path, stage: str,
                                                     meeting: str | None) -> None:
    accounts_file(registry_root, account("northwind", stage=stage, meeting_booked=meeting))
    assert lint(registry_root, "ABM302") == []


def test_an_inline_comment_on_the_play_silences_abm301(root_with_off_motion: Path) -> None:
    path = play(root_with_off_motion, "2026-11-01", "2026-12-15")
    path.write_text(path.read_text().replace(
        "id: q4-roundtable", 'id: q4-roundtable  # abmctl: ignore[ABM301] reason="win-back"'))
    assert lint(root_with_off_motion, "ABM3") == []
