"""Signal-rule boundaries where today's code departs from the contract (review 7, H-SPEC).

1. A crossing is a RISE from below (docs/reference.md, "Window and threshold": the count in the
   window "rises from below threshold to threshold or more"; SPEC §2.4: the window is
   (t - window_days, t]). When a new signal arrives at exactly the moment an old one leaves the
   window (date-only rows 14 days apart: common with daily exports), the count never drops below
   the threshold, yet `engine.signals.crossings` computes "below" after removing the leaving
   signal and reports a new crossing. `abmctl handoff` then shows a hot account whose SLA was
   breached as a fresh, pending handoff (the breach disappears), and an account that was
   already at the threshold when it entered awareness as a new to_engagement handoff.
   (tests/engine/test_engine_vs_reference.py's `ref_crossings` has the same `at < t` test.)

2. `qualify.web_visit.pages`: docs/reference.md (rules/signals.yaml) says "Values are compared
   without regard to case or surrounding blanks", but `_page_matches` uses `fnmatchcase` on the
   raw glob and detail: `/Pricing` does not match `pages: ["/pricing*"]`, nor `/pricing` a glob
   written with a blank.

3. Whether an account's intent comes from its signals or from its `scores.intent` is decided
   on ALL its rows, including rows after the as-of day (`engine.signals.IntentOf.__call__`
   asks `intent_from_activity(rows)` of the whole history). docs/reference.md (Signals): "as of
   the end of the --as-of day (UTC): rows after that are not read", and (Intent) "An account
   with no signal rows in the activity keeps its scores.intent". An account whose first signal
   comes after the as-of day gets intent 0 instead of its recorded intent, so `tiers plan
   --as-of` a past day demotes it and `lint --as-of` reports ABM204 (and `tiers diff`'s ABM209
   asks the plan as of a change's past `tier_since` with today's activity: the same path).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"


def handoffs(root: Path, as_of: str, rows: list[str], *, stage: str = "engagement",
             stage_since: str = "2026-10-01",
             files: dict[str, str] | None = None) -> list[dict[str, Any]]:
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml",
          "accounts:\n  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1, "
          "tier_since: 2026-10-01, region: emea, "
          "owners: {ae: ana.lima, sdr: raj.patel, abm: mei.chen}, "
          f"stage: {stage}, stage_since: {stage_since}}}\n")
    (root / "registry/signals").mkdir(parents=True, exist_ok=True)
    (root / "registry/signals/activity.csv").write_text(
        HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    for rel, text in (files or {}).items():
        write(root, rel, text)
    done = invoke("handoff", "--root", str(root), "--as-of", as_of, "--format", "json")
    assert done.returncode == 0, done.stderr
    found: list[dict[str, Any]] = json.loads(done.stdout)["handoffs"]
    return found


def registration(day: str, contact: str) -> str:
    return f"{day},northwind.com,event_registration,{contact},q4-roundtable,,,t"


def test_a_signal_arriving_as_another_leaves_is_no_new_hot_crossing(tmp_path: Path) -> None:
    """Four registrations Nov 1-4 (hot at Nov 4 00:00, due Nov 5, no sales touch: breached).
    A fifth on Nov 15 arrives exactly as Nov 1 leaves (Nov 15 - 14 days): the count in the
    window is 4 just before and 4 at Nov 15, so there is no new crossing, and as of Nov 15 the
    hot handoff is still the Nov 4 one, breached. Today: a 'new' hot crossing at Nov 15,
    due Nov 16, not breached."""
    rows = [registration(f"2026-11-0{n}", f"c{n}@x.com") for n in range(1, 5)]
    rows.append(registration("2026-11-15", "c5@x.com"))
    found = handoffs(tmp_path, "2026-11-15", rows)
    assert [(h["transition"], h["at"], h["due"], h["sla_breached"]) for h in found] == [
        ("hot", "2026-11-04T00:00:00Z", "2026-11-05T00:00:00Z", True)]


def test_an_account_already_at_the_threshold_does_not_cross_it_again(tmp_path: Path) -> None:
    """Registrations Nov 1 and Nov 10 cross the threshold on Nov 10, before the account entered
    awareness (Nov 12). Nov 15 brings a third as Nov 1 leaves: 2 distinct signals before and
    after, no rise, so no to_engagement handoff. Today: to_engagement at Nov 15."""
    rows = [registration("2026-11-01", "ann@x.com"), registration("2026-11-10", "bo@x.com"),
            registration("2026-11-15", "cy@x.com")]
    assert handoffs(tmp_path, "2026-11-16", rows, stage="awareness",
                    stage_since="2026-11-12") == []


@pytest.mark.parametrize(("pages", "detail"), [
    ('["/pricing*"]', "/Pricing"),     # the page in another case
    ('["/Pricing*"]', "/pricing"),     # the glob in another case
    ('[" /pricing* "]', "/pricing"),   # the glob with surrounding blanks
])
def test_pages_are_compared_without_regard_to_case_or_blanks(
    tmp_path: Path, pages: str, detail: str,
) -> None:
    """Three visits to the page and a registration: two distinct signals, a crossing."""
    rows = [f"2026-11-0{n},northwind.com,web_visit,,{detail},,,t" for n in (1, 2, 3)]
    rows.append(registration("2026-11-04", "bo@x.com"))
    signals = f"qualify:\n  web_visit: {{min_visits: 3, pages: {pages}}}\n"
    found = handoffs(tmp_path, "2026-11-05", rows, stage="awareness",
                     files={"rules/signals.yaml": signals})
    assert [h["transition"] for h in found] == ["to_engagement"]


def test_a_signal_after_the_as_of_day_does_not_replace_the_recorded_intent(
    tmp_path: Path,
) -> None:
    """northwind records intent 70; its only signal row is Oct 20. As of Oct 5 it has no
    signal row, so it keeps intent 70 and Tier 1's keep (intent 30). Another account's touch
    on Sep 30 keeps the activity fresh."""
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, "rules/tiers.yaml",
          "tiers:\n  - {id: 1, name: S, motion: one_to_one, promote: {fit: 80, intent: 60},\n"
          "     keep: {fit: 70, intent: 30}}\n"
          "  - {id: 2, name: C, motion: one_to_few, promote: {fit: 70}, keep: {fit: 60}}\n")
    write(tmp_path, "registry/accounts/all.yaml", "accounts:\n" + "".join(
        f"  - {{id: {ident}, name: {ident.title()}, domains: [{ident}.com], tier: 1, "
        "tier_since: 2026-10-01, region: emea, owners: {ae: ana.lima}, stage: awareness, "
        "scores: {fit: 90, intent: 70}}\n" for ident in ("northwind", "other")))
    (tmp_path / "registry/signals").mkdir(parents=True)
    (tmp_path / "registry/signals/activity.csv").write_text(
        HEADER + "2026-09-30,other.com,marketing_touch,,ads,,,t\n"
        + registration("2026-10-20", "ann@x.com") + "\n", encoding="utf-8")
    root = str(tmp_path)
    plan = invoke("tiers", "plan", "--root", root, "--as-of", "2026-10-05", "--format", "json")
    assert plan.returncode == 0, plan.stderr
    assert json.loads(plan.stdout)["changes"] == []
    lint = invoke("lint", "--root", root, "--as-of", "2026-10-05", "--format", "json",
                  "--select", "ABM204")
    assert json.loads(lint.stdout)["findings"] == []
