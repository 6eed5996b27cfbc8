"""The timeline finds crossings from a moment on without walking the history before it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from hypothesis import example, given, settings
from hypothesis import strategies as st

from abmctl.engine.activity import ActivityRow
from abmctl.engine.signals import crossings, qualifying_signals
from abmctl.engine.timeline import Timeline
from abmctl.model.settings import SignalSettings

RULES = SignalSettings()  # window_days: 14
START = datetime(2026, 10, 1, tzinfo=UTC)


@settings(max_examples=200, deadline=None)
# the edge: a signal 13.5 days before `after` still makes a moment just after it no crossing
@example(moments=[26, 81], keys=[0] * 30, threshold=1, after=80)
@given(
    moments=st.lists(st.integers(min_value=0, max_value=120), min_size=0, max_size=30),
    keys=st.lists(st.integers(min_value=0, max_value=5), min_size=30, max_size=30),
    threshold=st.integers(min_value=1, max_value=4),
    after=st.integers(min_value=0, max_value=120),
)
def test_crossings_after_a_moment_are_those_of_the_whole_history_after_it(
    moments: list[int], keys: list[int], threshold: int, after: int,
) -> None:
    """Registrations by contacts c0-c5 in 6-hour steps over a month."""
    rows = sorted(
        (ActivityRow(START + timedelta(hours=6 * d), "northwind", "event_registration",
                     f"c{k}@x.com") for d, k in zip(moments, keys, strict=False)),
        key=lambda r: r.occurred_at,
    )
    cut = START + timedelta(hours=6 * after)
    every = crossings(qualifying_signals(rows, RULES), threshold, RULES.window_days)
    assert Timeline(rows).crossings_after(RULES, threshold, cut) == [c for c in every if c > cut]
    # and asked again once the whole history is known, the same answer
    line = Timeline(rows)
    line.crossings(RULES, threshold)
    assert line.crossings_after(RULES, threshold, cut) == [c for c in every if c > cut]


def test_signals_from_a_moment_are_a_slice_of_all_of_them() -> None:
    rows = [ActivityRow(START + timedelta(days=d), "northwind", "event_registration", f"c{d}")
            for d in range(0, 40, 3)]
    line = Timeline(rows)
    late = line.signals(RULES, since=START + timedelta(days=20))
    assert [s.occurred_at for s in late] == [r.occurred_at for r in rows if r.occurred_at >=
                                             START + timedelta(days=20)]
    assert len(line.signals(RULES)) == len(rows)
    assert [s.occurred_at for s in line.signals(RULES, since=START + timedelta(days=20))] == [
        s.occurred_at for s in late]
