"""ABM401-ABM405: a short, current agreement with every partner team, so each
side knows what it provides, who decides, and when they next sync."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import timedelta

from abmctl.catalogue.base import Context, finding, rule
from abmctl.engine.cadence import sync_of
from abmctl.findings import Finding
from abmctl.model.agreements import CADENCE_DAYS, Agreement
from abmctl.model.teams import Team
from abmctl.registry import Registry

# the partner kinds that need an agreement (abm is us; the SDR team and
# customer success work inside the sales and expansion motions and may have one)
PARTNER_KINDS: tuple[str, ...] = (
    "sales", "regional_marketing", "email_ops", "events", "product_marketing",
    "sales_leadership",
)
# ABM provides the account list, the copy and the send window
EMAIL_OPS_PROVIDES: tuple[str, ...] = ("account_list", "copy", "send_window")
# ABM calls the shots before a qualified meeting, the AE after it
SALES_DECIDES: dict[str, str] = {"before_meeting": "abm", "after_meeting": "ae"}
# 90 days out for conferences and tradeshows, 60 for webinars
EVENT_LEAD_DAYS: dict[str, int] = {"major": 90, "minor": 60}
# the shared messaging framework is refreshed quarterly
MESSAGING_MAX_DAYS = 92


def _team_of(reg: Registry, agreement: Agreement) -> Team | None:
    return reg.team_by_id.get(agreement.partner)


@rule("ABM401", "warning", "a partner team has no agreement")
def partner_has_agreement(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A team in `teams.yaml` of a partner kind — `sales`,
    `regional_marketing`, `email_ops`, `events`, `product_marketing` or `sales_leadership` —
    with no file in `registry/agreements/` naming it as `partner`. The ABM team itself, the SDR
    team and customer success do not need one (they may have one). An agreement file that does
    not load (ABM001, ABM002) still counts for the partner it names: its error says what to
    mend (when it names no partner that can be read, no team is told it has none).

    **Why.** General alignment is good; a specific agreement is better. Every team that touches
    an ABM campaign has its own idea of what "we're all set" means, so each partner team gets a
    short written agreement with the ABM team.

    **Example.**

    ```yaml
    # registry/teams.yaml has an events team, and registry/agreements/ has no file for it
    teams:
      - {id: events, kind: events, name: Events}
    ```

    **Use instead.**

    ```yaml
    # registry/agreements/events.yaml
    partner: events
    kickoff: 2026-01-20
    cadence: monthly
    reviewed: 2026-11-17
    lead_time_days: {major: 90, minor: 60}
    ```

    **How to fix.** Add `registry/agreements/<team>.yaml` with `partner:`, `kickoff:`,
    `cadence:`, `reviewed:` and what the partner kind must say (`abmctl rules ABM402`).
    """
    covered = {a.partner for a in reg.agreements}
    unloaded = _partners_not_loaded(reg)
    if unloaded is None:
        return  # an agreement that does not load may name any team: its ABM001/ABM002 says why
    covered |= unloaded
    for team in reg.teams:
        if team.kind in PARTNER_KINDS and team.id not in covered:
            yield finding("ABM401", f"partner team '{team.id}' ({team.kind}) has no agreement "
                          "in registry/agreements/", team, "id")


AGREEMENTS = "registry/agreements"
# a top-level `partner:` line, read off a file that is not YAML
_PARTNER_LINE = re.compile(r"""^partner[ \t]*:[ \t]*["']?([^\s"'#,{}\[\]]+)""", re.MULTILINE)


def _partners_not_loaded(reg: Registry) -> set[str] | None:
    """The partners that agreement files which did not load name (their ABM001/ABM002 says
    why): such a team has an agreement with a fault, not none. None when a file's partner
    cannot be read (it may be any team). Read again only when such a file exists."""
    paths = {f.path for f in reg.load_findings if f.severity == "error" and f.path
             and (f.path == AGREEMENTS or f.path.startswith(f"{AGREEMENTS}/"))}
    named: set[str] = set()
    for path in sorted(paths):
        partner = None if path == AGREEMENTS else _partner_written(reg, path)
        if partner is None:
            return None
        named.add(partner)
    return named


def _partner_written(reg: Registry, path: str) -> str | None:
    """The `partner` an agreement file that did not load names, if it can be read."""
    from abmctl.load.boundary import MAX_YAML_BYTES, Refused, read_bytes
    from abmctl.load.yamlfile import YamlProblem, parse_yaml

    try:
        text = read_bytes(reg.root / path, MAX_YAML_BYTES, reg.root).decode("utf-8", "replace")
    except (Refused, OSError):
        return None
    try:
        data = parse_yaml(text, path).data
    except YamlProblem:  # not YAML: its `partner:` line, if it has one
        found = _PARTNER_LINE.search(text)
        return found.group(1) if found else None
    partner = data.get("partner") if isinstance(data, dict) else None
    return partner if isinstance(partner, str) else None


