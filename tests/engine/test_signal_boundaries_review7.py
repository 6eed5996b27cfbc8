"""The signal rules at the boundaries the contract states, read through the command a user runs
(`abmctl handoff` / `abmctl tiers plan` with `--format json` and `--as-of`) on generated
registries: the web-visit grouping window (the 14th against the 15th day, counting afresh after
a signal), `distinct_by`, the hot threshold, the ends of the intent lookback and the freshness
line."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"


def account(ident: str = "northwind", *, tier: int = 1, stage: str = "awareness",
            stage_since: str = "2026-10-01", more: str = "") -> str:
    return (f"  - {{id: {ident}, name: {ident.title()}, domains: [{ident}.com], tier: {tier}, "
            f"tier_since: 2026-10-01, region: emea, "
            f"owners: {{ae: ana.lima, sdr: raj.patel, abm: mei.chen}}, stage: {stage}, "
            f"stage_since: {stage_since}{more}}}\n")


def registry(root: Path, rows: list[str], *accounts: str,
             files: dict[str, str] | None = None) -> Path:
    """teams.yaml, the accounts, `rows` (CSV lines without the header) as
    registry/signals/activity.csv, and `files`."""
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml", "accounts:\n" + "".join(accounts or [account()]))
    (root / "registry/signals").mkdir(parents=True, exist_ok=True)
    (root / "registry/signals/activity.csv").write_text(
        HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    for rel, text in (files or {}).items():
        write(root, rel, text)
    return root


def row(when: str, kind: str, contact: str = "", detail: str = "", *,
        who: str = "northwind.com", score: str = "", sentiment: str = "") -> str:
    return f"{when},{who},{kind},{contact},{detail},{score},{sentiment},test"


def report(root: Path, *args: str) -> dict[str, Any]:
    done = invoke(*args, "--root", str(root), "--format", "json")
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def handoffs(root: Path, as_of: str) -> list[tuple[str, str]]:
    """(transition, at) of each handoff as of the day."""
    return [(h["transition"], h["at"]) for h in report(root, "handoff", "--as-of", as_of)
            ["handoffs"]]


# ---------------------------------------------------------------- web visits


@pytest.mark.parametrize(("third", "signal"), [("2026-11-14", True), ("2026-11-15", False)])
def test_three_date_only_visits_make_one_signal_within_fourteen_days(
    tmp_path: Path, third: str, signal: bool,
) -> None:
    """Visits on Nov 1, Nov 7 and Nov 14 are inside (Nov 14 - 14 days, Nov 14]; on Nov 15 the
    first has left the window. A registration on the third visit's day makes the second
    distinct signal, so a web-visit signal shows as a to_engagement handoff with both."""
    rows = [row("2026-11-01", "web_visit", detail="/pricing"),
            row("2026-11-07", "web_visit", detail="/docs"),
            row(third, "web_visit", detail="/pricing"),
            row(f"{third}T08:00:00Z", "event_registration", "bo@x.com", "q4-roundtable")]
    root = registry(tmp_path, rows)
    found = report(root, "handoff", "--as-of", "2026-11-20")["handoffs"]
    if signal:
        assert [h["transition"] for h in found] == ["to_engagement"]
        assert [s["type"] for s in found[0]["signals"]] == ["web_visit", "event_registration"]
        assert found[0]["at"] == f"{third}T08:00:00Z"
    else:
        assert found == []


def test_visits_count_afresh_after_a_signal_and_all_visit_signals_share_one_key(
    tmp_path: Path,
) -> None:
    """Six visits on six days make two web-visit signals (counting starts afresh after the
    third), but a web-visit signal belongs to the account, not a contact: two of them are one
    distinct signal, below the threshold of 2."""
    rows = [row(f"2026-11-0{day}", "web_visit", detail="/pricing") for day in range(1, 7)]
    assert handoffs(registry(tmp_path, rows), "2026-11-10") == []


def test_a_visit_counted_into_one_signal_is_not_counted_again(tmp_path: Path) -> None:
    """Five visits are one signal and two left over: a sixth visit after the first three left
    the window does not complete a second signal with visits 4 and 5 plus an old one."""
    rows = [row(f"2026-11-0{day}", "web_visit", detail="/") for day in (1, 2, 3, 4, 5)]
    rows.append(row("2026-11-09T10:00:00Z", "event_registration", "bo@x.com", "ev"))
    root = registry(tmp_path, rows)
    # two distinct signals: the visits (Nov 3) and the registration (Nov 9)
    assert handoffs(root, "2026-11-10") == [("to_engagement", "2026-11-09T10:00:00Z")]
    signals = report(root, "handoff", "--as-of", "2026-11-10")["handoffs"][0]["signals"]
    assert [(s["type"], s["occurred_at"]) for s in signals] == [
        ("web_visit", "2026-11-03T00:00:00Z"), ("event_registration", "2026-11-09T10:00:00Z")]


# ---------------------------------------------------------------- distinct_by


@pytest.mark.parametrize(("distinct_by", "handed_on"), [
    ("[type, contact]", True),  # two contacts registering are two signals (the default)
    ("[type]", False),          # by type only: two registrations are one
])
def test_distinct_by_decides_whether_two_registrations_are_two(
    tmp_path: Path, distinct_by: str, handed_on: bool,
) -> None:
    rows = [row("2026-11-02", "event_registration", "ann@x.com", "ev"),
            row("2026-11-03", "event_registration", "bo@x.com", "ev")]
    root = registry(tmp_path, rows,
                    files={"rules/signals.yaml": f"distinct_by: {distinct_by}\n"})
    assert bool(handoffs(root, "2026-11-05")) is handed_on


def test_one_contact_written_in_two_cases_is_one_contact(tmp_path: Path) -> None:
    rows = [row("2026-11-02", "event_registration", "Ann@X.com", "ev"),
            row("2026-11-03", "event_attendance", "ann@x.com", "ev")]
    # two types: distinct by type already (a crossing)
    assert handoffs(registry(tmp_path / "a", rows), "2026-11-05") == [
        ("to_engagement", "2026-11-03T00:00:00Z")]
    same_type = [row("2026-11-02", "event_registration", "Ann@X.com", "ev"),
                 row("2026-11-03", "event_registration", " ann@x.com ", "ev2")]
    assert handoffs(registry(tmp_path / "b", same_type), "2026-11-05") == []


# ---------------------------------------------------------------- hot threshold


@pytest.mark.parametrize(("signals", "hot"), [(3, False), (4, True)])
def test_hot_needs_exactly_hot_threshold_distinct_signals(
    tmp_path: Path, signals: int, hot: bool,
) -> None:
    rows = [row(f"2026-11-0{n}", "event_registration", f"c{n}@x.com", "ev")
            for n in range(1, signals + 1)]
    root = registry(tmp_path, rows, account(stage="engagement"))
    expected = [("hot", f"2026-11-0{signals}T00:00:00Z")] if hot else []
    assert handoffs(root, "2026-11-06") == expected


def test_a_hot_crossing_is_reported_until_window_days_have_passed(tmp_path: Path) -> None:
    """Four signals by Nov 4 09:00: hot as of Nov 17 (the crossing is inside the 14 days that
    end with Nov 17), not as of Nov 18."""
    rows = [row(f"2026-11-0{n}T09:00:00Z", "event_registration", f"c{n}@x.com", "ev")
            for n in range(1, 5)]
    root = registry(tmp_path, rows, account(stage="engagement"))
    assert handoffs(root, "2026-11-17") == [("hot", "2026-11-04T09:00:00Z")]
    assert handoffs(root, "2026-11-18") == []


# ---------------------------------------------------------------- intent lookback and freshness

TIERS = """
review: {cadence: quarterly, window_days: 14}
tiers:
  - {id: 1, name: Strategic, motion: one_to_one, promote: {fit: 80, intent: 60},
     keep: {fit: 70, intent: 30}}
  - {id: 2, name: Scaled, motion: one_to_few, promote: {fit: 70}, keep: {fit: 60}}
