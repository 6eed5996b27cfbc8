"""Review windows at their edges, as `tiers plan` reports them and `tiers apply` obeys them
(SPEC §3.1; seed 000 Rule 1: tier changes on a cadence, never mid-cycle)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from abmctl.engine.windows import window_for
from abmctl.model.settings import Review
from tests.support.cli import invoke
from tests.tiers.builders import OPEN_TIERS, account, make_registry


def review_rules(review: str) -> str:
    return OPEN_TIERS.replace("review: {cadence: quarterly, window_days: 14}", review)


@pytest.mark.parametrize(("review", "day", "is_open", "start", "end", "next_start"), [
    # quarterly, calendar year: the last day of the window, the first day after
    ({}, date(2026, 10, 14), True, date(2026, 10, 1), date(2026, 10, 14), date(2027, 1, 1)),
    ({}, date(2026, 10, 15), False, date(2026, 10, 1), date(2026, 10, 14), date(2027, 1, 1)),
    ({}, date(2026, 12, 31), False, date(2026, 10, 1), date(2026, 10, 14), date(2027, 1, 1)),
    # fiscal year starting in February: quarters open Feb, May, Aug, Nov
    ({"year_start_month": 2}, date(2026, 2, 14), True, date(2026, 2, 1), date(2026, 2, 14),
     date(2026, 5, 1)),
    ({"year_start_month": 2}, date(2026, 2, 15), False, date(2026, 2, 1), date(2026, 2, 14),
     date(2026, 5, 1)),
    ({"year_start_month": 2}, date(2026, 1, 31), False, date(2025, 11, 1),
     date(2025, 11, 14), date(2026, 2, 1)),
    ({"year_start_month": 2}, date(2026, 11, 1), True, date(2026, 11, 1), date(2026, 11, 14),
     date(2027, 2, 1)),
    # monthly: December rolls into the next year
    ({"cadence": "monthly", "window_days": 5}, date(2026, 12, 5), True, date(2026, 12, 1),
     date(2026, 12, 5), date(2027, 1, 1)),
    ({"cadence": "monthly", "window_days": 5}, date(2026, 12, 6), False, date(2026, 12, 1),
     date(2026, 12, 5), date(2027, 1, 1)),
    # weekly: Monday starts; 3 days = Monday to Wednesday
    ({"cadence": "weekly", "window_days": 3}, date(2026, 11, 25), True, date(2026, 11, 23),
     date(2026, 11, 25), date(2026, 11, 30)),
    ({"cadence": "weekly", "window_days": 3}, date(2026, 11, 26), False, date(2026, 11, 23),
     date(2026, 11, 25), date(2026, 11, 30)),
    # weekly windows are capped at 7 days: Sunday is still inside
    ({"cadence": "weekly", "window_days": 14}, date(2026, 11, 29), True, date(2026, 11, 23),
     date(2026, 11, 29), date(2026, 11, 30)),
])
def test_window_edges(review: dict[str, object], day: date, is_open: bool, start: date,
                      end: date, next_start: date) -> None:
    window = window_for(day, Review.model_validate(review))
    assert (window.is_open(day), window.start, window.end, window.next_start) == (
        is_open, start, end, next_start)


@pytest.mark.parametrize(("day", "line"), [
    ("2026-10-14", "Review window open until 2026-10-14 (opened 2026-10-01)."),
    ("2026-10-15", "Review window closed (it ran 2026-10-01 to 2026-10-14); the next opens on "
                   "2027-01-01."),
])
def test_plan_says_where_the_window_stands(tmp_path: Path, day: str, line: str) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 65)]}, OPEN_TIERS)
    done = invoke("tiers", "plan", "--root", str(tmp_path), "--as-of", day)
    assert done.returncode == 0
    assert done.stdout.splitlines()[1] == line


def test_plan_json_window_for_a_fiscal_february_year(tmp_path: Path) -> None:
    tiers = review_rules("review: {cadence: quarterly, window_days: 14, year_start_month: 2}")
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 65)]}, tiers)
    done = invoke("tiers", "plan", "--root", str(tmp_path), "--as-of", "2026-05-15",
                  "--format", "json")
    assert done.returncode == 0
    assert json.loads(done.stdout)["window"] == {"open": False, "start": "2026-05-01",
                                                 "end": "2026-05-14", "next_start": "2026-08-01"}


@pytest.mark.parametrize(("review", "day", "applies"), [
    ("review: {cadence: quarterly, window_days: 14}", "2026-10-14", True),
    ("review: {cadence: quarterly, window_days: 14}", "2026-10-15", False),
    ("review: {cadence: weekly, window_days: 1}", "2026-11-23", True),   # a Monday
    ("review: {cadence: weekly, window_days: 1}", "2026-11-24", False),
])
def test_apply_writes_on_the_windows_last_day_and_refuses_the_day_after(
    tmp_path: Path, review: str, day: str, applies: bool
) -> None:
    make_registry(tmp_path, {"a.yaml": [account("acme", 2, 90, 90)]}, review_rules(review))
    before = (tmp_path / "registry/accounts/a.yaml").read_text()
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", day)
    after = (tmp_path / "registry/accounts/a.yaml").read_text()
    if applies:
        assert done.returncode == 0
        assert f"tier_since: {day}" in after
    else:
        assert done.returncode == 1
        assert "the review window is closed" in done.stderr and "the next opens on" in done.stderr
        assert after == before
