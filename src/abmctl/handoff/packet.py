"""The handoff packet: what marketing hands sales with an account (research, engagement
history, content consumed, intent signals, a suggested approach). Built from the account's
rows of the last `lookback_days`.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from operator import attrgetter
from typing import TYPE_CHECKING, NamedTuple, overload

from abmctl.engine.activity import by_type, normal_form
from abmctl.engine.windows import end_of, start_of
from abmctl.output.text import month_day

if TYPE_CHECKING:
    from abmctl.engine.activity import ActivityRow
    from abmctl.engine.owners import Route
    from abmctl.engine.signals import Signal
    from abmctl.model.accounts import Account
    from abmctl.registry import Registry

MOTIONS = {"one_to_one": "1:1", "one_to_few": "1:few", "one_to_many": "1:many"}
ASSETS = {"roi_calculator": "ROI calculator", "case_study": "case study",
          "competitive_comparison": "competitive comparison"}
CONTENT_TYPES = ("content_download", "web_visit")
TOPIC_TYPES = ("third_party_intent", "content_download")
_TOPIC_KINDS = frozenset(TOPIC_TYPES)
EVENT_TYPES = ("event_registration", "event_attendance")
HISTORY_KEPT = 10  # history entries a packet carries unless asked for more (--history)
ASSET_KINDS = frozenset({*ASSETS, "ebook", "whitepaper", "white_paper", "guide", "report",
                         "datasheet", "webinar", "infographic", "checklist", "template",
                         "blog_post", "video", "brochure", "one_pager", "solution_brief"})


class HistoryEntry(NamedTuple):
    """One row of the account's engagement history; `qualifying` if it made a signal."""

    occurred_at: datetime
    type: str
    contact: str | None
    detail: str | None
    qualifying: bool


_MOMENT, _TYPE, _CONTACT, _DETAIL = map(attrgetter, ("occurred_at", "type", "contact",
                                                    "detail"))


class History(Sequence[HistoryEntry]):
    """An account's engagement history: the last of its rows of the lookback, oldest first,
    each marked if it made a signal; `left_out` counts the earlier rows not kept. Entries are
    made as they are read, and the JSON report reads them as `plain` tuples."""

    __slots__ = ("_rows", "_qualifying", "left_out")

    def __init__(self, rows: Sequence[ActivityRow], qualifying: Sequence[bool],
                 left_out: int = 0) -> None:
        self._rows, self._qualifying, self.left_out = rows, qualifying, left_out

    @property
    def total(self) -> int:
        """The rows of the lookback, kept or not."""
        return len(self._rows) + self.left_out

    def plain(self) -> Iterator[tuple[datetime, str, str | None, str | None, bool]]:
        """The entries as plain tuples, `HistoryEntry`'s fields in order, made in C."""
        rows = self._rows
        return zip(map(_MOMENT, rows), map(_TYPE, rows), map(_CONTACT, rows),
                   map(_DETAIL, rows), self._qualifying, strict=True)

    def __len__(self) -> int:
        return len(self._rows)

    @overload
    def __getitem__(self, index: int) -> HistoryEntry: ...

    @overload
    def __getitem__(self, index: slice) -> History: ...

    def __getitem__(self, index: int | slice) -> HistoryEntry | History:
        if isinstance(index, slice):
            rows = self._rows[index]
            return History(rows, self._qualifying[index], self.total - len(rows))
        row = self._rows[index]
        return HistoryEntry(row.occurred_at, row.type, row.contact, row.detail,
                            self._qualifying[index])

    def __iter__(self) -> Iterator[HistoryEntry]:
        return map(HistoryEntry._make, self.plain())

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, History):
            return NotImplemented
        return self.left_out == other.left_out and tuple(self) == tuple(other)

    def __hash__(self) -> int:
        return hash((self.left_out, tuple(self)))

    def __repr__(self) -> str:
        return f"History({list(self)!r}, left_out={self.left_out})"


@dataclass(slots=True)
class Consumed:
    """An asset downloaded or a page visited: how often, and when last.

    Read-only by convention (not frozen: a million-row run makes a hundred thousand)."""

    type: str
    detail: str
    count: int
    last: datetime


@dataclass(slots=True)
class Topic:
    """A topic the account researches: third-party intent (best score) or a download.

    Read-only by convention, like `Consumed`."""

    topic: str
    source: str
    score: float | None
    last: datetime


@dataclass(frozen=True, slots=True)
class Packet:
    research: str | None
    engagement_history: History
    content_consumed: tuple[Consumed, ...]
    intent_topics: tuple[Topic, ...]
    suggested_approach: str


