"""`abmctl overlap` never forgets activity conflicts (review 7, H-SPEC; a design call for the
lead).

SPEC §3: `overlap` lists "conflicts between teams as of a date", the agenda of the bi-weekly
overlap review, and exits 1 on errors. ABM601/ABM602 leave out plays that ended more than 90
days before the as-of date ("history, not a conflict to review": catalogue/overlap.py
LOOKBACK_DAYS), but ABM603-ABM606 judge the account's whole activity history. So a signal
cluster from November 2026 is still "one alert, owned by abm" on the agenda of June 2027 (and
of 2030), and one missed hot-account SLA makes `abmctl overlap` exit 1 for ever: no edit of the
registry clears ABM606 (a late sales touch only changes its words), only a suppression does.

The test asks the ABM601 rule of every ABM6xx rule: more than 90 days before the as-of date is
history.
"""

from __future__ import annotations

import json
from pathlib import Path

from tests.support.cli import invoke
from tests.support.registry import TEAMS, write

HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source\n"


def test_a_cluster_and_a_missed_sla_of_last_year_are_not_on_this_years_agenda(
    tmp_path: Path,
) -> None:
    """Four registrations Nov 1-4, 2026 (a cluster, and a hot account nobody called by Nov 5);
    as of 2026-11-20 both are conflicts; as of 2027-06-01, 209 days later, neither is."""
    write(tmp_path, "registry/teams.yaml", TEAMS)
    write(tmp_path, "registry/accounts/all.yaml",
          "accounts:\n  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1, "
          "tier_since: 2026-10-01, region: emea, "
          "owners: {ae: ana.lima, sdr: raj.patel, abm: mei.chen}, stage: engagement, "
          "stage_since: 2026-10-01}\n")
    (tmp_path / "registry/signals").mkdir(parents=True)
    (tmp_path / "registry/signals/activity.csv").write_text(HEADER + "".join(
        f"2026-11-0{n},northwind.com,event_registration,c{n}@x.com,ev,,,t\n"
        for n in range(1, 5)), encoding="utf-8")

    def codes(as_of: str) -> tuple[int, list[str]]:
        done = invoke("overlap", "--root", str(tmp_path), "--as-of", as_of, "--format", "json")
        return done.returncode, sorted(c["code"] for c in json.loads(done.stdout)["conflicts"])

    assert codes("2026-11-20") == (1, ["ABM605", "ABM606"])
    assert codes("2027-06-01") == (0, [])
