"""Review 7 (newcomer): a scorecard period that has not started yet is rated RED.

`abmctl scorecard --as-of 2026-11-23 --month 2027-03` (a typo for 2026-03, or a look ahead)
prints "note: the period starts after the as-of day 2026-11-23: nothing to count yet" and, in
the same breath, "Alignment health: RED (broken: Tier 1 engagement rate 0% (8 of 8 Tier 1
accounts lack a marketing or a sales touch this period); ...)", with every Tier 1 account
"pulling it down"; JSON: `counted_until` null, `health.status` "red". Nothing was counted, so
nothing can be broken: a rate with nothing counted should be `n/a` (as a rate whose
denominator is 0 is), or the month refused (exit 2) like any other bad --month."""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import invoke

ROOT = Path(__file__).resolve().parents[2]


def test_a_period_after_the_as_of_day_is_not_rated_red() -> None:
    done = invoke("scorecard", "--root", str(ROOT), "--as-of", "2026-11-23", "--month", "2027-03",
                  "--format", "json")
    if done.returncode == 2:  # refusing the month is as good
        return
    got = json.loads(done.stdout)
    assert got["counted_until"] is None
    assert got["health"]["status"] != "red", got["health"]
    touched = {m["id"]: m for m in got["metrics"]}
    for metric in ("tier1_engagement_rate", "joint_coverage"):
        assert touched[metric]["status"] == "n/a", touched[metric]
        assert touched[metric]["pulling_down"] == [], metric