@dataclass(frozen=True, slots=True)
class Leads:
    """What an approach can cite, found once per account: all of it is the same for each of
    its handoffs but the visits of the window before each."""

    openers: tuple[str, ...]  # the latest strong download, the top surge, the latest reply
    fallback: str | None  # the latest download of any kind
    event: str | None  # the latest event, with who came or signed up
    visits: Sequence[ActivityRow]  # the web visits, in time order
    meetings: Sequence[ActivityRow]  # the meeting_booked touches, in time order


@dataclass(frozen=True, slots=True)
class Dossier:
    """What marketing knows of one account as of the day: shared by all its handoffs."""

    research: str | None
    engagement_history: History
    content_consumed: tuple[Consumed, ...]
    intent_topics: tuple[Topic, ...]
    leads: Leads


def build_dossier(reg: Registry, account: Account, rows: Sequence[ActivityRow],
                  signals: Sequence[Signal], as_of: date,
                  history: int | None = HISTORY_KEPT) -> Dossier:
    """The account's rows of the last `lookback_days` (`rows` end with the as-of day); the
    engagement history keeps the last `history` of them (None: all)."""
    since = end_of(as_of) - timedelta(days=reg.settings.signals.intent_score.lookback_days)
    recent = rows[bisect_left(rows, since, key=_moment):]
    kept = recent if history is None else recent[len(recent) - min(history, len(recent)):]
    # a row of the history can only belong to a signal at or after it
    first = kept[0].occurred_at if kept else since
    counted = {id(row) for signal in signals[bisect_left(signals, first, key=_signal_moment):]
               for row in signal.rows}
    engagement = History(kept, [id(row) in counted for row in kept], len(recent) - len(kept))
    kinds = by_type(recent)  # one pass, where each part of the packet would walk every row
    strong = _strong_assets(reg)
    return Dossier(
        research=(account.research or "").strip() or None, engagement_history=engagement,
        content_consumed=content_consumed(kinds, strong),
        intent_topics=intent_topics(recent), leads=_leads(reg, recent, kinds, strong),
    )


def build_packet(reg: Registry, account: Account, dossier: Dossier, transition: str,
                 route: Route, at: datetime, due: datetime, made: Sequence[Signal], *,
                 overdue: bool = False) -> Packet:
    """The packet of one handoff: the dossier and an approach for this transition and its
    route."""
    return Packet(
        research=dossier.research,
        engagement_history=dossier.engagement_history,
        content_consumed=dossier.content_consumed,
        intent_topics=dossier.intent_topics,
        suggested_approach=suggest(reg, account, transition, route, at, due, dossier.leads,
                                   made, overdue=overdue),
    )


_moment: Callable[[ActivityRow], datetime] = _MOMENT
_signal_moment: Callable[[Signal], datetime] = attrgetter("occurred_at")


def content_consumed(kinds: Mapping[str, Sequence[ActivityRow]],
                     strong: frozenset[str] = frozenset()) -> tuple[Consumed, ...]:
    """Downloads first (the `strong`, bottom-of-funnel assets ahead), then pages; most used
    first, then the latest (`kinds`: rows by type, each in time order)."""
    found = []
    for kind in CONTENT_TYPES:
        rows = [row for row in kinds.get(kind, ()) if row.detail]
        lasts = {row.detail: row.occurred_at for row in rows}  # in time order: the latest
        found += [Consumed(kind, detail, count, lasts[detail])
                  for detail, count in Counter([row.detail for row in rows]).items() if detail]
    found.sort(key=lambda c: (CONTENT_TYPES.index(c.type), _key(c.detail) not in strong,
                              -c.count, -c.last.timestamp(), c.detail))
    return tuple(found)


def intent_topics(rows: Sequence[ActivityRow]) -> tuple[Topic, ...]:
    """Third-party topics (best score first), then the topics of downloaded content (a
    download named only by its kind, `case_study`, `ebook`, says nothing of a topic)."""
    best: dict[str, Topic] = {}
    # the rows of the two types, in row order, picked out before the slower loop looks closer
    for row in [row for row in rows if row.type in _TOPIC_KINDS]:
        kind, detail = row.type, row.detail
        if not detail:
            continue
        if kind == "content_download" and _key(detail) in ASSET_KINDS:
            continue
        surge = kind == "third_party_intent"
        score = row.score if surge else None
        known = best.get(detail)
        if known is None or (score or -1, row.occurred_at) > (known.score or -1, known.last):
            best[detail] = Topic(detail, (row.source or "third-party") if surge else "download",
                                 score, row.occurred_at)
    return tuple(sorted(best.values(), key=lambda t: (t.score is None, -(t.score or 0),
                                                       -t.last.timestamp(), t.topic)))


