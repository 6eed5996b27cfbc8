"""A tiny registry for handoff tests, activity rows built in memory, and the handoff run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime
from pathlib import Path

from abmctl.engine.activity import Activity, ActivityRow
from abmctl.handoff.packet import Packet
from abmctl.handoff.report import Handoff, handoffs
from abmctl.load.registry_files import load_registry
from abmctl.registry import Registry
from tests.support.registry import TEAMS, write

AS_OF = date(2026, 11, 23)
EVENT = """
id: q4-roundtable
name: Executive roundtable, London
kind: minor
date: 2026-12-03
abm_looped_in: 2026-09-20
"""


def account(account_id: str = "northwind", *, tier: int = 1, stage: str = "awareness",
            stage_since: str = "2026-10-01", meeting_booked: str | None = None,
            research: str | None = None,
            owners: str = "{ae: ana.lima, sdr: raj.patel, abm: mei.chen}") -> str:
    """One account as a YAML flow mapping (a list item of `accounts:`)."""
    more = f", meeting_booked: {meeting_booked}" if meeting_booked else ""
    if research:
        more += f", research: '{research}'"
    return (f"  - {{id: {account_id}, name: {account_id.title()}, domains: [{account_id}.com], "
            f"tier: {tier}, tier_since: 2026-10-01, region: emea, owners: {owners}, "
            f"stage: {stage}, stage_since: {stage_since}{more}}}\n")


def make_registry(root: Path, *accounts: str) -> Registry:
    """Teams, accounts (default: one Tier 1 awareness account) and one event, loaded."""
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml", "accounts:\n" + "".join(accounts or [account()]))
    write(root, "registry/events/q4-roundtable.yaml", EVENT)
    reg = load_registry(root)
    assert not reg.load_findings, reg.load_findings
    return reg


def at(day: int, hour: int = 9, minute: int = 0, month: int = 11) -> datetime:
    """A moment in November 2026 (UTC)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def row(kind: str, moment: datetime, contact: str | None = None, detail: str | None = None,
        *, account_id: str = "northwind", score: float | None = None,
        sentiment: str | None = None, source: str | None = None) -> ActivityRow:
    return ActivityRow(moment, account_id, kind, contact, detail, score, sentiment, source)


def activity(*rows: ActivityRow) -> Activity:
    return Activity(rows=sorted(rows, key=lambda r: r.occurred_at))


def crossing_rows(day: int = 10, hour: int = 9, account_id: str = "northwind") -> list[ActivityRow]:
    """Two distinct signals: an ROI calculator download, then a registration at `day`."""
    return [
        row("content_download", at(day - 2, hour), "ann@x.com", "roi_calculator",
            account_id=account_id),
        row("event_registration", at(day, hour), "bo@x.com", "q4-roundtable",
            account_id=account_id),
    ]


def hot_rows(day: int = 10, account_id: str = "northwind") -> list[ActivityRow]:
    """Four distinct signals, the fourth at `day` 09:00."""
    return [
        row("third_party_intent", at(day - 6), None, "data observability", score=78,
            source="bombora", account_id=account_id),
        row("content_download", at(day - 4), "ann@x.com", "roi_calculator",
            account_id=account_id),
        row("event_registration", at(day - 2), "bo@x.com", "q4-roundtable",
            account_id=account_id),
        row("outbound_response", at(day), "cy@x.com", "re: roundtable", sentiment="positive",
            account_id=account_id),
    ]


def run(reg: Registry, rows: Sequence[ActivityRow] = (), as_of: date = AS_OF,
        **options: object) -> list[Handoff]:
    return handoffs(reg, activity(*rows), as_of, **options)  # type: ignore[arg-type]


def kinds(found: Sequence[Handoff]) -> list[tuple[str, str]]:
    return [(h.account.id, h.transition) for h in found]


def packet_of(handoff: Handoff) -> Packet:
    assert handoff.packet is not None
    return handoff.packet
