"""The small facts about activity rows every report shares: rows by type, values as compared."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from abmctl.engine.activity import ActivityRow, by_type, normal_form

START = datetime(2026, 11, 2, 9, tzinfo=UTC)


def row(kind: str, hours: int) -> ActivityRow:
    return ActivityRow(START + timedelta(hours=hours), "northwind", kind)


def test_rows_by_type_keep_the_order_given_within_each_type() -> None:
    rows = [row("web_visit", 0), row("sales_touch", 1), row("web_visit", 2)]
    kinds = by_type(rows)
    assert kinds == {"web_visit": [rows[0], rows[2]], "sales_touch": [rows[1]]}
    assert kinds.get("meeting_booked") is None  # a type with no rows is absent, not []
    assert by_type([]) == {}


@pytest.mark.parametrize(("written", "compared"), [
    ("White-Paper", "white_paper"), ("  case study ", "case_study"), ("POSITIVE", "positive"),
    ("white_paper", "white_paper"), (None, ""), ("", ""),
])
def test_a_value_is_compared_ignoring_case_space_and_dashes(
    written: str | None, compared: str
) -> None:
    assert normal_form(written) == compared
