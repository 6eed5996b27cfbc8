"""ABM501-ABM506: plays are briefed, recapped, paced, retired when idle, and aimed at the tier
they were built for."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Sequence
from datetime import date, datetime, timedelta

from abmctl.catalogue.base import Context, finding, rule
from abmctl.engine.activity import SIGNAL_TYPES, Activity
from abmctl.engine.windows import end_of, start_of
from abmctl.findings import Finding
from abmctl.model.events import Event
from abmctl.model.plays import Play
from abmctl.output.text import plural
from abmctl.registry import Registry

# ABM is looped in 90 days before a major event, 60 before a minor one
DEFAULT_LEAD_DAYS: dict[str, int] = {"major": 90, "minor": 60}
MAX_NAMED = 10  # accounts named in one message
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")


def _names(ids: Sequence[str]) -> str:
    shown = ", ".join(ids[:MAX_NAMED])
    more = len(ids) - MAX_NAMED
    return f"{shown} and {more} more" if more > 0 else shown


def _days(span: timedelta) -> str:
    return "1 day" if span.days == 1 else f"{span.days} days"


def play_tier(play: Play) -> int | None:
    """The tier a play is for: its `tier`, else the tier its `select` picks."""
    if play.tier is not None:
        return play.tier
    return play.select.tier if play.select is not None else None


@rule("ABM501", "error", "a play started without a brief on or before its start")
def play_is_briefed(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A play that has started (its `start` is on or before the as-of date)
    with no `brief` date, and any play whose `brief` is dated after its `start`. A brief sent
    on the start day is in time.

    **Why.** Every play is briefed before it launches, one page to every team involved, so
    nobody learns about a play from the account.

    **Example.**

    ```yaml
    # registry/plays/sdr-q4-sequence.yaml, as of 2026-11-23
    id: sdr-q4-sequence
    name: SDR Q4 sequence
    owner: sdr
    tier: 2
    start: 2026-11-02
    end: 2026-12-18
    ```

    **Use instead.**

    ```yaml
    start: 2026-11-02
    end: 2026-12-18
    brief: 2026-10-28
    ```

    **How to fix.** Send the brief and record its date as `brief:`. For a play not yet
    started, send it before `start`, or move the start.
    """
    for play in reg.plays:
        if play.brief is None and play.start <= ctx.as_of:
            yield finding("ABM501", f"play {play.id}: started {play.start} with no brief; "
                          "brief every team involved before a play starts", play, "brief")
        elif play.brief is not None and play.brief > play.start:
            late = _days(play.brief - play.start)
            yield finding("ABM501", f"play {play.id}: brief {play.brief} is {late} after its "
                          f"start {play.start}; the brief goes out on or before the start",
                          play, "brief")


