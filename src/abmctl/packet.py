"""The handoff packet: what marketing hands sales with an account (seed 002 "What Marketing
Provides at Handoff": research, engagement history, content consumed, intent signals, a
suggested approach). Built from the account's rows of the last `lookback_days`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, NamedTuple

from abmctl.windows import end_of, start_of

if TYPE_CHECKING:
    from abmctl.activity import ActivityRow
    from abmctl.model.accounts import Account
    from abmctl.registry import Registry
    from abmctl.signals import Signal

MOTIONS = {"one_to_one": "1:1", "one_to_few": "1:few", "one_to_many": "1:many"}
ASSETS = {"roi_calculator": "ROI calculator", "case_study": "case study",
          "competitive_comparison": "competitive comparison"}
CONTENT_TYPES = ("content_download", "web_visit")
EVENT_TYPES = ("event_registration", "event_attendance")
ASSET_KINDS = frozenset({*ASSETS, "ebook", "whitepaper", "white_paper", "guide", "report",
                         "datasheet", "webinar", "infographic", "checklist", "template",
                         "blog_post", "video", "brochure", "one_pager", "solution_brief"})


class HistoryEntry(NamedTuple):
    """One row of the account's engagement history; `qualifying` if it made a signal (a
    tuple: a packet may hold hundreds, a million-row run hundreds of thousands)."""

    occurred_at: datetime
    type: str
    contact: str | None
    detail: str | None
    qualifying: bool


@dataclass(frozen=True, slots=True)
class Consumed:
    """An asset downloaded or a page visited: how often, and when last."""

    type: str
    detail: str
    count: int
    last: datetime


@dataclass(frozen=True, slots=True)
class Topic:
    """A topic the account researches: third-party intent (best score) or a download."""

    topic: str
    source: str
    score: float | None
    last: datetime


@dataclass(frozen=True, slots=True)
class Packet:
    research: str | None
    engagement_history: tuple[HistoryEntry, ...]
    content_consumed: tuple[Consumed, ...]
    intent_topics: tuple[Topic, ...]
    suggested_approach: str


@dataclass(frozen=True, slots=True)
class Dossier:
    """What marketing knows of one account as of the day: shared by all its handoffs."""

    research: str | None
    engagement_history: tuple[HistoryEntry, ...]
    content_consumed: tuple[Consumed, ...]
    intent_topics: tuple[Topic, ...]
    recent: Sequence[ActivityRow]  # the rows of the last lookback_days


def build_dossier(reg: Registry, account: Account, rows: Sequence[ActivityRow],
                  signals: Sequence[Signal], as_of: date) -> Dossier:
    """The account's rows of the last `lookback_days` (`rows` end with the as-of day)."""
    since = end_of(as_of) - timedelta(days=reg.rules.signals.intent_score.lookback_days)
    recent = rows[bisect_left(rows, since, key=_moment):]
    counted = {id(row) for signal in signals for row in signal.rows}
    history = tuple(
        HistoryEntry(r.occurred_at, r.type, r.contact, r.detail, id(r) in counted)
        for r in recent
    )
    return Dossier(
        research=(account.research or "").strip() or None, engagement_history=history,
        content_consumed=content_consumed(recent, _strong_assets(reg)),
        intent_topics=intent_topics(recent), recent=recent,
    )


def build_packet(reg: Registry, account: Account, dossier: Dossier, transition: str,
                 at: datetime, due: datetime, made: Sequence[Signal]) -> Packet:
    """The packet of one handoff: the dossier and an approach for this transition."""
    return Packet(
        research=dossier.research,
        engagement_history=dossier.engagement_history,
        content_consumed=dossier.content_consumed,
        intent_topics=dossier.intent_topics,
        suggested_approach=suggest(reg, account, transition, at, due, dossier.recent, made),
    )


def _moment(row: ActivityRow) -> datetime:
    return row.occurred_at


def content_consumed(rows: Sequence[ActivityRow],
                     strong: frozenset[str] = frozenset()) -> tuple[Consumed, ...]:
    """Downloads first (the `strong`, bottom-of-funnel assets ahead), then pages; most used
    first, then the latest."""
    seen: dict[tuple[str, str], list[datetime]] = {}
    for row in rows:
        if row.type in CONTENT_TYPES and row.detail:
            seen.setdefault((row.type, row.detail), []).append(row.occurred_at)
    found = [Consumed(kind, detail, len(when), max(when)) for (kind, detail), when in seen.items()]
    found.sort(key=lambda c: (CONTENT_TYPES.index(c.type), _key(c.detail) not in strong,
                              -c.count, -c.last.timestamp(), c.detail))
    return tuple(found)


def intent_topics(rows: Sequence[ActivityRow]) -> tuple[Topic, ...]:
    """Third-party topics (best score first), then the topics of downloaded content (a
    download named only by its kind, `case_study`, `ebook`, says nothing of a topic)."""
    best: dict[str, Topic] = {}
    for row in rows:
        if not row.detail or row.type not in ("third_party_intent", "content_download"):
            continue
        if row.type == "content_download" and _key(row.detail) in ASSET_KINDS:
            continue
        surge = row.type == "third_party_intent"
        topic = Topic(row.detail, (row.source or "third-party") if surge else "download",
                      row.score if surge else None, row.occurred_at)
        known = best.get(row.detail)
        if known is None or (topic.score or -1, topic.last) > (known.score or -1, known.last):
            best[row.detail] = topic
    return tuple(sorted(best.values(), key=lambda t: (t.score is None, -(t.score or 0),
                                                       -t.last.timestamp(), t.topic)))