"""


def plan(root: Path, as_of: str) -> dict[str, Any]:
    return report(root, "tiers", "plan", "--as-of", as_of)


@pytest.mark.parametrize(("as_of", "kept"), [
    ("2026-11-01", True),   # Aug 4 is the 90th day counting back from Nov 1: intent 30
    ("2026-11-02", False),  # Aug 4 has left the lookback: intent 15 < keep 30
])
def test_the_intent_lookback_holds_lookback_days_ending_with_the_as_of_day(
    tmp_path: Path, as_of: str, kept: bool,
) -> None:
    rows = [row("2026-08-04", "event_registration", "ann@x.com", "ev"),
            row("2026-10-25", "event_registration", "bo@x.com", "ev")]
    root = registry(tmp_path, rows, account(more=", scores: {fit: 75}"),
                    files={"rules/tiers.yaml": TIERS})
    found = plan(root, as_of)
    assert found["held"] == []
    if kept:
        assert found["changes"] == []
    else:
        assert [(c["account"], c["from"], c["to"]) for c in found["changes"]] == [
            ("northwind", 1, 2)]
        assert "intent 15 < 30" in found["changes"][0]["reason"]


def test_a_row_after_the_as_of_day_is_not_intent_yet(tmp_path: Path) -> None:
    """A signal at 00:00 the day after the as-of day is the future: intent stays 15."""
    rows = [row("2026-10-25", "event_registration", "ann@x.com", "ev"),
            row("2026-11-02T00:00:00Z", "event_registration", "bo@x.com", "ev")]
    root = registry(tmp_path, rows, account(more=", scores: {fit: 75}"),
                    files={"rules/tiers.yaml": TIERS})
    assert [c["to"] for c in plan(root, "2026-11-01")["changes"]] == [2]
    assert plan(root, "2026-11-02")["changes"] == []


@pytest.mark.parametrize(("as_of", "stale"), [("2026-11-24", False), ("2026-11-25", True)])
def test_activity_is_stale_from_the_day_after_stale_after_days(
    tmp_path: Path, as_of: str, stale: bool,
) -> None:
    """The newest row (Oct 25) exactly 30 days before the as-of day is fresh and the demotion
    on intent goes through; a day later it is held, with the staleness as the reason."""
    rows = [row("2026-10-25", "event_registration", "ann@x.com", "ev")]
    root = registry(tmp_path, rows, account(more=", scores: {fit: 75}"),
                    files={"rules/tiers.yaml": TIERS})
    found = plan(root, as_of)
    moved = found["held"] if stale else found["changes"]
    assert [(m["account"], m["to"]) for m in moved] == [("northwind", 2)]
    assert (found["changes"] if stale else found["held"]) == []
    if stale:
        assert moved[0]["reason"].startswith(
            "activity is stale: newest row 2026-10-25, 31 days before 2026-11-25")
