"""The engine's per-account results, read through the product's activity reader, against a
small reference implementation written straight from the definitions (docs/reference.md,
Signals), on generated data and on the boundary cases: exactly 3 visits in 14 days, the 14th
against the 15th day, an intent score exactly at its cap and a third-party score exactly at
`min_score`, a crossing exactly at `stage_since`, a sales touch exactly at the SLA's due time.

The reference is brute force on purpose (every window recounted from scratch), so that it is
obviously right; the engine is what abmctl runs (`engine.timeline`, `engine.signals`,
`engine.followup`) on the rows as `abmctl.load.activity_reader` reads them from a CSV file.
"""

from __future__ import annotations

import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from abmctl.engine.followup import follow_up
from abmctl.engine.signals import intent_scores
from abmctl.engine.timeline import timelines
from abmctl.load.activity_reader import read_activity_files
from abmctl.load.registry_files import load_registry
from tests.support.registry import write, write_registry

AS_OF = date(2026, 11, 23)
END = datetime(2026, 11, 24, tzinfo=UTC)  # the end of the as-of day
WINDOW = timedelta(days=14)
ACCOUNTS = ("a0", "a1")
REGISTRY = """
accounts:
  - id: a0
    name: A Zero
    domains: [a0.com]
    tier: 3
  - id: a1
    name: A One
    domains: [a1.com]
    tier: 3
"""
ASSETS = {"case_study", "competitive_comparison", "roi_calculator"}


@dataclass(frozen=True)
class Row:
    account: int
    at: datetime
    type: str
    contact: str = ""
    detail: str = ""
    score: str = ""
    sentiment: str = ""


# ---------------------------------------------------------------- the reference implementation

def ref_signals(rows: list[Row]) -> list[tuple[datetime, tuple[str, str | None]]]:
    """(moment, distinct key) of one account's qualifying signals, rows up to the as-of day."""
    rows = sorted((r for r in rows if r.at < END), key=lambda r: r.at)
    found = []
    for r in rows:
        contact = r.contact.strip().lower().replace(" ", "_").replace("-", "_") or None
        qualifies = (
            (r.type == "content_download" and r.detail in ASSETS)
            or r.type in ("event_registration", "event_attendance")
            or (r.type == "third_party_intent" and r.score != "" and float(r.score) >= 60)
            or (r.type == "outbound_response" and r.sentiment == "positive")
        )
        if qualifies:
            found.append((r.at, (r.type, contact)))
    counted: list[datetime] = []
    for r in rows:
        if r.type != "web_visit":
            continue
        counted = [t for t in counted if t > r.at - WINDOW] + [r.at]
        if len(counted) >= 3:  # 3 visits within 14 days are one signal; counting restarts
            found.append((r.at, ("web_visit", None)))
            counted = []
    return sorted(found, key=lambda s: s[0])


def ref_crossings(signals: list[tuple[datetime, tuple[str, str | None]]],
                  threshold: int) -> list[datetime]:
    """Each moment the distinct keys in (t - 14 days, t] reach `threshold` from below: just
    before t, the window (t - 14 days - e, t - e] held those in [t - 14 days, t)."""
    found = []
    for t in sorted({at for at, _ in signals}):
        before = {k for at, k in signals if t - WINDOW <= at < t}
        after = {k for at, k in signals if t - WINDOW < at <= t}
        if len(before) < threshold <= len(after):
            found.append(t)
    return found


def ref_intent(signals: list[tuple[datetime, tuple[str, str | None]]]) -> int:
    since = END - timedelta(days=90)
    return min(100, 15 * len({k for at, k in signals if since <= at < END}))


def ref_follow_up(rows: list[Row], crossing: datetime) -> tuple[datetime | None, str]:
    due = crossing + timedelta(hours=24)
    touches = sorted(r.at for r in rows if r.type == "sales_touch" and crossing < r.at <= due
                     and r.at < END)
    if touches:
        return touches[0], "met"
    return None, "breached" if due < END else "pending"


# ---------------------------------------------------------------- the engine, through the reader

