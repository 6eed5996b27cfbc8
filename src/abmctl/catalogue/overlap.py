"""ABM601-ABM606: conflicts between teams on one account, for the bi-weekly overlap review.

Each finding is a conflict: it names the account, the teams, the plays or touches involved,
who decides (the stage owner) and the default resolution in one sentence an ops lead
can paste into the review (have a default answer before it becomes a conflict).
ABM601/602 read the registry; ABM603-606 need activity and yield nothing without it.
"""

from __future__ import annotations

import math
from bisect import bisect_right
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, fields
from datetime import date, datetime, timedelta
from functools import partial
from operator import attrgetter
from typing import Any

from abmctl.catalogue.base import Context, finding, rule
from abmctl.engine.activity import ActivityRow
from abmctl.engine.followup import follow_up, handed_on_at
from abmctl.engine.motion import off_motion_at, on_motion
from abmctl.engine.owners import Owners
from abmctl.engine.signals import Signal
from abmctl.engine.timeline import Timeline, meeting_at, timelines
from abmctl.engine.windows import end_of, start_of
from abmctl.findings import Finding, Severity
from abmctl.model.accounts import Account
from abmctl.model.plays import Play
from abmctl.model.settings import SignalSettings
from abmctl.output.text import plural, stamp
from abmctl.registry import Registry

MAX_LISTED = 10  # touches or signals named in one conflict
# a play that ended more than a quarter ago is history, not a conflict to review
LOOKBACK_DAYS = 90
_moment = attrgetter("occurred_at")


class _Owners:
    """Who decides and which teams are involved, looked up once per account in a run: the
    engine's `Owners`, told by the timeline whether a meeting was booked."""

    def __init__(self, reg: Registry, ctx: Context) -> None:
        self.reg, self.ctx = reg, ctx
        self.lines = timelines(ctx.activity, ctx.as_of)
        self.owners = Owners(reg)
        self._decides: dict[str, str] = {}
        self._routed: dict[str, tuple[str, ...]] = {}
        self._where: dict[str, tuple[str, int]] = {}

    def team(self, kind: str) -> str:
        return self.owners.team(kind)

    def decides(self, account: Account) -> str:
        """The stage owner (engine/owners.py `Owners.decides`), once per account."""
        found = self._decides.get(account.id)
        if found is None:
            found = self.owners.decides(account, self._meeting_booked(account))
            self._decides[account.id] = found
        return found

    def _meeting_booked(self, account: Account) -> bool:
        """The meeting that hands the account on, as handoff's `to_active` sees it."""
        return meeting_at(account, self.lines.get(account.id), self.ctx.as_of) is not None

    def owner_team(self, account: Account) -> str:
        """The team whose play leads: ABM's before the meeting, the AE's team after it."""
        return self.owners.team_of(self.decides(account))

    def sales_team(self, account: Account) -> str:
        return self.owners.team_of_role(account, "ae")

    def where(self, account: Account) -> tuple[str, int]:
        """The path and line of the account's record (looked up once: 100,000 conflicts can
        point at 10,000 accounts)."""
        if account.id not in self._where:
            self._where[account.id] = (account.path, account.line)
        return self._where[account.id]

    def routed_teams(self, account: Account) -> tuple[str, ...]:
        """The teams of the people the tier's routing names: who hears of a signal."""
        if account.id not in self._routed:
            self._routed[account.id] = self.owners.routed_teams(account)
        return self._routed[account.id]


Words = tuple[str, str, tuple[tuple[str, str], ...]]  # message, resolution, evidence
_LATER: Any = object()  # a conflict's words not written yet
_FIELDS = tuple(f.name for f in fields(Finding))


def _written_later(slot: Any) -> Any:
    """A `Finding` field (its slot) read through `_Conflict._write` the first time."""

    def read(self: _Conflict) -> Any:
        value = slot.__get__(self, Finding)
        if value is _LATER:
            message, resolution, extra = self._write()
            for name, text in (("message", message), ("resolution", resolution),
                               ("extra", extra)):
                _SLOTS[name].__set__(self, text)
            value = slot.__get__(self, Finding)
        return value

    return property(read, slot.__set__)