@rule("ABM502", "warning", "a play ended without a recap")
def play_is_recapped(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A play whose `end` is before the as-of date and that has no `recap`
    date. A play ending on the as-of date is not yet due.

    **Why.** Every play gets a recap after it ends: what happened and what was learned, shared
    with every team involved, so the next play starts from what this one taught.

    **Example.**

    ```yaml
    # registry/plays/na-field-dinners.yaml, as of 2026-11-23
    id: na-field-dinners
    name: NA field dinners
    owner: na-field
    start: 2026-09-15
    end: 2026-10-30
    brief: 2026-09-01
    recap: null
    ```

    **Use instead.**

    ```yaml
    recap: 2026-11-06
    ```

    **How to fix.** Share the recap and record its date as `recap:`.
    """
    for play in reg.plays:
        if play.end < ctx.as_of and play.recap is None:
            ago = _days(ctx.as_of - play.end)
            yield finding("ABM502", f"play {play.id}: ended {play.end} ({ago} ago) with no "
                          "recap", play, "recap")


@rule("ABM503", "warning", "a play has run longer than retire_play_after_days with no "
      "engagement from its accounts", needs_activity=True)
def idle_play_is_retired(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A play still running on the as-of date that started more than
    `engagement.retire_play_after_days` (default 90) days before it, and whose accounts have
    sent no signal since its start: no row of a signal type (`web_visit`, `content_download`,
    `event_registration`, `event_attendance`, `third_party_intent`, `outbound_response`) from
    any account it targets. Needs activity data (`--signals`); without it the rule is silent.

    **Why.** A play that has run for 90 days without producing engagement from its accounts is
    retired and replaced by one that tests a different channel, angle or offer; a stale play
    spends budget and the accounts' attention.

    **Example.**

    ```yaml
    # as of 2026-11-23, and no signal from either account since 2026-07-01
    id: t3-programmatic-ads
    name: Tier 3 programmatic ads
    owner: abm
    accounts: [oakhurst-university, quayside-hotels]
    start: 2026-07-01
    end: 2026-12-31
    brief: 2026-06-24
    ```

    **Use instead.**

    ```yaml
    end: 2026-11-20                  # retired; recap written, a new play briefed
    recap: 2026-11-23
    ```

    **How to fix.** End the play (set `end:` and write its recap) and brief a new one with a
    different channel, angle or offer.
    """
    if ctx.activity is None:
        return
    limit = reg.settings.engagement.retire_play_after_days
    until = end_of(ctx.as_of)
    for play in reg.plays:
        if not play.start <= ctx.as_of <= play.end or (ctx.as_of - play.start).days <= limit:
            continue
        since = start_of(play.start)
        targets = reg.play_accounts(play)
        if any(_signal_between(ctx.activity, a.id, since, until) for a in targets):
            continue
        days = (ctx.as_of - play.start).days
        whom = (f"its {plural(len(targets), 'account')}" if targets
                else "any account (it targets none)")
        yield finding("ABM503", f"play {play.id}: running {days} days since {play.start} with "
                      f"no signal from {whom}; retire_play_after_days is {limit}",
                      play, "start")


def _signal_between(activity: Activity, account: str, since: datetime, until: datetime) -> bool:
    """Whether `account` sent a signal (not our own touch) at or after `since`, before `until`.

    Read from the account's own rows, and only for plays old enough to retire: most runs have
    none, and a scan of every row cost more than the rule's whole work."""
    return any(
        since <= row.occurred_at < until and row.type in SIGNAL_TYPES
        for row in activity.by_account.get(account, ())
    )


@rule("ABM504", "warning", "more plays start for one tier in one month than "
      "plays_per_tier_per_month")
def plays_are_paced(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** More plays starting in one calendar month for one tier than
    `engagement.plays_per_tier_per_month` allows (default 1). A play's tier is its `tier`, else
    its `select.tier`; plays with neither are not counted. Plays are taken in order of start
    date (then id); each one beyond the allowance is reported, naming the others.

    **Why.** One new play per tier per month, and never more plays than sales can follow up
    on: plays launched on top of each other compete for the same accounts' attention and the same
    AEs' follow-up.

    **Example.**

    ```yaml
    # registry/plays/fin-services-q4.yaml
    id: fin-services-q4
    owner: abm
    tier: 2
    start: 2026-11-02
    # registry/plays/sdr-q4-sequence.yaml: a second Tier 2 play in November
    id: sdr-q4-sequence
    owner: sdr
    tier: 2
    start: 2026-11-16
    ```

    **Use instead.**

    ```yaml
    # registry/plays/sdr-q4-sequence.yaml
    start: 2026-12-01
    ```

    **How to fix.** Move the later play's `start` into another month, merge it into the
    earlier one, or raise `plays_per_tier_per_month` in `rules/engagement.yaml` if the team
    really can follow up on more.
    """
    allowed = reg.settings.engagement.plays_per_tier_per_month
    grouped: dict[tuple[int, int, int], list[Play]] = defaultdict(list)
    for play in reg.plays:
        tier = play_tier(play)
        if tier is not None:
            grouped[(tier, play.start.year, play.start.month)].append(play)
    for (tier, year, month), plays in grouped.items():
        plays.sort(key=lambda p: (p.start, p.id))
        for play in plays[allowed:]:
            others = [p.id for p in plays if p is not play]
            yield finding(
                "ABM504", f"play {play.id}: {len(plays)} tier {tier} plays start in "
                f"{_MONTHS[month - 1]} {year} (also {_names(others)}); "
                f"plays_per_tier_per_month is {allowed}", play, "start",
            )


@rule("ABM505", "error", "ABM was looped into an event later than its lead time (90 days "
      "major, 60 minor)")
def abm_looped_into_events_early(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An event whose `abm_looped_in` date is later than its lead time
    before the event's `date`: by default 90 days for a `major` event (conference, tradeshow)
    and 60 for a `minor` one (webinar, small field event), or the `lead_time_days` of the
    events team's agreement when it gives them. Looped in exactly the lead time before is on
    time. An event with no `abm_looped_in` is reported once the lead time has begun (as of the
    as-of date) or the event is past.

    **Why.** ABM and the events team need a long runway to agree which accounts are invited and
    what the follow-up is: ABM is looped in at least 90 days before a major event and 60 before a
    smaller one.

    **Example.**

    ```yaml
    # registry/events/dataworks-expo-2027.yaml
    id: dataworks-expo-2027
    name: DataWorks Expo 2027
    kind: major
    date: 2027-03-10
    abm_looped_in: 2027-01-20        # 49 days ahead; a major event needs 90
    ```

    **Use instead.**

    ```yaml
    abm_looped_in: 2026-11-30
    ```

    **How to fix.** Bring ABM in now and record the date as `abm_looped_in:`; for the next
    event, loop ABM in when the event is planned. If the event is smaller than recorded,
    correct its `kind`.
    """
    lead_days = _lead_days(reg)
    for event in reg.events:
        lead = lead_days[event.kind]
        due = event.date - timedelta(days=lead)
        looped = event.abm_looped_in
        if looped is None:
            if ctx.as_of >= due:
                yield finding("ABM505", f"event {event.id} ({event.kind}, {event.date}): ABM "
                              f"not looped in; it was due by {due} ({lead} days before)",
                              event, "abm_looped_in")
        elif looped > due:
            yield finding("ABM505", _late_message(event, looped, lead, due), event,
                          "abm_looped_in")


def _late_message(event: Event, looped: date, lead: int, due: date) -> str:
    before = (event.date - looped).days
    return (f"event {event.id} ({event.kind}, {event.date}): ABM looped in {looped}, "
            f"{before} days before; the lead time is {lead} days (by {due})")


def _lead_days(reg: Registry) -> dict[str, int]:
    """The events agreement's lead times when one gives them, else 90/60."""
    for agreement in reg.agreements:
        team = reg.team_by_id.get(agreement.partner)
        if team is not None and team.kind == "events" and agreement.lead_time_days is not None:
            lead = agreement.lead_time_days
            return {"major": lead.major, "minor": lead.minor}
    return dict(DEFAULT_LEAD_DAYS)


@rule("ABM506", "warning", "a play's tier and its accounts' tiers disagree")
def play_fits_its_tier(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A play with a `tier` that targets accounts of another tier. One
    finding per play, listing the accounts and their tiers.

    **Why.** Each tier gets its own treatment: Tier 1 the full one-to-one program, Tier 2 plays
    by segment with SDR follow-up, Tier 3 programmatic nurture. A one-to-one play spent on a
    Tier 3 account, or a programmatic play on a Tier 1 account, breaks what the tier
    promised.

    **Example.**

    ```yaml
    # tidewater-shipping is a Tier 3 account
    id: q4-exec-roundtable
    name: Q4 executive roundtable
    owner: abm
    tier: 1
    accounts: [kestrel-bank, tidewater-shipping]
    start: 2026-10-15
    end: 2026-12-15
    ```

    **Use instead.**

    ```yaml
    accounts: [kestrel-bank, meridian-re]
    ```

    **How to fix.** Remove the accounts from the play (or narrow its `select:`), or correct
    the play's `tier` if it was built for another tier.
    """
    for play in reg.plays:
        if play.tier is None:
            continue
        off = [f"{a.id} (tier {a.tier})" for a in reg.play_accounts(play) if a.tier != play.tier]
        if off:
            yield finding("ABM506", f"play {play.id}: a tier {play.tier} play targets "
                          f"{plural(len(off), 'account')} of another tier: "
                          f"{_names(off)}", play, "tier")


RULES = (
    play_is_briefed,
    play_is_recapped,
    idle_play_is_retired,
    plays_are_paced,
    abm_looped_into_events_early,
    play_fits_its_tier,
)