def engine_results(rows: list[Row], stage_since: date) -> dict[str, object]:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        write_registry(root, {"registry/accounts/all.yaml": REGISTRY})
        lines = ["occurred_at,account,type,contact,detail,score,sentiment,source"]
        for r in rows:
            lines.append(",".join([r.at.strftime("%Y-%m-%dT%H:%M:%SZ"),
                                   f"{ACCOUNTS[r.account]}.com", r.type, r.contact, r.detail,
                                   r.score, r.sentiment, "gen"]))
        path = write(root, "activity.csv", "\n".join(lines) + "\n")
        reg = load_registry(root)
        activity = read_activity_files([path], reg, root=root)
        assert not activity.skipped
        rules = reg.settings.signals
        lines_of = timelines(activity, AS_OF)
        intents = intent_scores(reg, activity, AS_OF)
        since = datetime.combine(stage_since, datetime.min.time(), UTC)
        results: dict[str, object] = {}
        for account in ACCOUNTS:
            line = lines_of.get(account)
            if line is None:
                results[account] = ([], [], None, None, intents[account], [])
                continue
            crossed = line.crossings(rules, rules.threshold)
            results[account] = (
                crossed, line.hot_crossings(rules), line.first_crossing(rules, after=since),
                line.latest_hot_crossing(rules, AS_OF), intents[account],
                [(f.touched_at, f.status) for f in
                 (follow_up(line, c, rules, AS_OF) for c in crossed)],
            )
        return results


def reference_results(rows: list[Row], stage_since: date) -> dict[str, object]:
    since = datetime.combine(stage_since, datetime.min.time(), UTC)
    results: dict[str, object] = {}
    for n, account in enumerate(ACCOUNTS):
        mine = [r for r in rows if r.account == n]
        signals = ref_signals(mine)
        crossed = ref_crossings(signals, 2)
        hot = ref_crossings(signals, 4)
        later = [c for c in crossed if c > since]
        recent = [c for c in hot if c > END - WINDOW]
        has_signal_rows = any(r.type not in ("marketing_touch", "sales_touch", "meeting_booked")
                              for r in mine)
        results[account] = (
            crossed, hot, later[0] if later else None, recent[-1] if recent else None,
            ref_intent(signals) if has_signal_rows else 0,
            [ref_follow_up(mine, c) for c in crossed],
        )
    return results


# ---------------------------------------------------------------- generated data

TYPES = ("web_visit", "web_visit", "web_visit", "content_download", "event_registration",
         "event_attendance", "third_party_intent", "outbound_response", "sales_touch",
         "marketing_touch", "meeting_booked")


@st.composite
def rows(draw: st.DrawFn) -> Row:
    kind = draw(st.sampled_from(TYPES))
    # whole weeks (7 and 14 days apart: the window's edges), the days around the 90-day
    # lookback's first day, any day from 100 back to 2 after the as-of day (the future)
    day = draw(st.integers(-13, 0).map(lambda w: 7 * w) | st.sampled_from([-90, -89, -88])
               | st.integers(-100, 2))
    hour = draw(st.sampled_from([0, 9, 23]))
    at = datetime.combine(AS_OF + timedelta(days=day), datetime.min.time(), UTC) + timedelta(
        hours=hour)
    contact = draw(st.sampled_from(["", "ann@x.com", "bob@x.com", "Ann@X.com", "cy@x.com"]))
    detail = draw(st.sampled_from(["", "case_study", "ebook", "roi_calculator", "/pricing"]))
    score = draw(st.sampled_from(["", "59", "60", "60.0", "61", "95"])) \
        if kind == "third_party_intent" else ""
    sentiment = draw(st.sampled_from(["", "positive", "negative"])) \
        if kind == "outbound_response" else ""
    return Row(draw(st.integers(0, 1)), at, kind, contact, detail, score, sentiment)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(rows(), max_size=60),
       st.integers(min_value=-60, max_value=0).map(lambda d: AS_OF + timedelta(days=d)))
def test_engine_equals_the_reference_on_generated_activity(
    generated: list[Row], stage_since: date,
) -> None:
    assert engine_results(generated, stage_since) == reference_results(generated, stage_since)


# ---------------------------------------------------------------- the boundaries, by name

def at(day: int, hour: int = 9) -> datetime:
    return datetime.combine(AS_OF + timedelta(days=day), datetime.min.time(), UTC) + timedelta(
        hours=hour)


def visit(day: int, hour: int = 9) -> Row:
    return Row(0, at(day, hour), "web_visit")


def test_exactly_three_visits_within_14_days_are_one_signal() -> None:
    signals = ref_signals([visit(-20), visit(-14), visit(-7)])
    assert signals == [(at(-7), ("web_visit", None))]
    rows_ = [visit(-20), visit(-14), visit(-7),
             Row(0, at(-7, 10), "event_registration", "ann@x.com")]
    assert engine_results(rows_, AS_OF - timedelta(days=60))["a0"] == reference_results(
        rows_, AS_OF - timedelta(days=60))["a0"]
    assert reference_results(rows_, AS_OF - timedelta(days=60))["a0"][0] == [at(-7, 10)]