_SLOTS = {name: Finding.__dict__[name] for name in ("message", "resolution", "extra")}


class _Conflict(Finding):
    """An ABM605 or ABM606 conflict whose words (message, resolution, evidence) are written
    the first time they are read. A million rows make 150,000 of these, and `abmctl overlap`
    prints one of each kind per account with a count (`overlap.groups.repeats`): the counts,
    the grouping and the order read only the code, severity, account, teams, place and who
    decides, so the words of the conflicts a report counts but does not print are never
    written. Equal to, hashed and pickled as the plain `Finding` with the same words."""

    __slots__ = ("_write",)
    _write: Callable[[], Words]

    message = _written_later(_SLOTS["message"])
    resolution = _written_later(_SLOTS["resolution"])
    extra = _written_later(_SLOTS["extra"])

    @classmethod
    def of(cls, write: Callable[[], Words], code: str, severity: Severity, path: str,
           line: int, account: str, teams: tuple[str, ...], decides: str) -> _Conflict:
        conflict = cls(code, severity, _LATER, path, line, account, teams, (), decides, _LATER,
                       _LATER)
        object.__setattr__(conflict, "_write", write)
        return conflict

    def takes_words_of(self, later: _Conflict) -> None:
        """Stand for `later` too (a conflict alike, made after this one): from now on this
        conflict has its words, as the latest of the conflicts alike."""
        object.__setattr__(self, "_write", later._write)
        for slot in _SLOTS.values():
            slot.__set__(self, _LATER)

    def _values(self) -> tuple[Any, ...]:
        return tuple([getattr(self, name) for name in _FIELDS])

    def __eq__(self, other: object) -> bool:
        if isinstance(other, Finding):
            return self._values() == tuple([getattr(other, name) for name in _FIELDS])
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._values())

    def __reduce__(self) -> tuple[type[Finding], tuple[Any, ...]]:
        return Finding, self._values()


def _ae_or_role(account: Account) -> str:
    return account.owner("ae") or "the AE"


@rule("ABM601", "warning", "plays of two teams overlap in time on the same account",
      reads_activity=True)
