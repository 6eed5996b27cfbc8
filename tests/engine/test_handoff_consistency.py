"""handoff, the scorecard and ABM606 tell the same story about every account.

What each reports (engine/followup.py is the one home of the SLA):
- `handoff` as of D: the handoffs `handoff_moments` finds (to_active at the meeting of the
  current stage, else to_engagement at the first crossing after stage_since in awareness; hot
  at the latest hot crossing of the last window), each with its `FollowUp`.
- the scorecard's handoff follow-up metric, period P, as of D: every threshold crossing in P
  of every account on the motion, whatever its stage now, each with its `FollowUp`; met ones
  are hits, breached ones pull it down, pending ones are not counted.
- ABM606: every hot crossing (while on the motion) whose `FollowUp` is breached.
So with P covering the whole history, the scorecard's missed crossings are the breached ones
(a plain SLA reference below), handoff's breached to_engagement handoffs are among them (same
moment, same due), and ABM606 fires for exactly the hot ones among handoff's breached ones.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from abmctl.catalogue.base import Context
from abmctl.catalogue.overlap import _Owners, hot_account_not_followed
from abmctl.engine.activity import Activity, ActivityRow
from abmctl.engine.followup import HANDOFF_STAGES
from abmctl.engine.motion import on_motion_before
from abmctl.engine.timeline import Timeline, meeting_at, timelines
from abmctl.engine.windows import Period, end_of, quarter
from abmctl.handoff.report import Handoff, handoffs
from abmctl.load.activity_reader import read_activity_files
from abmctl.load.registry_files import load_registry
from abmctl.registry import Registry
from abmctl.scorecard.metrics import Metric, build_scorecard

REPO = Path(__file__).resolve().parents[2]
START = datetime(2026, 10, 1, tzinfo=UTC)
TEAMS = """\
territories: [emea]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
  - {id: sdr, kind: sdr}
people:
  - {id: ana.lima, name: Ana Lima, team: sales, role: ae, territories: [emea]}
  - {id: raj.patel, name: Raj Patel, team: sdr, role: sdr, territories: [emea]}
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea]}
"""
# what a generated row can be: four contacts registering make distinct signals (two cross the
# threshold, four make the account hot); touches follow up, meetings hand it on
KINDS = ("event_registration",) * 12 + ("sales_touch",) * 7 + ("meeting_booked",)


@dataclass(frozen=True)
class Drawn:
    stage: str
    stage_since: date | None
    meeting_booked: date | None
    rows: list[tuple[int, int, int]]  # (kind index, hours after START, contact)


def _day(offset: int) -> date:
    return (START + timedelta(days=offset)).date()


accounts_drawn = st.builds(
    Drawn,
    stage=st.sampled_from(["awareness", "awareness", "engagement", "active", "closed_lost"]),
    stage_since=st.none() | st.integers(0, 40).map(_day),
    meeting_booked=st.sampled_from([None, None, None, None, 20, 40]).map(
        lambda day: None if day is None else _day(day)),
    rows=st.lists(st.tuples(st.integers(0, len(KINDS) - 1), st.integers(0, 40 * 24),
                            st.integers(0, 4)), max_size=20),
)


def _registry(root: Path, drawn: list[Drawn]) -> Registry:
    lines = ["accounts:"]
    for index, one in enumerate(drawn):
        extra = "".join(
            f", {name}: {value}" for name, value in
            (("stage_since", one.stage_since), ("meeting_booked", one.meeting_booked))
            if value is not None
        )
        lines.append(f"  - {{id: a{index}, name: A{index}, domains: [a{index}.com], tier: 2, "
                     f"region: emea, owners: {{ae: ana.lima, sdr: raj.patel, abm: mei.chen}}, "
                     f"stage: {one.stage}{extra}}}")
    (root / "registry" / "accounts").mkdir(parents=True)
    (root / "registry" / "teams.yaml").write_text(TEAMS, encoding="utf-8")
    (root / "registry" / "accounts" / "all.yaml").write_text("\n".join(lines) + "\n",
                                                            encoding="utf-8")
    reg = load_registry(root)
    assert not reg.load_findings, reg.load_findings
    return reg


def _activity(drawn: list[Drawn]) -> Activity:
    rows = [
        ActivityRow(START + timedelta(hours=hours), f"a{index}", KINDS[kind],
                    f"c{contact}@a{index}.com" if KINDS[kind] != "sales_touch" else None)
        for index, one in enumerate(drawn) for kind, hours, contact in one.rows
    ]
    return Activity(rows=sorted(rows, key=lambda r: r.occurred_at))


def _missed(metric: Metric) -> set[tuple[str, str, str]]:
    return {(p.subject, str(dict(p.details)["crossing"]), str(dict(p.details)["due"]))
            for p in metric.pulling_down}


def _breached(found: list[Handoff], *transitions: str) -> set[tuple[str, str, str]]:
    """handoff's breached handoffs (of `transitions`, if given), as the scorecard names them."""
    return {(h.account.id, iso(h.at), iso(h.due)) for h in found if h.sla_breached
            and (not transitions or h.transition in transitions)}


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _crossings_followed_up(reg: Registry, activity: Activity, as_of: date,
                           period: Period | None = None) -> tuple[set[tuple[str, str, str]], int]:
    """(missed, met) over every threshold crossing (in `period`, if given) of every account on
    the motion: the SLA
    written out plainly (a sales touch in (crossing, crossing + 24 h] before the end of the
    as-of day meets it; none, and the as-of day past due: missed)."""
    known = end_of(as_of)
    lines = timelines(activity, as_of)
    missed: set[tuple[str, str, str]] = set()
    met = 0
    for account in reg.accounts:
        line = lines.get(account.id)
        if line is None or not on_motion_before(account, known):
            continue
        touches = [r.occurred_at for r in line.rows if r.type == "sales_touch"]
        for crossing in line.crossings(reg.settings.signals, reg.settings.signals.threshold):
            if period is not None and not period.opens <= crossing < period.closes:
                continue
            due = crossing + timedelta(hours=24)
            if any(crossing < t <= due and t < known for t in touches):
                met += 1
            elif known > due:
                missed.add((account.id, iso(crossing), iso(due)))
    return missed, met


