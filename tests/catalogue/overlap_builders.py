"""A tiny registry written into tmp_path, activity rows built in memory, and the overlap run."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import run_rules
from abmctl.engine.activity import Activity, ActivityRow
from abmctl.findings import Finding
from abmctl.load.registry_files import load_registry
from abmctl.registry import Registry
from tests.support.registry import write

# the shared teams plus the partners overlap is about (regional marketing, events), everyone
# covering both territories
TEAMS = """
territories: [emea, na-east]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
  - {id: sdr, kind: sdr}
  - {id: emea-field, kind: regional_marketing, territories: [emea]}
  - {id: events, kind: events}
people:
  - {id: ana.lima, name: Ana Lima, team: sales, role: ae, territories: [emea, na-east]}
  - {id: raj.patel, name: Raj Patel, team: sdr, role: sdr, territories: [emea, na-east]}
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea, na-east]}
"""
SIGNALS_FILE = "registry/signals/activity.csv"


def account(
    account_id: str, *, tier: int = 1, region: str = "emea", stage: str = "awareness",
    stage_since: str = "2026-07-01", familiar: bool = False, meeting_booked: str | None = None,
    tier_since: str = "2026-07-01", owners: str = "{ae: ana.lima, sdr: raj.patel, abm: mei.chen}",
    segment: str = "retail",
) -> str:
    """One account as a YAML flow mapping (a list item of `accounts:`)."""
    meeting = f", meeting_booked: {meeting_booked}" if meeting_booked else ""
    return (
        f"  - {{id: {account_id}, name: {account_id.title()}, domains: [{account_id}.com], "
        f"tier: {tier}, tier_since: {tier_since}, region: {region}, segment: {segment}, "
        f"owners: {owners}, stage: {stage}, stage_since: {stage_since}, "
        f"familiar: {'true' if familiar else 'false'}{meeting}, "
        f"sources: [marketing, sales], reviewed: 2026-10-01}}\n"
    )


def play(play_id: str, owner: str, start: str, end: str, accounts: Sequence[str] = (),
         select: str | None = None) -> str:
    picks = f"select: {select}" if select else f"accounts: [{', '.join(accounts)}]"
    return (
        f"id: {play_id}\nname: {play_id}\nowner: {owner}\n{picks}\n"
        f"start: {start}\nend: {end}\nbrief: 2026-01-01\n"
    )


def make_registry(root: Path, accounts: Sequence[str], plays: Sequence[str] = (),
                  files: dict[str, str] | None = None) -> Registry:
    """Write teams, accounts and plays under `root` and load them as abmctl does."""
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml", "accounts:\n" + "".join(accounts))
    for text in plays:
        play_id = text.split()[1]
        write(root, f"registry/plays/{play_id}.yaml", text)
    for rel, text in (files or {}).items():
        write(root, rel, text)
    reg = load_registry(root)
    assert not reg.load_findings, reg.load_findings
    return reg


def at(text: str) -> datetime:
    """`2026-10-01T09:00` (or a date) as a UTC moment."""
    moment = datetime.fromisoformat(text)
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def row(when: str, account_id: str, kind: str, contact: str | None = None,
        detail: str | None = None, score: float | None = None,
        sentiment: str | None = None) -> ActivityRow:
    return ActivityRow(at(when), account_id, kind, contact, detail, score, sentiment,
                       path=SIGNALS_FILE, line=0)


def activity(*rows: ActivityRow) -> Activity:
    """Rows in time order, numbered by their line in an imagined export."""
    ordered = sorted(rows, key=lambda r: r.occurred_at)
    numbered = [
        ActivityRow(r.occurred_at, r.account, r.type, r.contact, r.detail, r.score, r.sentiment,
                    path=r.path, line=index + 2)
        for index, r in enumerate(ordered)
    ]
    return Activity(rows=numbered, files=[SIGNALS_FILE])


def conflicts(reg: Registry, as_of: str, found: Activity | None = None,
              code: str | None = None) -> list[Finding]:
    """The overlap run as the command does it; only `code`'s conflicts when given."""
    ctx = Context(as_of=date.fromisoformat(as_of), activity=found)
    result = run_rules(reg, ctx, ["overlap"])
    return [c for c in result if code is None or c.code == code]


def hot_signals(account_id: str, last: str) -> list[ActivityRow]:
    """Four distinct qualifying signals, the fourth at `last`: a hot crossing then."""
    end = at(last)
    days = [end - timedelta(days=back) for back in (3, 2, 1)]
    return [
        row(days[0].isoformat(), account_id, "event_registration", "a@x.com"),
        row(days[1].isoformat(), account_id, "event_registration", "b@x.com"),
        row(days[2].isoformat(), account_id, "content_download", "c@x.com", "case_study"),
        row(end.isoformat(), account_id, "outbound_response", "d@x.com", sentiment="positive"),
    ]