def suggest(reg: Registry, account: Account, transition: str, at: datetime, due: datetime,
            rows: Sequence[ActivityRow], made: Sequence[Signal]) -> str:
    """A first move written from what the account actually did, in its tier's motion."""
    tier = reg.rules.tiers.tier(account.tier)
    head = f"Tier {account.tier}"
    if tier is not None:
        head += f", {MOTIONS.get(tier.motion, tier.motion)}"
    cite = _cite(_hooks(reg, rows, at), bool(account.research))
    if transition == "to_active":
        meeting = next((r for r in reversed(rows) if r.type == "meeting_booked"
                        and r.occurred_at <= at), None)
        about = f" ({meeting.detail})" if meeting is not None and meeting.detail else ""
        return (f"{head}: meeting booked {_day(at)}{about}; the AE leads from here and "
                f"marketing shifts to deal support. Prepare with {cite}")
    if transition == "hot":
        return (f"{head}, hot ({len({s.key for s in made})} distinct signals in "
                f"{reg.rules.signals.window_days} days): the AE reaches out by "
                f"{_day(due)} {due:%H:%M} UTC; open with {cite}")
    rule = reg.rules.engagement.routing.get(account.tier)
    who = {"ae": "the AE reaches out directly", "sdr": "SDR outreach starts, marketing air "
           "cover continues", "abm": "ABM follows up"}.get(rule.to if rule else "standard",
                                                           "the standard lead process")
    return f"{head}: {who}; open with {cite}"


Hooks = tuple[list[str], list[str]]


def _hooks(reg: Registry, rows: Sequence[ActivityRow], at: datetime) -> Hooks:
    """What to open with, strongest first (a bottom-of-funnel asset, a surge, a positive
    reply, recent visits), and what to reference (the latest event); weak downloads last."""
    rules = reg.rules.signals
    assets = _strong_assets(reg)
    downloads = [r for r in rows if r.type == "content_download" and r.detail]
    strong = [r for r in downloads if _key(r.detail) in assets]
    openers = [_downloaded(r) for r in strong[-1:]]
    surge = rules.qualify.third_party_intent
    surges = [r for r in rows if r.type == "third_party_intent" and r.detail
              and r.score is not None and (surge is None or r.score >= surge.min_score)]
    if surges:
        top = max(surges, key=lambda r: (r.score or 0, r.occurred_at))
        openers.append(f"the '{top.detail}' surge")
    replies = [r for r in rows if r.type == "outbound_response" and r.sentiment == "positive"]
    if replies:
        openers.append(f"{replies[-1].contact or 'a contact'}'s positive reply")
    recent = at - timedelta(days=rules.window_days)
    visits = [r for r in rows if r.type == "web_visit" and recent < r.occurred_at <= at]
    if len(visits) >= 2:
        openers.append(f"their {len(visits)} visits in the last {rules.window_days} days"
                       + _top_page(visits))
    event = _event(reg, rows)
    if not openers and event is not None:
        return [event], []
    if not openers and downloads:
        openers.append(_downloaded(downloads[-1]))
    return openers, [f"reference {event}"] if event else []


def _strong_assets(reg: Registry) -> frozenset[str]:
    """seed 001: the bottom-of-funnel assets whose download is a signal."""
    wanted = reg.rules.signals.qualify.content_download
    return frozenset(_key(a) for a in wanted.assets) if wanted else frozenset()


def _downloaded(row: ActivityRow) -> str:
    label = ASSETS.get(_key(row.detail), row.detail or "asset")
    return f"the {label} they downloaded on {_day(row.occurred_at)}"


def _top_page(visits: Sequence[ActivityRow]) -> str:
    """` (most to /pricing)`: the most visited page, the latest on a tie."""
    counts = Counter(r.detail for r in visits if r.detail)
    if not counts:
        return ""
    order = {r.detail: n for n, r in enumerate(visits)}
    page = max(counts, key=lambda p: (counts[p], order[p]))
    return f" (most to {page})"


def _event(reg: Registry, rows: Sequence[ActivityRow]) -> str | None:
    """The latest event the account signed up for or came to: `'Name' (Dec 3), which 2 of
    their people registered for`."""
    latest = next((r for r in reversed(rows) if r.type in EVENT_TYPES), None)
    if latest is None:
        return None
    same = [r for r in rows if r.type in EVENT_TYPES and r.detail == latest.detail]
    came = {r.contact for r in same if r.type == "event_attendance"}
    signed = {r.contact for r in same if r.type == "event_registration"}
    people, verb = (came, "attended") if came else (signed, "registered for")
    who = f"{len(people)} of their people" if len(people) > 1 else "they"
    event = reg.event_by_id.get(latest.detail or "")
    name = f"'{event.name}' ({_day(start_of(event.date))})" if event else (
        f"'{latest.detail}'" if latest.detail else "the event")
    return f"{name}, which {who} {verb}"


def _cite(hooks: Hooks, has_research: bool) -> str:
    openers, references = hooks
    if not openers and not references:
        return ("the account research (no content engagement recorded yet)." if has_research
                else "discovery: no content engagement or research recorded yet.")
    if not openers:
        return f"the account research; {references[0]}."
    text = " and ".join(openers[:2])
    rest = [f"mention {o}" for o in openers[2:3]] + references
    return text + ("; " + "; ".join(rest) if rest else "") + "."


def _day(moment: datetime) -> str:
    return f"{moment:%b} {moment.day}"


def _key(text: str | None) -> str:
    return (text or "").strip().lower().replace(" ", "_").replace("-", "_")
