"""ABM606's resolution says how late the follow-up came (review 7, H-SPEC; low severity).

A sales touch 20 minutes after due: the resolution reads "the follow-up came 0 h late", which
contradicts the finding it resolves (catalogue/overlap.py `_hours_late` rounds to whole hours,
so anything under 30 minutes late is "0 h", and 2.5 h is "2 h").
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"


def test_a_touch_twenty_minutes_late_is_not_zero_hours_late(tmp_path: Path) -> None:
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, "registry/accounts/all.yaml",
          "accounts:\n  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1, "
          "tier_since: 2026-10-01, region: emea, "
          "owners: {ae: ana.lima, sdr: raj.patel, abm: mei.chen}, stage: engagement, "
          "stage_since: 2026-10-01}\n")
    rows = [f"2026-11-0{n},northwind.com,event_registration,c{n}@x.com,ev,,,t\n"
            for n in range(1, 5)]
    rows.append("2026-11-05T00:20:00Z,northwind.com,sales_touch,ana.lima,call,,,t\n")
    (tmp_path / "registry/signals").mkdir(parents=True)
    (tmp_path / "registry/signals/activity.csv").write_text(HEADER + "".join(rows),
                                                            encoding="utf-8")
    done = invoke("overlap", "--root", str(tmp_path), "--as-of", "2026-11-06", "--format",
                  "json")
    [late] = [c for c in json.loads(done.stdout)["conflicts"] if c["code"] == "ABM606"]
    assert "due 2026-11-05" in late["message"]
    assert "came 0 h late" not in late["resolution"], late["resolution"]
