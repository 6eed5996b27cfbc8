"""The per-account facts overlap and scorecard share: rows by type, signal windows."""

from __future__ import annotations

from datetime import timedelta

import pytest

from abmctl.engine.signals import in_window
from abmctl.engine.timeline import Timeline, timelines
from abmctl.model.settings import SignalSettings
from tests.catalogue.overlap_builders import activity, at, hot_signals, row

AS_OF = at("2026-11-23").date()


def _line() -> Timeline:
    found = activity(
        *hot_signals("northwind", "2026-10-05T10:00"),
        *hot_signals("northwind", "2026-11-02T10:00"),
        row("2026-10-01", "northwind", "sales_touch"),
        row("2026-10-06T09:00", "northwind", "marketing_touch"),
        row("2026-10-07T10:00", "northwind", "sales_touch"),
        row("2026-11-24", "northwind", "sales_touch"),  # after the as-of day: the future
    )
    return timelines(found, AS_OF)["northwind"]


def test_rows_of_a_type_are_in_time_order_and_end_with_the_as_of_day() -> None:
    line = _line()
    assert [r.occurred_at for r in line.of_type("sales_touch")] == [
        at("2026-10-01"), at("2026-10-07T10:00"),
    ]
    assert line.of_type("meeting_booked") == []
    assert line.first_of("marketing_touch") == at("2026-10-06T09:00")


@pytest.mark.parametrize(
    ("moment", "expected"),
    [("2026-10-01", "2026-10-01"), ("2026-10-01T00:00:01", "2026-10-07T10:00"),
     ("2026-10-07T10:00", "2026-10-07T10:00"), ("2026-10-07T10:01", None)],
    ids=["at-the-moment", "just-after", "exactly-then", "none-left"],
)
def test_next_of_is_the_first_row_at_or_after_a_moment(moment: str, expected: str | None) -> None:
    found = _line().next_of("sales_touch", at(moment))
    assert (found.occurred_at if found else None) == (at(expected) if expected else None)


def test_rows_of_a_type_between_include_the_start_and_leave_out_the_end() -> None:
    line = _line()
    between = line.of_type_between("sales_touch", at("2026-10-01"), at("2026-10-07T10:00"))
    assert [r.occurred_at for r in between] == [at("2026-10-01")]


def test_the_signals_that_made_a_crossing_are_the_engines_window() -> None:
    line, rules = _line(), SignalSettings()
    signals = line.signals(rules)
    moments = [s.occurred_at for s in signals]
    moments += [m + delta for m in moments for delta in (timedelta(microseconds=1),
                                                         -timedelta(microseconds=1))]
    moments += [m + timedelta(days=rules.window_days) for m in moments]
    for moment in moments:
        assert line.made_crossing(rules, moment) == in_window(signals, moment, rules.window_days)
