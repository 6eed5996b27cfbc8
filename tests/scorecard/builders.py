"""A tiny registry for scorecard tests, activity rows built in memory."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from abmctl.engine.activity import Activity, ActivityRow
from abmctl.engine.windows import Period, month, quarter
from abmctl.load.registry_files import load_registry
from abmctl.registry import Registry
from abmctl.scorecard.metrics import Metric, Scorecard, build_scorecard
from tests.support.registry import write

# the partner teams the agreement metrics count (events, email ops)
TEAMS = """
territories: [emea]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
  - {id: events, kind: events}
  - {id: email-ops, kind: email_ops}
people:
  - {id: ana.lima, name: Ana Lima, team: sales, role: ae, territories: [emea]}
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea]}
"""


def account(account_id: str, tier: int = 1, stage: str = "awareness",
            stage_since: str = "2026-07-01") -> str:
    return (
        f"  - {{id: {account_id}, name: {account_id.title()}, domains: [{account_id}.com], "
        f"tier: {tier}, region: emea, owners: {{ae: ana.lima, abm: mei.chen}}, "
        f"stage: {stage}, stage_since: {stage_since}}}\n"
    )


def agreement(partner: str, cadence: str, reviewed: str | None) -> str:
    seen = f"reviewed: {reviewed}\n" if reviewed else ""
    return f"partner: {partner}\nkickoff: 2026-01-15\ncadence: {cadence}\n{seen}"


def make_registry(root: Path, accounts: Sequence[str],
                  agreements: dict[str, str] | None = None) -> Registry:
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml", "accounts:\n" + "".join(accounts))
    for name, text in (agreements or {}).items():
        write(root, f"registry/agreements/{name}.yaml", text)
    reg = load_registry(root)
    assert not reg.load_findings, reg.load_findings
    return reg


def row(when: str, account_id: str, kind: str, contact: str | None = None,
        detail: str | None = None) -> ActivityRow:
    moment = datetime.fromisoformat(when)
    moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
    return ActivityRow(moment, account_id, kind, contact, detail, path="signals.csv", line=1)


def activity(*rows: ActivityRow) -> Activity:
    return Activity(rows=sorted(rows, key=lambda r: r.occurred_at))


def card(reg: Registry, as_of: str, found: Activity | None,
         period: Period | str = "2026Q4") -> Scorecard:
    chosen = period if isinstance(period, Period) else (
        quarter(period) if "Q" in period else month(period)
    )
    return build_scorecard(reg, found, chosen, date.fromisoformat(as_of))


def metric(scorecard: Scorecard, metric_id: str) -> Metric:
    return next(m for m in scorecard.metrics if m.id == metric_id)


def both_touches(account_id: str, day: str) -> list[ActivityRow]:
    return [row(f"{day}T09:00", account_id, "marketing_touch"),
            row(f"{day}T10:00", account_id, "sales_touch")]
