"""Scorecard metrics against SPEC §5 (review 7, H-SPEC).

1. `handoff_follow_up_rate` is "threshold crossings followed by a sales touch within sla_hours
   ÷ crossings" (SPEC §5). The code counts only the handoffs `abmctl handoff` still reports as
   of the as-of day (`engine.followup.handoff_moments`), which exist only for accounts whose
   stage is still awareness or engagement, and to_engagement only in awareness. An account
   that crossed, was called within the SLA and was then moved on to `engagement` (as the
   handoff asks) drops out of the metric; the accounts nobody acted on stay. So the better
   the teams keep stages current, the lower and emptier the metric: in the test, two
   crossings in the quarter, one followed up, should be 1/2; today it is 0/1, and the metric
   of a past quarter counts only the accounts still waiting.

2. The same metric's `pulling_down[].crossing` / `.due` are written `2026-11-03T09:00:00+00:00`
   while every other moment in the JSON output (handoff `at`/`due`) is written `...Z`
   (output/text.iso_stamp): a script joining the two reports on the moment finds nothing.

3. Same cause, hot accounts: only the latest hot crossing of the last `window_days` before the
   as-of day is a handoff, so a hot account whose SLA was missed earlier in the quarter is not
   in the quarter's follow-up rate (n/a: no handoffs), while `abmctl overlap` reports that very
   missed SLA as ABM606. docs/reference.md (SLA): "The scorecard's follow-up rate and ABM606
   read the same follow-ups, so they agree with `handoff`."
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"


def account(ident: str, stage: str, stage_since: str) -> str:
    return (f"  - {{id: {ident}, name: {ident.title()}, domains: [{ident}.com], tier: 1, "
            f"tier_since: 2026-07-01, region: emea, "
            f"owners: {{ae: ana.lima, sdr: raj.patel, abm: mei.chen}}, stage: {stage}, "
            f"stage_since: {stage_since}}}\n")


def crossing(ident: str) -> list[str]:
    """Two distinct signals: the threshold is crossed on Nov 3 at 09:00."""
    return [f"2026-11-02T09:00:00Z,{ident}.com,event_registration,ann@x.com,ev,,,t",
            f"2026-11-03T09:00:00Z,{ident}.com,event_registration,bo@x.com,ev,,,t"]


def registry(root: Path) -> Path:
    """`called` crossed, was called within the SLA and moved on to engagement the next day;
    `waiting` crossed and nobody called."""
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml",
          "accounts:\n" + account("called", "engagement", "2026-11-04")
          + account("waiting", "awareness", "2026-10-01"))
    rows = crossing("called") + crossing("waiting")
    rows.append("2026-11-03T12:00:00Z,called.com,sales_touch,ana.lima,call,,,t")
    (root / "registry/signals").mkdir(parents=True, exist_ok=True)
    (root / "registry/signals/activity.csv").write_text(
        HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    return root


def report(root: Path, *args: str) -> dict[str, Any]:
    done = invoke(*args, "--root", str(root), "--format", "json")
    assert done.returncode == 0, done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def follow_up_rate(root: Path) -> dict[str, Any]:
    found = report(root, "scorecard", "--quarter", "2026Q4", "--as-of", "2026-11-20")
    metric: dict[str, Any] = next(m for m in found["metrics"]
                                  if m["id"] == "handoff_follow_up_rate")
    return metric


def test_a_crossing_followed_up_in_time_counts_after_the_stage_moved_on(tmp_path: Path) -> None:
    metric = follow_up_rate(registry(tmp_path))
    assert (metric["numerator"], metric["denominator"]) == (1, 2)


def test_the_moments_it_names_are_written_as_every_report_writes_them(tmp_path: Path) -> None:
    root = registry(tmp_path)
    [missed] = follow_up_rate(root)["pulling_down"]
    [handoff] = report(root, "handoff", "--as-of", "2026-11-20")["handoffs"]
    assert missed["account"] == handoff["account"] == "waiting"
    assert (missed["crossing"], missed["due"]) == (handoff["at"], handoff["due"])


def test_a_missed_hot_sla_that_abm606_reports_counts_against_the_quarter(tmp_path: Path) -> None:
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, "registry/accounts/all.yaml",
          "accounts:\n" + account("hot", "engagement", "2026-07-01"))
    rows = [f"2026-10-0{n},hot.com,event_registration,c{n}@x.com,ev,,,t" for n in range(1, 5)]
    (tmp_path / "registry/signals").mkdir(parents=True)
    (tmp_path / "registry/signals/activity.csv").write_text(
        HEADER + "".join(f"{r}\n" for r in rows), encoding="utf-8")
    done = invoke("overlap", "--root", str(tmp_path), "--as-of", "2026-11-20", "--format",
                  "json")
    assert [c["code"] for c in json.loads(done.stdout)["conflicts"]
            if c["code"] == "ABM606"] == ["ABM606"]  # hot Oct 4, due Oct 5, never called
    metric = follow_up_rate(tmp_path)
    assert (metric["numerator"], metric["denominator"]) == (0, 1)
