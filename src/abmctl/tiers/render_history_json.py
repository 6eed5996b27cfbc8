"""`tiers history` as its stable JSON document (`"version": 1`; docs/reference.md)."""

from __future__ import annotations

from datetime import UTC
from typing import Any

from abmctl.output.formats import View
from abmctl.output.json_text import dump_line
from abmctl.output.run_info import RunInfo, json_fields
from abmctl.output.text import iso_stamp
from abmctl.tiers.history import HistoryReport, PeriodSummary, TierEvent


def render(report: HistoryReport, view: View) -> str:
    document = {
        "version": 1,
        "as_of": report.as_of.isoformat(),
        "by": report.by,
        "account": report.account,
        "periods": [period_json(p) for p in report.periods],
        "events": [event_json(e) for e in report.events],
        "notes": list(report.notes),
        "shallow": report.shallow,
        **json_fields(RunInfo()),
    }
    return dump_line(document)


def period_json(period: PeriodSummary) -> dict[str, Any]:
    """One period: its counts, the tier sizes at its end (after `commit`) against each
    tier's `max_accounts` then, and its events."""
    return {
        "period": period.label,
        "start": period.period.start.isoformat(),
        "end": period.period.end.isoformat(),
        **period.counts,
        "commit": period.commit,
        "tiers": [{"tier": s.tier, "name": s.name, "accounts": s.accounts,
                   "max_accounts": s.max_accounts, "over": s.over} for s in period.sizes],
        "events": [event_json(e) for e in period.events],
    }


def event_json(event: TierEvent) -> dict[str, Any]:
    return {
        "account": event.account_id, "name": event.name,
        "when": iso_stamp(event.when.astimezone(UTC)),
        "kind": event.kind, "from": event.before, "to": event.after,
        "commit": event.commit, "author": event.author, "subject": event.subject,
        "path": event.path,
    }