def test_a_visit_exactly_14_days_before_no_longer_counts() -> None:
    # day -21, -14, -7 at the same hour: the first is exactly 14 days before the third
    assert ref_signals([visit(-21), visit(-14), visit(-7)]) == []
    assert ref_signals([visit(-21, 10), visit(-14), visit(-7, 9)]) == [
        (at(-7), ("web_visit", None))]  # 13 days and 23 hours: still in
    for case in ([visit(-21), visit(-14), visit(-7)],
                 [visit(-21, 10), visit(-14), visit(-7, 9)]):
        case = [*case, Row(0, at(-7, 12), "event_attendance", "bob@x.com")]
        assert engine_results(case, AS_OF)["a0"] == reference_results(case, AS_OF)["a0"]


def test_intent_exactly_at_the_cap_and_a_score_exactly_at_min_score() -> None:
    contacts = [f"c{n}@x.com" for n in range(7)]  # 7 distinct keys x 15 = 105 -> 100
    rows_ = [Row(0, at(-n), "event_registration", c) for n, c in enumerate(contacts)]
    rows_ += [Row(1, at(-3), "third_party_intent", score="60"),
              Row(1, at(-2), "third_party_intent", "z@x.com", score="59.99")]
    engine = engine_results(rows_, AS_OF)
    assert engine == reference_results(rows_, AS_OF)
    assert engine["a0"][4] == 100  # type: ignore[index]
    assert engine["a1"][4] == 15  # type: ignore[index]  # 60 counts, 59.99 does not


def test_a_crossing_exactly_at_stage_since_is_not_after_it() -> None:
    rows_ = [Row(0, at(-30, 0), "event_registration", "ann@x.com"),
             Row(0, at(-30, 0), "event_attendance", "ann@x.com"),
             Row(0, at(-5), "event_registration", "bob@x.com"),
             Row(0, at(-5), "event_attendance", "bob@x.com")]
    stage_since = AS_OF - timedelta(days=30)  # its first moment is the first crossing
    engine = engine_results(rows_, stage_since)
    assert engine == reference_results(rows_, stage_since)
    crossed, _, first_after, *_ = engine["a0"]  # type: ignore[misc]
    assert crossed == [at(-30, 0), at(-5)]
    assert first_after == at(-5)


def test_a_sales_touch_exactly_at_the_due_time_meets_the_sla() -> None:
    rows_ = [Row(0, at(-5), "event_registration", "ann@x.com"),
             Row(0, at(-5), "event_attendance", "bob@x.com"),
             Row(0, at(-4), "sales_touch")]  # exactly 24 hours later
    engine = engine_results(rows_, AS_OF - timedelta(days=30))
    assert engine == reference_results(rows_, AS_OF - timedelta(days=30))
    assert engine["a0"][5] == [(at(-4), "met")]  # type: ignore[index]


def test_a_signal_leaving_as_another_arrives_is_no_new_crossing() -> None:
    # A, B a week apart cross; C a week after B: A leaves the window (exactly 14 days old) as C
    # arrives, so the count is 2 just before C and at C: no dip, no second crossing
    rows_ = [Row(0, at(-20), "event_registration", "a@x.com"),
             Row(0, at(-13), "event_registration", "b@x.com"),
             Row(0, at(-6), "event_registration", "c@x.com")]
    engine = engine_results(rows_, AS_OF - timedelta(days=30))
    assert engine == reference_results(rows_, AS_OF - timedelta(days=30))
    assert engine["a0"][0] == [at(-13)]  # type: ignore[index]


def test_a_signal_leaving_a_moment_before_another_arrives_makes_a_new_crossing() -> None:
    # the same, C a second later: between A's leaving and C's arrival the count was 1
    rows_ = [Row(0, at(-20), "event_registration", "a@x.com"),
             Row(0, at(-13), "event_registration", "b@x.com"),
             Row(0, at(-6) + timedelta(seconds=1), "event_registration", "c@x.com")]
    engine = engine_results(rows_, AS_OF - timedelta(days=30))
    assert engine == reference_results(rows_, AS_OF - timedelta(days=30))
    assert engine["a0"][0] == [at(-13), at(-6) + timedelta(seconds=1)]  # type: ignore[index]