@rule("ABM402", "error", "an agreement lacks what its partner kind must say")
def agreement_says_what_it_must(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An agreement that does not say what its partner kind must agree: a
    `cadence` at least as frequent as the kind's (`rules/engagement.yaml` `cadences`:
    sales weekly, regional marketing bi-weekly, email ops, events and product marketing
    monthly, sales leadership quarterly); for `sales`, `decides: {before_meeting: abm,
    after_meeting: ae}`; for `email_ops`, `abm_provides` including `account_list`, `copy` and
    `send_window`; for `events`, `lead_time_days` with `major` ≥ 90 and `minor` ≥ 60; for
    `product_marketing`, a `messaging_refreshed` date. Each gap is one finding.

    **Why.** Each partnership has its own terms. ABM calls the shots before a qualified meeting
    and the AE after it; ABM gives email ops the account list, the copy and the send window;
    events loop ABM in 90 days before a major event and 60 before a small one; product marketing
    and ABM share a messaging framework refreshed every quarter. How often each partner meets is
    part of the agreement.

    **Example.**

    ```yaml
    # registry/agreements/sales.yaml
    partner: sales
    kickoff: 2026-01-12
    cadence: monthly                 # sales meets weekly
    reviewed: 2026-11-16
    ```

    **Use instead.**

    ```yaml
    partner: sales
    kickoff: 2026-01-12
    cadence: weekly
    reviewed: 2026-11-16
    decides: {before_meeting: abm, after_meeting: ae}
    ```

    **How to fix.** Add or correct the key named in the message in the agreement's file.
    """
    for agreement in reg.agreements:
        team = _team_of(reg, agreement)
        if team is None:
            continue  # an unknown partner is ABM003's finding
        yield from _cadence_gap(reg, agreement, team)
        check = _KIND_CHECKS.get(team.kind)
        if check is not None:
            for message, field_name in check(agreement):
                yield finding("ABM402", f"agreement with {agreement.partner}: {message}",
                              agreement, field_name)


def _cadence_gap(reg: Registry, agreement: Agreement, team: Team) -> Iterator[Finding]:
    required = reg.settings.engagement.cadences.get(team.kind)
    if required is None:
        return
    given = agreement.cadence
    if given is None:
        yield finding("ABM402", f"agreement with {agreement.partner}: no cadence; a "
                      f"{team.kind} sync is {required}", agreement, "partner")
    elif CADENCE_DAYS[given] > CADENCE_DAYS[required]:
        yield finding("ABM402", f"agreement with {agreement.partner}: cadence {given} is less "
                      f"often than the {required} sync a {team.kind} partner needs",
                      agreement, "cadence")


Gap = tuple[str, str]  # (what is missing, the field to point at)


def _sales_gaps(agreement: Agreement) -> Iterator[Gap]:
    decides = agreement.decides
    if decides is None:
        yield ("no 'decides'; it must say before_meeting: abm, after_meeting: ae", "partner")
        return
    for key, wanted in SALES_DECIDES.items():
        given = getattr(decides, key)
        if given != wanted:
            yield (f"decides.{key} is {given}; it must be {wanted}", "decides")


def _email_ops_gaps(agreement: Agreement) -> Iterator[Gap]:
    provided = set(agreement.abm_provides or [])
    missing = [item for item in EMAIL_OPS_PROVIDES if item not in provided]
    if missing:
        field_name = "abm_provides" if agreement.abm_provides is not None else "partner"
        yield (f"abm_provides lacks {', '.join(missing)}", field_name)


def _events_gaps(agreement: Agreement) -> Iterator[Gap]:
    lead = agreement.lead_time_days
    if lead is None:
        yield ("no 'lead_time_days'; it must give major ≥ 90 and minor ≥ 60 days", "partner")
        return
    for kind, least in EVENT_LEAD_DAYS.items():
        given = getattr(lead, kind)
        if given < least:
            yield (f"lead_time_days.{kind} is {given}; it must be at least {least}",
                   "lead_time_days")


def _product_marketing_gaps(agreement: Agreement) -> Iterator[Gap]:
    if agreement.messaging_refreshed is None:
        yield ("no 'messaging_refreshed' date for the shared messaging framework", "partner")


_KIND_CHECKS = {
    "sales": _sales_gaps,
    "email_ops": _email_ops_gaps,
    "events": _events_gaps,
    "product_marketing": _product_marketing_gaps,
}


@rule("ABM403", "warning", "an agreement has no kickoff")
def agreement_had_kickoff(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An agreement with no `kickoff` date.

    **Why.** Every new partnership starts with a kickoff: a short call to agree who owns what,
    how often to meet and what to do when something goes sideways. Thirty minutes that save
    hours of confusion later.

    **Example.**

    ```yaml
    # registry/agreements/cs.yaml
    partner: cs
    cadence: monthly
    reviewed: 2026-11-10
    ```

    **Use instead.**

    ```yaml
    partner: cs
    kickoff: 2026-02-03
    cadence: monthly
    reviewed: 2026-11-10
    ```

    **How to fix.** Hold the kickoff with the partner team and record its date as `kickoff:`.
    """
    for agreement in reg.agreements:
        if agreement.kickoff is None:
            yield finding("ABM403", f"agreement with {agreement.partner}: no kickoff date; "
                          "every partnership starts with a kickoff conversation",
                          agreement, "kickoff")