def suggest(reg: Registry, account: Account, transition: str, route: Route, at: datetime,
            due: datetime, leads: Leads, made: Sequence[Signal], *,
            overdue: bool = False) -> str:
    """A first move written from what the account actually did, in its tier's motion, for
    whoever `route` names (`overdue`: the SLA has run out with no sales touch)."""
    tier = reg.settings.tiers.tier(account.tier)
    head = f"Tier {account.tier}"
    if tier is not None:
        head += f", {MOTIONS.get(tier.motion, tier.motion)}"
    cite = _cite(_hooks(reg, leads, at), bool(account.research))
    if transition == "to_active":
        meeting = next((r for r in reversed(leads.meetings) if r.occurred_at <= at), None)
        about = f" ({meeting.detail})" if meeting is not None and meeting.detail else ""
        return (f"{head}: meeting booked {month_day(at)}{about}; the AE leads from here and "
                f"marketing shifts to deal support. Prepare with {cite}")
    if transition == "hot":
        when = (f"the AE's call was due by {month_day(due)} {due:%H:%M} UTC (SLA breached)"
                if overdue else f"the AE reaches out by {month_day(due)} {due:%H:%M} UTC")
        return (f"{head}, hot ({len({s.key for s in made})} distinct signals in "
                f"{reg.settings.signals.window_days} days): {when}; open with {cite}")
    who = {"ae": "the AE reaches out directly", "sdr": "SDR outreach starts, marketing air "
           "cover continues", "abm": "ABM follows up"}.get(route.to,
                                                           "the standard lead process")
    return f"{head}: {who}; open with {cite}"


Hooks = tuple[list[str], list[str]]


def _leads(reg: Registry, rows: Sequence[ActivityRow], kinds: dict[str, list[ActivityRow]],
           strong: frozenset[str]) -> Leads:
    """The openers strongest first (a bottom-of-funnel asset, a surge, a positive reply) and
    the latest event; `kinds`: `rows` by type."""
    downloads = [r for r in kinds.get("content_download", ()) if r.detail]
    openers = [_downloaded(r) for r in [r for r in downloads if _key(r.detail) in strong][-1:]]
    surge = reg.settings.signals.qualify.third_party_intent
    surges = [r for r in kinds.get("third_party_intent", ()) if r.detail
              and r.score is not None and (surge is None or r.score >= surge.min_score)]
    if surges:
        top = max(surges, key=lambda r: (r.score or 0, r.occurred_at))
        openers.append(f"the '{top.detail}' surge")
    replies = [r for r in kinds.get("outbound_response", ()) if r.sentiment == "positive"]
    if replies:
        openers.append(f"{replies[-1].contact or 'a contact'}'s positive reply")
    signed, came = kinds.get("event_registration", []), kinds.get("event_attendance", [])
    # both kinds: which came last is a matter of row order, so take them in row order
    events = [r for r in rows if r.type in EVENT_TYPES] if signed and came else signed or came
    return Leads(openers=tuple(openers),
                 fallback=_downloaded(downloads[-1]) if downloads else None,
                 event=_event(reg, events), visits=kinds.get("web_visit", []),
                 meetings=kinds.get("meeting_booked", []))


def _hooks(reg: Registry, leads: Leads, at: datetime) -> Hooks:
    """What to open with, strongest first (a bottom-of-funnel asset, a surge, a positive
    reply, recent visits), and what to reference (the latest event); weak downloads last."""
    window = reg.settings.signals.window_days
    openers = list(leads.openers)
    visits = leads.visits[bisect_right(leads.visits, at - timedelta(days=window), key=_moment):
                          bisect_right(leads.visits, at, key=_moment)]
    if len(visits) >= 2:
        openers.append(f"their {len(visits)} visits in the last {window} days"
                       + _top_page(visits))
    event = leads.event
    if not openers and event is not None:
        return [event], []
    if not openers and leads.fallback is not None:
        openers.append(leads.fallback)
    return openers, [f"reference {event}"] if event else []


def _strong_assets(reg: Registry) -> frozenset[str]:
    """The bottom-of-funnel assets whose download is a signal."""
    wanted = reg.settings.signals.qualify.content_download
    return frozenset(_key(a) for a in wanted.assets) if wanted else frozenset()


def _downloaded(row: ActivityRow) -> str:
    label = ASSETS.get(_key(row.detail), row.detail or "asset")
    return f"the {label} they downloaded on {month_day(row.occurred_at)}"


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
    name = f"'{event.name}' ({month_day(start_of(event.date))})" if event else (
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


_key = lru_cache(maxsize=1 << 14)(normal_form)  # asset kinds and pages repeat across a run