def plays_overlap(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** Two plays run by two different teams that target the same account on
    overlapping dates (dates are inclusive: a play ending on the 10th and one starting on the
    10th overlap; one starting on the 11th does not). Plays that ended more than 90 days before
    the as-of date are history and left out; running and upcoming plays are in.

    **Why.** Even with one list and ownership by stage, plays overlap, and the account meets two
    teams that do not talk to each other. The stage owner decides (ABM before a qualified meeting,
    the AE after it) and the bi-weekly overlap review reconciles the plays.

    **Example.**

    ```yaml
    # registry/plays/q4-exec-roundtable.yaml
    id: q4-exec-roundtable
    owner: abm
    accounts: [kestrel-bank]
    start: 2026-10-15
    end: 2026-12-15
    # registry/plays/emea-roadshow.yaml
    id: emea-roadshow
    owner: emea-field
    accounts: [kestrel-bank, aurelia-assicurazioni]
    start: 2026-11-09
    end: 2026-12-04
    ```

    **Use instead.**

    ```yaml
    # registry/plays/emea-roadshow.yaml: the stage owner's play keeps kestrel-bank
    accounts: [aurelia-assicurazioni]
    ```

    **How to fix.** At the overlap review, keep the stage owner's play on the account and take
    the account out of the other play (or move that play's dates), or merge the touches into
    one plan.
    """
    owners = _Owners(reg, ctx)
    for account, plays in _plays_by_account(reg, ctx.as_of).items():
        for index, first in enumerate(plays):
            for second in plays[index + 1:]:
                if first.owner != second.owner and second.start <= first.end:
                    yield _overlap_finding(owners, reg.account_by_id[account], first, second)


def _plays_by_account(reg: Registry, as_of: date) -> dict[str, list[Play]]:
    """Each account's relevant plays, in start order: running, upcoming or recently ended."""
    since = as_of - timedelta(days=LOOKBACK_DAYS)
    found: dict[str, list[Play]] = {}
    for play in sorted(reg.plays, key=lambda p: (p.start, p.id)):
        if play.end < since:
            continue
        for account in reg.play_accounts(play):
            plays = found.setdefault(account.id, [])
            if not plays or plays[-1] is not play:  # listed twice in one play: in it once
                plays.append(play)
    return found


def _history_before(as_of: date) -> datetime:
    """Where the activity conflicts' history ends: a touch, cluster or missed follow-up more
    than LOOKBACK_DAYS before the as-of date is history, as a play that ended then is (ABM601),
    not a conflict for this review."""
    return start_of(as_of - timedelta(days=LOOKBACK_DAYS))


def _overlap_finding(owners: _Owners, account: Account, first: Play, second: Play) -> Finding:
    account_id = account.id
    decides = owners.decides(account)
    shared_from, shared_to = second.start, min(first.end, second.end)
    message = (
        f"plays of {first.owner} ({first.id}, {first.start}..{first.end}) and {second.owner} "
        f"({second.id}, {second.start}..{second.end}) overlap on {account_id} from "
        f"{shared_from} to {shared_to}; {decides} decides"
    )
    return finding(
        "ABM601", message, second, _select_field(second), account=account_id,
        teams=(first.owner, second.owner), plays=(first.id, second.id), decides=decides,
        resolution=_play_resolution(owners, account, first, second, decides),
    )


def _play_resolution(owners: _Owners, account: Account, first: Play, second: Play,
                     decides: str) -> str:
    if not on_motion(account):
        return _off_motion_resolution(account, (first.id, second.id))
    owner_team = owners.owner_team(account)
    keep, other = (second, first) if second.owner == owner_team else (first, second)
    if keep.owner == owner_team:
        return (
            f"{keep.id} ({keep.owner}, the stage owner) keeps {account.id}; {other.owner} takes "
            f"{account.id} out of {other.id} until {keep.end} or runs its touches through "
            f"{keep.owner}'s plan."
        )
    return (
        f"{decides} picks one play for {account.id} at the overlap review; until then "
        f"{keep.id} ({keep.owner}) keeps it and {other.owner} holds {other.id} for "
        f"{account.id} until {keep.end}."
    )


def _span(first: datetime, last: datetime) -> str:
    return stamp(first) if first == last else f"first {stamp(first)}, last {stamp(last)}"


def _off_motion_resolution(account: Account, play_ids: Sequence[str]) -> str:
    """No marketing spend off the active motion."""
    since = f" since {account.stage_since}" if account.stage_since else ""
    return (
        f"Stop marketing to {account.id}: it is {account.stage}{since}, off the active motion, "
        f"so take it out of {', '.join(play_ids) or 'every play'}, ad audiences and email lists."
    )


def _select_field(play: Play) -> str | None:
    if play.accounts is not None:
        return "accounts"
    return "select" if play.select is not None else None


@rule("ABM602", "warning", "a Tier 1 account in a regional marketer's territory is in a "
      "regional play", reads_activity=True)
def tier1_in_regional_play(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A Tier 1 account whose region is one of a regional marketing team's
    territories, targeted by a play that regional team runs (running, upcoming, or ended within
    the last 90 days).

    **Why.** This is the typical overlap: a Tier 1 account sits in a regional marketer's
    territory. Tier 1 is one-to-one, so ABM orchestrates the account and the region executes
    locally on ABM's plan; the account does not get two programs.

    **Example.**

    ```yaml
    # meridian-re is Tier 1 in emea; emea-field's territories are [emea]
    id: emea-roadshow
    owner: emea-field
    accounts: [meridian-re, aurelia-assicurazioni]
    start: 2026-11-09
    end: 2026-12-04
    ```

    **Use instead.**

    ```yaml
    # the region's play keeps its own accounts; meridian-re's local touches run in ABM's play
    accounts: [aurelia-assicurazioni]
    ```

    **How to fix.** Bring the play to the bi-weekly overlap review: ABM sets what the account
    gets and when, and the regional team runs those touches (or drops the account from its
    play).
    """
    owners = _Owners(reg, ctx)
    since = ctx.as_of - timedelta(days=LOOKBACK_DAYS)
    for play in reg.plays:
        team = reg.team_by_id.get(play.owner)
        if team is None or team.kind != "regional_marketing" or play.end < since:
            continue
        seen: set[str] = set()
        for account in reg.play_accounts(play):
            if account.tier == 1 and account.region in team.territories and account.id not in seen:
                seen.add(account.id)
                yield _regional_finding(owners, account, play)


def _regional_finding(owners: _Owners, account: Account, play: Play) -> Finding:
    abm = owners.team("abm")
    return finding(
        "ABM602",
        f"Tier 1 account {account.id} ({account.region}) is in {play.owner}'s regional play "
        f"{play.id} ({play.start}..{play.end}): ABM orchestrates Tier 1, the region executes",
        play, _select_field(play), account=account.id, teams=(abm, play.owner),
        plays=(play.id,), decides=owners.decides(account),
        resolution=(
            f"{abm} orchestrates {account.id} in {play.id}: {play.owner} runs the local touches "
            "on ABM's plan and timing, agreed at the bi-weekly overlap review."
        ) if on_motion(account) else _off_motion_resolution(account, (play.id,)),
    )


@rule("ABM603", "error", "a sales touch on a Tier 1 account before its awareness phase ran",
      needs_activity=True)
def premature_sales_touch(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A `sales_touch` at time *t* on a Tier 1 account when, by *t*, the
    account had not crossed the signal threshold, had not had `awareness_weeks` (4, or 2 when
    `familiar`) since its first `marketing_touch`, and had no meeting booked. Touches
    from before the account's `tier_since` are left out: it was not Tier 1 then; so are those
    more than 90 days before the date (history). One finding per account names its premature
    touches.

    **Why.** Sales reaching out before marketing's awareness work has landed is a known way ABM
    fails: a cold first message before the account knows the brand spends the most valuable
    first impression there is.

    **Example.**

    ```csv
    occurred_at,account,type,contact,detail,score,sentiment,source
    2026-10-26,corvid-aerospace,marketing_touch,,ads: aerospace ABM set,,,marketo
    2026-11-09T15:00:00Z,corvid-aerospace,sales_touch,priya.raman,call,,,salesforce
    ```
    (Tier 1, not `familiar`: the four-week warm-up runs to 2026-11-23.)

    **Use instead.**

    ```csv
    occurred_at,account,type,contact,detail,score,sentiment,source
    2026-10-26,corvid-aerospace,marketing_touch,,ads: aerospace ABM set,,,marketo
    2026-11-24T15:00:00Z,corvid-aerospace,sales_touch,priya.raman,call,,,salesforce
    ```
    (or, if the account already knows the brand, `familiar: true` on its record: two weeks.)

    **How to fix.** Hold sales outreach until the awareness phase has run, the account crosses
    the threshold, or a meeting is booked; agree the first sales message with ABM at the weekly
    sync. Mark accounts that already know the brand `familiar: true` (shorter warm-up).
    """
    owners = _Owners(reg, ctx)
    for account_id, line in owners.lines.items():
        account = reg.account_by_id.get(account_id)
        if account is None or account.tier != 1:
            continue
        premature = _premature_touches(reg, account, line, ctx.as_of)
        if premature:
            yield _premature_finding(owners, account, line, premature)


def _premature_touches(reg: Registry, account: Account, line: Timeline,
                       as_of: date) -> list[datetime]:
    since = _history_before(as_of)
    if account.tier_since is not None:
        since = max(since, start_of(account.tier_since))
    warmed = line.awareness_end(reg.settings.engagement.awareness_weeks, account.familiar)
    crossed = line.first_crossing(reg.settings.signals)
    meeting = meeting_at(account, line, as_of, in_stage=False)  # any meeting, by each touch
    return [
        row.occurred_at
        for row in line.rows
        if row.type == "sales_touch"
        and row.occurred_at >= since
        and not _cleared(row.occurred_at, warmed, crossed, meeting)
    ]


def _cleared(moment: datetime, *gates: datetime | None) -> bool:
    """By `moment`, had awareness run, the threshold been crossed, or a meeting been booked?"""
    return any(gate is not None and gate <= moment for gate in gates)


def _premature_finding(owners: _Owners, account: Account, line: Timeline,
                       premature: Sequence[datetime]) -> Finding:
    weeks_rule = owners.reg.settings.engagement.awareness_weeks
    weeks = weeks_rule.familiar if account.familiar else weeks_rule.new
    kind = "familiar" if account.familiar else "new"
    warmed = line.awareness_end(weeks_rule, account.familiar)
    first_touch = line.first_of("marketing_touch")
    phase = (
        f"awareness began {stamp(first_touch)} and runs {weeks} weeks ({kind} account) to "
        f"{stamp(warmed)}" if first_touch and warmed
        else f"no marketing touch yet (awareness needs {weeks} weeks, {kind} account)"
    )
    count = len(premature)
    message = (
        f"{plural(count, 'sales touch', 'sales touches')} on Tier 1 account {account.id} before "
        f"its awareness phase ran (first {stamp(premature[0])}): {phase}; no threshold crossing "
        "or booked meeting by then"
    )
    row = next(r for r in line.rows if r.occurred_at == premature[0] and r.type == "sales_touch")
    ae = _ae_or_role(account)
    done = warmed is not None and warmed < end_of(owners.ctx.as_of)
    resolution = (
        f"The awareness phase ended {stamp(warmed)}: ABM and {ae} review at the weekly sync what "
        "the early outreach said, so the next sales touch builds on marketing's warm-up."
        if done else
        f"Sales pauses outreach to {account.id} until "
        f"{stamp(warmed) if warmed else f'{weeks} weeks after the first marketing touch'} "
        "(or a threshold crossing or booked meeting) and agrees the first message with ABM at "
        "the weekly sync."
    )
    return finding(
        "ABM603", message, account=account.id, path=row.path or account.path,
        line=row.line or account.line, teams=(owners.sales_team(account), owners.team("abm")),
        decides=owners.decides(account), resolution=resolution,
        extra=tuple(("touch", f"{stamp(t)} sales_touch") for t in premature[:MAX_LISTED]),
    )


@rule("ABM604", "error", "a marketing touch on an account that is closed_lost, disqualified or "
      "not_ready", needs_activity=True)
def marketing_off_motion(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** A `marketing_touch` on an account whose stage is `closed_lost`,
    `disqualified` or `not_ready`, at or after its `stage_since` (a touch the day before the
    stage changed is fine; with no `stage_since`, every marketing touch counts), leaving out
    touches more than 90 days before the date (history). One finding per account names the
    touches and the plays running then.

    **Why.** No marketing spend on accounts off the active motion: it wastes budget and tells a
    lost or disqualified buyer that nobody is listening.

    **Example.**

    ```yaml
    # registry/accounts/na-east.yaml
      - {id: calder-transit, name: Calder Transit, domains: [caldertransit.com], tier: 3,
         stage: disqualified, stage_since: 2026-10-14}
    ```
    ```csv
    occurred_at,account,type,contact,detail,score,sentiment,source
    2026-11-04T14:00:00Z,calder-transit,marketing_touch,,email: newsletter,,,marketo
    ```

    **Use instead.**

    ```yaml
    # every play and list without calder-transit, so no marketing_touch follows;
    # registry/plays/t3-programmatic-ads.yaml
    accounts: [oakhurst-university, quayside-hotels]
    ```

    **How to fix.** Take the account out of every play, ad audience and email list; if it is
    back in play, move its `stage` (and `stage_since`) back onto the motion.
    """
    owners = _Owners(reg, ctx)
    history = _history_before(ctx.as_of)
    members: dict[str, set[str]] = {}
    for account_id, line in owners.lines.items():
        account = reg.account_by_id.get(account_id)
        if account is None or on_motion(account):
            continue
        touches = [
            r for r in line.of_type("marketing_touch")
            if r.occurred_at >= history and off_motion_at(account, r.occurred_at)
        ]
        if touches:
            if not members:
                members = {p.id: {a.id for a in reg.play_accounts(p)} for p in reg.plays}
            days = {r.occurred_at.date() for r in touches}
            plays = tuple(
                p for p in sorted(reg.plays, key=lambda p: (p.start, p.id))
                if account.id in members[p.id] and any(p.start <= d <= p.end for d in days)
            )
            yield _off_motion_finding(owners, account, touches, plays)


def _off_motion_finding(owners: _Owners, account: Account, touches: Sequence[ActivityRow],
                        plays: Sequence[Play]) -> Finding:
    play_ids = tuple(p.id for p in plays)
    teams = tuple(dict.fromkeys(p.owner for p in plays)) or (owners.team("abm"),)
    since = f" since {account.stage_since}" if account.stage_since else ""
    count = len(touches)
    via = f" (during {', '.join(play_ids)})" if play_ids else ""
    return finding(
        "ABM604",
        f"{plural(count, 'marketing touch', 'marketing touches')} on {account.id}, {account.stage}"
        f"{since}: {_span(touches[0].occurred_at, touches[-1].occurred_at)}{via}",
        account=account.id, path=touches[0].path or account.path,
        line=touches[0].line or account.line, teams=teams, plays=play_ids,
        decides=owners.decides(account),
        resolution=_off_motion_resolution(account, play_ids),
        extra=tuple(
            ("touch", f"{stamp(r.occurred_at)} marketing_touch") for r in touches[:MAX_LISTED]
        ),
    )


@rule("ABM605", "info", "several signals on one account within overlap_days: one alert",
      needs_activity=True)
def signals_cluster(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** Two or more qualifying signals on one account within `overlap_days`
    (7) of the first of them. Each such cluster is reported once: it is one alert, owned by the
    account's stage owner. A cluster whose last signal is more than 90 days before the date is
    history.

    **Why.** Several signals on one account in the same week happen all the time; without a
    default answer, several teams react to the same buyer at once.

    **Example.**

    ```csv
    occurred_at,account,type,contact,detail,score,sentiment,source
    2026-11-06,brightwater-logistics,third_party_intent,,real-time analytics,78,,bombora
    2026-11-10T09:20:00Z,brightwater-logistics,content_download,a.morgan,roi_calculator,,,marketo
    ```

    **Use instead.**

    Nothing in the files changes: the account's stage owner (ABM in awareness and engagement)
    takes both signals as one alert and tells sales, and nobody else reaches out on their own.

    **How to fix.** Nothing is broken: the stage owner takes the cluster as one alert and tells
    the other teams, so exactly one person reaches out.
    """
    owners = _Owners(reg, ctx)
    rules = reg.settings.signals
    span = timedelta(days=reg.settings.engagement.overlap_days)
    history = _history_before(ctx.as_of)
    for account_id, line in owners.lines.items():
        account = reg.account_by_id.get(account_id)
        if account is None:
            continue
        signals = line.signals(rules)
        if len(signals) < 2:
            continue
        alert = _Alert.of(owners, account)
        yield from _alike(ctx, (alert.finding(cluster) for cluster in _clusters(signals, span)
                                if cluster[-1].occurred_at >= history))


def _alike(ctx: Context, conflicts: Iterator[_Conflict]) -> Iterator[Finding]:
    """One rule's conflicts on one account: when the run lists the alike ones as one
    (`Context.alike_as_one`, `overlap.groups.alike`), one object stands for each of a run of
    alike conflicts, with the latest one's words. A million rows make 150,000 conflicts that
    `abmctl overlap` prints as 20,000; the others' words and the signals behind them are let
    go as the next one is made."""
    if not ctx.alike_as_one:
        yield from conflicts
        return
    from abmctl.overlap.groups import alike

    first: _Conflict | None = None
    kind: tuple[Any, ...] = ()
    for later in conflicts:
        if first is not None and alike(later) == kind:
            first.takes_words_of(later)
        else:
            first, kind = later, alike(later)
        yield first


def _clusters(signals: Sequence[Signal], span: timedelta) -> Iterator[Sequence[Signal]]:
    """Runs of two or more signals within `span` of the run's first (signals in time order); a
    run closes at the first signal past `span`, which may open the next one."""
    start = 0
    while start < len(signals):
        end = bisect_right(signals, signals[start].occurred_at + span, lo=start + 1,
                           key=_moment)
        if end - start > 1:
            yield signals[start:end]
        start = end


@dataclass(frozen=True, slots=True)
class _Alert:
    """What every ABM605 cluster on one account shares: who owns the alert, who else hears of
    it and where the account's record is (worked out once: a busy account has dozens of
    clusters)."""

    account: str
    decides: str
    teams: tuple[str, ...]
    tells: str
    path: str
    line: int
    days: int

    @classmethod
    def of(cls, owners: _Owners, account: Account) -> _Alert:
        teams = owners.routed_teams(account)
        others = [t for t in teams if t != owners.owner_team(account)]
        path, line = owners.where(account)
        return cls(account.id, owners.decides(account), teams,
                   f" and tells {', '.join(others)}" if others else "", path, line,
                   owners.reg.settings.engagement.overlap_days)

    def finding(self, cluster: Sequence[Signal]) -> _Conflict:
        return _Conflict.of(partial(self._words, cluster), "ABM605", signals_cluster.severity,
                            self.path, self.line, self.account, self.teams, self.decides)

    def _words(self, cluster: Sequence[Signal]) -> Words:
        stamps = _stamps(cluster)
        last = stamps[-1] if len(cluster) <= MAX_LISTED else stamp(cluster[-1].occurred_at)
        kinds = ", ".join(dict.fromkeys([s.type for s in cluster]))
        return (
            f"{len(cluster)} signals on {self.account} within {self.days} days "
            f"({stamps[0]} to {last}: {kinds}): one alert, owned by {self.decides}",
            f"{self.decides} takes these {len(cluster)} signals on {self.account} as one "
            f"alert{self.tells}; nobody else reaches out on their own.",
            _evidence(cluster, stamps),
        )


def _stamps(signals: Sequence[Signal]) -> list[str]:
    """When the first MAX_LISTED signals came, each formatted once: a conflict names them in its
    message and again in its evidence."""
    return [stamp(s.occurred_at) for s in signals[:MAX_LISTED]]


def _evidence(signals: Sequence[Signal], stamps: Sequence[str]) -> tuple[tuple[str, str], ...]:
    """The signals a conflict names, `2026-11-03 web_visit`, at most MAX_LISTED."""
    return tuple([("signal", f"{t} {s.type}") for t, s in zip(stamps, signals, strict=False)])


@rule("ABM606", "error", "a hot account got no sales touch within sla_hours",
      needs_activity=True)
def hot_account_not_followed(reg: Registry, ctx: Context) -> Iterator[Finding]:
    """
    **What it catches.** An account that crossed `hot_threshold` (4 distinct qualifying
    signals within `window_days`) and got no `sales_touch` in the `sla_hours` (24) after the
    crossing, once that due time has passed as of the date. Crossings after an account went off
    the motion, or once it was `active` or `expand` (already handed on: no hot handoff), are
    left out, and so is a follow-up due more than 90 days before the date (history).

    **Why.** When an account crosses the hot threshold, the AE reaches out within 24 hours, with
    a specific reference to what the account engaged with. An account in active evaluation that
    nobody calls is exactly the missing handoff the program exists to prevent.

    **Example.**

    ```csv
    occurred_at,account,type,contact,detail,score,sentiment,source
    2026-11-06,brightwater-logistics,third_party_intent,,real-time analytics,78,,bombora
    2026-11-10T09:20:00Z,brightwater-logistics,content_download,a.morgan,roi_calculator,,,marketo
    2026-11-14T16:45:00Z,brightwater-logistics,event_registration,d.kim,cdo-roundtable,,,cvent
    2026-11-18T14:30:00Z,brightwater-logistics,outbound_response,j.alvarez,re: seat,,positive,sdr
    2026-11-20T17:10:00Z,brightwater-logistics,sales_touch,marcus.osei,call,,,salesforce
    ```

    **Use instead.**

    ```csv
    2026-11-19T09:00:00Z,brightwater-logistics,sales_touch,marcus.osei,call,,,salesforce
    ```

    **How to fix.** The AE reaches out now, naming what the account engaged with, and logs the
    touch; if the AE cannot meet the SLA, agree who covers at the weekly sync.
    """
    owners = _Owners(reg, ctx)
    rules = reg.settings.signals
    for account_id, line in owners.lines.items():
        account = reg.account_by_id.get(account_id)
        if account is None:
            continue
        yield from _alike(ctx, _not_followed(owners, account, line, rules, ctx.as_of))


def _not_followed(owners: _Owners, account: Account, line: Timeline, rules: SignalSettings,
                  as_of: date) -> Iterator[_Conflict]:
    """ABM606's conflicts on one account, oldest crossing first."""
    hot: _HotAccount | None = None
    history = _history_before(as_of)
    for crossing in line.hot_crossings(rules):
        if off_motion_at(account, crossing) or handed_on_at(account, crossing):
            continue
        follow = follow_up(line, crossing, rules, as_of)
        if follow.due < history:
            continue  # missed long ago: history
        if follow.breached:
            hot = hot or _HotAccount.of(owners, account, line)
            yield hot.finding(crossing, follow.due)


@dataclass(frozen=True, slots=True)
class _HotAccount:
    """What every ABM606 finding on one account shares (worked out once: an account can turn
    hot again and again)."""

    account: str
    line: Timeline
    rules: SignalSettings
    ae: str
    teams: tuple[str, ...]
    decides: str
    path: str
    at_line: int

    @classmethod
    def of(cls, owners: _Owners, account: Account, line: Timeline) -> _HotAccount:
        path, at_line = owners.where(account)
        teams = (owners.sales_team(account), owners.team("abm"))
        return cls(account.id, line, owners.reg.settings.signals, _ae_or_role(account), teams,
                   owners.decides(account), path, at_line)

    def finding(self, crossing: datetime, due: datetime) -> _Conflict:
        return _Conflict.of(partial(self._words, crossing, due), "ABM606",
                            hot_account_not_followed.severity, self.path, self.at_line,
                            self.account, self.teams, self.decides)

    def _words(self, crossing: datetime, due: datetime) -> Words:
        rules = self.rules
        made = self.line.made_crossing(rules, crossing)
        later = self.line.next_of("sales_touch", due)  # the timeline ends with the as-of day
        late = (f"; the first sales touch came {stamp(later.occurred_at)}" if later
                else "; no sales touch since")
        engaged = ", ".join(dict.fromkeys([
            f"{s.type} ({detail})" if (detail := s.detail) else s.type for s in made
        ]))
        return (
            f"{self.account} turned hot {stamp(crossing)} ({len(made)} signals in "
            f"{rules.window_days} days) and got no sales touch within {rules.sla_hours:g} h "
            f"(due {stamp(due)}){late}",
            f"At the weekly sync, {self.ae} and ABM go over why the follow-up came "
            f"{_hours_late(later.occurred_at, due)} late and agree SLA cover, so the next "
            "hot account is called within the SLA."
            if later else
            f"{self.ae} reaches out to {self.account} now with a specific reference to what "
            f"it engaged with ({engaged}) and logs the touch; agree SLA cover at the weekly "
            "sync.",
            _evidence(made, _stamps(made)),
        )


def _hours_late(touch: datetime, due: datetime) -> str:
    """How late a follow-up came: `20 min` (a minute at least) under an hour, `30 h` under two
    days, then `3 days`, each rounded half up as a reader would."""
    minutes = (touch - due).total_seconds() / 60
    if minutes < 59.5:
        return f"{max(1, math.floor(minutes + 0.5))} min"
    hours = minutes / 60
    if hours < 47.5:
        return f"{math.floor(hours + 0.5)} h"
    return f"{math.floor(hours / 24 + 0.5)} days"


RULES = (
    plays_overlap,
    tier1_in_regional_play,
    premature_sales_touch,
    marketing_off_motion,
    signals_cluster,
    hot_account_not_followed,
)