def _follow_up_metric(reg: Registry, activity: Activity, period: Period, as_of: date) -> Metric:
    card = build_scorecard(reg, activity, period, as_of)
    return next(m for m in card.metrics if m.id == "handoff_follow_up_rate")


@settings(max_examples=80, deadline=None)
@given(drawn=st.lists(accounts_drawn, min_size=1, max_size=4),
       as_of=st.integers(10, 60).map(_day))
def test_scorecard_handoff_and_abm606_agree_on_every_missed_handoff(
    drawn: list[Drawn], as_of: date,
) -> None:
    with tempfile.TemporaryDirectory() as folder:
        reg = _registry(Path(folder), drawn)
    activity = _activity(drawn)
    found = handoffs(reg, activity, as_of, packets=False)
    metric = _follow_up_metric(reg, activity, Period(date(2026, 1, 1), as_of), as_of)

    # the scorecard follows up every threshold crossing, as handoff follows one up: its missed
    # ones are the breached crossings, handoff's breached to_engagement handoffs among them
    missed, met = _crossings_followed_up(reg, activity, as_of)
    assert _missed(metric) == missed
    assert metric.numerator == met
    assert _breached(found, "to_engagement") <= _missed(metric)

    # ABM606 fires for exactly the hot ones among them (crossing and due in its message)
    ctx = Context(as_of=as_of, activity=activity)
    _abm606_fires_for_the_hot_ones(reg, ctx, found)

    # the meeting handoff reports is the one the overlap rules' stage owner goes by
    owners = _Owners(reg, ctx)
    lines = timelines(activity, as_of)
    for account in reg.accounts:
        if account.stage not in HANDOFF_STAGES:
            continue
        meeting = meeting_at(account, lines.get(account.id), as_of)
        to_active = [h.at for h in found if h.account is account and h.transition == "to_active"]
        assert to_active == ([meeting] if meeting else [])
        assert owners.decides(account) == ("ana.lima" if meeting else "abm")


def _abm606_fires_for_the_hot_ones(reg: Registry, ctx: Context, found: list[Handoff]) -> int:
    """For each breached handoff: ABM606 names its moment and due iff it is a hot crossing.
    Returns how many did fire."""
    fired = [f.message for f in hot_account_not_followed(reg, ctx)]
    lines = timelines(ctx.activity, ctx.as_of)
    count = 0
    for h in found:
        if not h.sla_breached:
            continue
        line = lines.get(h.account.id) or Timeline(())
        hot = h.at in line.hot_crossings(reg.settings.signals)
        said = any(_names(message, h) for message in fired)
        assert said is hot, (h, fired)
        count += said
    return count


def _names(message: str, handoff: Handoff) -> bool:
    """Does an ABM606 message name this account's crossing and due time?"""
    stamp = re.compile(r"^(\S+) turned hot (.+?) \(.*\(due (.+?)\)")
    match = stamp.match(message)
    return (match is not None and match.group(1) == handoff.account.id
            and match.group(2) == _stamp(handoff.at) and match.group(3) == _stamp(handoff.due))


def _stamp(moment: datetime) -> str:
    if moment.hour or moment.minute or moment.second:
        return moment.strftime("%Y-%m-%d %H:%M UTC")
    return moment.strftime("%Y-%m-%d")


def test_the_example_registry_scorecard_follows_up_every_crossing_of_the_quarter() -> None:
    """Every threshold crossing of the quarter counts, whatever the account's stage now:
    nordlicht-energie's re-crossing on 2026-11-19 while in engagement is missed too, and each
    to_engagement handoff `abmctl handoff` reports breached is among the missed crossings."""
    reg = load_registry(REPO)
    activity = read_activity_files([REPO / "registry" / "signals"], reg, root=REPO)
    as_of = date(2026, 11, 23)
    found = handoffs(reg, activity, as_of, packets=False)
    metric = _follow_up_metric(reg, activity, quarter("2026Q4"), as_of)
    missed, met = _crossings_followed_up(reg, activity, as_of, quarter("2026Q4"))
    assert (_missed(metric), metric.numerator) == (missed, met)
    assert _breached(found, "to_engagement") <= _missed(metric)
    assert sorted(p.subject for p in metric.pulling_down) == [
        "brightwater-logistics", "fernhill-media", "lotus-bay-hospitals", "nordlicht-energie",
        "ostara-energy", "saltire-retail", "tidewater-shipping",
    ]
    # brightwater-logistics is the hot one: ABM606 names it, and only it among them
    assert _abm606_fires_for_the_hot_ones(reg, Context(as_of=as_of, activity=activity),
                                          found) == 1