@rule("ABM404", "warning", "an agreement's sync is overdue (reviewed older than its cadence "
      "allows)")
def agreement_sync_is_current(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An agreement whose `reviewed` date (the last sync held) is more days
    before the as-of date than its cadence allows — weekly 7, biweekly 14, monthly 31,
    quarterly 92 — or that was never reviewed. The cadence is the agreement's own, else its
    partner kind's from `rules/engagement.yaml` `cadences`. A sync exactly that many days ago is
    on time.

    **Why.** Teams rarely fall out in one dramatic moment; they drift out of sync because
    nobody had a standing time to catch up. The syncs are scheduled, and kept.

    **Example.**

    ```yaml
    # as of 2026-11-23: a monthly sync allows 31 days
    partner: events
    kickoff: 2026-01-20
    cadence: monthly
    reviewed: 2026-09-24             # 60 days ago
    lead_time_days: {major: 90, minor: 60}
    ```

    **Use instead.**

    ```yaml
    reviewed: 2026-11-17             # the sync held this month
    ```

    **How to fix.** Hold the sync, then set `reviewed:` to its date. If the agreed cadence has
    changed, change `cadence:` (ABM402 says how often each partner kind must meet).
    """
    for agreement in reg.agreements:
        sync = sync_of(reg, agreement)  # the scorecard's compliance asks the same (engine)
        if sync is None or not sync.overdue(ctx.as_of):
            continue
        cadence, ago = sync.cadence, sync.days_since(ctx.as_of)
        if ago is None:
            yield finding("ABM404", f"agreement with {agreement.partner}: the {cadence} sync "
                          "was never held (no 'reviewed' date)", agreement, "reviewed")
        else:
            yield finding("ABM404", f"agreement with {agreement.partner}: the {cadence} sync "
                          f"was last held {sync.reviewed}, {ago} days ago; {cadence} allows "
                          f"{sync.allowed}", agreement, "reviewed")


@rule("ABM405", "warning", "product marketing's messaging framework is older than a quarter")
def messaging_is_fresh(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An agreement with a `product_marketing` partner whose
    `messaging_refreshed` date is more than 92 days (a quarter) before the as-of date. Exactly
    92 days is still fresh. (A missing date is ABM402's finding.)

    **Why.** ABM and product marketing work from a shared messaging framework refreshed each
    quarter, so ABM can build campaigns within it without asking for approval every time. A
    stale framework either blocks ABM or lets it drift off message.

    **Example.**

    ```yaml
    # registry/agreements/pmm.yaml, as of 2026-11-23
    partner: pmm
    kickoff: 2026-01-15
    cadence: monthly
    reviewed: 2026-11-05
    messaging_refreshed: 2026-06-30  # 146 days ago
    ```

    **Use instead.**

    ```yaml
    messaging_refreshed: 2026-10-12
    ```

    **How to fix.** Refresh the framework with product marketing and set
    `messaging_refreshed:` to that date.
    """
    oldest = ctx.as_of - timedelta(days=MESSAGING_MAX_DAYS)
    for agreement in reg.agreements:
        team = _team_of(reg, agreement)
        refreshed = agreement.messaging_refreshed
        if team is None or team.kind != "product_marketing" or refreshed is None:
            continue
        if refreshed < oldest:
            ago = (ctx.as_of - refreshed).days
            yield finding("ABM405", f"agreement with {agreement.partner}: messaging framework "
                          f"last refreshed {refreshed}, {ago} days ago; it is refreshed every "
                          f"quarter ({MESSAGING_MAX_DAYS} days)", agreement,
                          "messaging_refreshed")


RULES = (
    partner_has_agreement,
    agreement_says_what_it_must,
    agreement_had_kickoff,
    agreement_sync_is_current,
    messaging_is_fresh,
)
