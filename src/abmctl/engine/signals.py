"""The signal engine: qualifying signals, distinctness, crossings, intent (docs/reference.md,
Signals).

One engine for every command: `handoff` reports crossings, `lint` and `tiers plan` read intent,
`overlap` checks sales touches against crossings; the SLA follow-up of a crossing lives in
`abmctl.engine.followup`.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fnmatch import fnmatchcase
from functools import lru_cache, partial
from itertools import islice
from operator import attrgetter
from typing import TYPE_CHECKING

from abmctl.engine.activity import SIGNAL_TYPES, normal_form
from abmctl.engine.windows import end_of
from abmctl.model.settings import SignalSettings

if TYPE_CHECKING:
    from abmctl.engine.activity import Activity, ActivityRow
    from abmctl.model.accounts import Account
    from abmctl.registry import Registry


@dataclass(slots=True)
class Signal:
    """A qualifying signal: one row, or (web visits) the visits that together reached the count.

    Read-only by convention (see `ActivityRow`: not frozen, for speed)."""

    account: str
    type: str
    occurred_at: datetime
    key: tuple[str | None, ...]  # its `distinct_by` values
    row: ActivityRow  # the row that made it (web visits: the visit that reached the count)
    counted: tuple[ActivityRow, ...] | None = None  # web visits: the visits counted

    @property
    def rows(self) -> tuple[ActivityRow, ...]:
        """The rows behind it, oldest first: the row, or the web visits counted. (Not kept as
        a tuple of one row: a million rows make a quarter of a million signals.)"""
        return (self.row,) if self.counted is None else self.counted

    @property
    def contact(self) -> str | None:
        return self.row.contact if self.type != "web_visit" else None

    @property
    def detail(self) -> str | None:
        return self.row.detail


def qualifying_signals(rows: Sequence[ActivityRow], rules: SignalSettings, *,
                       since: datetime | None = None) -> list[Signal]:
    """One account's qualifying signals, oldest first (rows must be in time order).

    `since`: only the signals at or after it, for a caller that needs the last weeks of a long
    history; web visits are still counted from the first row, since each count starts afresh
    after the previous signal."""
    prepared = _prepared(rules)
    tests, key_of = prepared.tests, prepared.key
    first = 0 if since is None else bisect_left(rows, since, key=_moment)
    found = [
        Signal(row.account, row.type, row.occurred_at, key_of(row), row)
        for row in rows[first:]
        if (test := tests.get(row.type)) is not None and test(row)
    ]
    if prepared.visits is not None:
        visits = [
            Signal(row.account, row.type, row.occurred_at, key_of(row), row, group)
            for row, group in _visit_groups(_counted_visits(rows, prepared.visits),
                                            prepared.visits)
            if since is None or row.occurred_at >= since
        ]
        if visits:  # two runs in time order: the sort merges them, row signals first on a tie
            found += visits
            found.sort(key=_signal_moment)
    return found


_moment: Callable[[ActivityRow], datetime] = attrgetter("occurred_at")
_signal_moment: Callable[[Signal], datetime] = attrgetter("occurred_at")


RowTest = Callable[["ActivityRow"], bool]
KeyOf = Callable[["ActivityRow"], tuple[str | None, ...]]
Norm = Callable[[str | None], str]


@dataclass(frozen=True, slots=True)
class _VisitRule:
    """`qualify.web_visit`: `least` visits within `window` are one signal."""

    least: int
    window: timedelta
    counts_page: Callable[[str | None], bool] | None  # None: every page counts


@dataclass(frozen=True, slots=True)
class _Prepared:
    """One rules object made ready for a million rows: per signal type the test a single row
    must pass, the `distinct_by` key, and the web-visit rule. Contacts, assets and pages repeat
    across rows, so their normal forms (and page matches) are remembered."""

    rules: SignalSettings
    tests: dict[str, RowTest]
    key: KeyOf
    visits: _VisitRule | None


_PREPARED: list[_Prepared] = []


def _prepared(rules: SignalSettings) -> _Prepared:
    """`rules` prepared once per rules object (a run checks every row against the same
    rules, and lint asks once per account)."""
    if not _PREPARED or _PREPARED[0].rules is not rules:
        norm: Norm = lru_cache(maxsize=None)(normal_form)
        _PREPARED[:] = [_Prepared(rules, _build_tests(rules, norm), _build_key(rules, norm),
                                  _visit_rule(rules))]
    return _PREPARED[0]


def _build_tests(rules: SignalSettings, norm: Norm) -> dict[str, RowTest]:
    """Bottom-of-funnel downloads, events, surging intent, positive replies (web
    visits qualify together, not row by row: see `_visit_groups`)."""
    qualify = rules.qualify
    tests: dict[str, RowTest] = {}
    if qualify.content_download is not None:
        assets = frozenset(normal_form(a) for a in qualify.content_download.assets)
        tests["content_download"] = lambda row: norm(row.detail) in assets
    for kind in ("event_registration", "event_attendance"):
        if getattr(qualify, kind) is not None:
            tests[kind] = _any_row
    surge = qualify.third_party_intent
    if surge is not None:
        topics = frozenset(normal_form(t) for t in surge.topics)
        least = surge.min_score
        tests["third_party_intent"] = lambda row: (
            row.score is not None and row.score >= least
            and (not topics or norm(row.detail) in topics)
        )
    if qualify.outbound_response is not None:
        moods = frozenset(normal_form(s) for s in qualify.outbound_response.sentiment)
        tests["outbound_response"] = lambda row: norm(row.sentiment) in moods
    return tests


def _any_row(row: ActivityRow) -> bool:
    return True  # every event registration and attendance is a signal


def _build_key(rules: SignalSettings, norm: Norm) -> KeyOf:
    """The `distinct_by` values of a row's signal (a web_visit signal is the account's, not
    one contact's)."""
    if rules.distinct_by == ["type", "contact"]:  # the default, in one call rather than three
        return _type_and_contact()
    parts: dict[str, Callable[[ActivityRow], str | None]] = {
        "type": lambda row: row.type,
        "contact": lambda row: None if row.type == "web_visit" else norm(row.contact) or None,
        "detail": lambda row: norm(row.detail) or None,
        "source": lambda row: norm(row.source) or None,
    }
    chosen = [parts[name] for name in rules.distinct_by]
    return lambda row: tuple([part(row) for part in chosen])


_VISIT_KEY = ("web_visit", None)


def _type_and_contact() -> KeyOf:
    """The default key, `(type, contact)`: one tuple per type and contact as written, made
    the first time (a million rows repeat a few hundred thousand contacts: their signals share
    the key rather than each holding its own)."""
    made: dict[str, dict[str | None, tuple[str | None, ...]]] = {}

    def key(row: ActivityRow) -> tuple[str | None, ...]:
        kind = row.type
        if kind == "web_visit":
            return _VISIT_KEY
        of_kind = made.get(kind)
        if of_kind is None:
            of_kind = made[kind] = {}
        found = of_kind.get(row.contact)
        if found is None:
            found = of_kind[row.contact] = (kind, normal_form(row.contact) or None)
        return found

    return key


def _visit_rule(rules: SignalSettings) -> _VisitRule | None:
    wanted = rules.qualify.web_visit
    if wanted is None:
        return None
    pages = [glob.strip().lower() for glob in wanted.pages]  # as each page is compared
    counts_page = lru_cache(maxsize=None)(partial(_page_matches, pages=pages))
    return _VisitRule(wanted.min_visits, timedelta(days=rules.window_days),
                      counts_page if wanted.pages else None)


def _counted_visits(rows: Sequence[ActivityRow], rule: _VisitRule) -> list[ActivityRow]:
    """The web visits that count towards a signal (those to `pages`, if set)."""
    visits = [row for row in rows if row.type == "web_visit"]
    if rule.counts_page is not None:
        counts = rule.counts_page
        visits = [row for row in visits if counts(row.detail)]
    return visits


def _visit_groups(visits: list[ActivityRow], rule: _VisitRule,
                  ) -> Iterator[tuple[ActivityRow, tuple[ActivityRow, ...]]]:
    """3+ visits in 14 days are ONE signal; counting starts afresh after it. Yields
    the visit that reached the count and the visits counted."""
    least, window = rule.least, rule.window
    if len(visits) < least:
        return
    start = 0  # visits[start:end + 1] are the ones counted so far
    for end, row in enumerate(visits):
        since = row.occurred_at - window
        while visits[start].occurred_at <= since:
            start += 1
        if end + 1 - start >= least:
            yield row, tuple(visits[start:end + 1])
            start = end + 1


def _page_matches(detail: str | None, pages: list[str]) -> bool:
    """Whether a visit's page matches one of `pages` (globs, stripped and in lower case):
    without regard to case or surrounding blanks, as every value of the rules is compared."""
    if not pages:
        return True
    if detail is None:
        return False
    page = detail.strip().lower()
    return any(fnmatchcase(page, glob) for glob in pages)


def crossings(signals: Sequence[Signal], threshold: int, window_days: int) -> list[datetime]:
    """Each time t the distinct signals in (t - window, t] rise to `threshold` from below:
    just before t they were fewer, those in [t - window, t). A signal leaving the window at
    the very moment another arrives leaves no gap: the count does not dip, and nothing is
    crossed again."""
    window = timedelta(days=window_days)
    # the moments and keys as two lists: a busy run walks hundreds of thousands of signals
    moments = list(map(_signal_moment, signals))
    keys = list(map(_signal_key, signals))
    count = len(moments)
    live: dict[tuple[str | None, ...], int] = {}  # the keys of signals[first:position]
    first = position = 0

    def leave(until: datetime, *, at: bool) -> None:
        """The signals before `until` (and at it, if `at`) out of `live`."""
        nonlocal first
        while moments[first] < until or (at and moments[first] == until):
            gone = keys[first]  # window_days >= 1: stops at `position` at the latest
            left = live[gone] - 1
            if left:
                live[gone] = left
            else:
                del live[gone]
            first += 1

    found: list[datetime] = []
    while position < count:
        moment = moments[position]
        since = moment - window
        leave(since, at=False)
        below = len(live) < threshold  # the count just before `moment`
        leave(since, at=True)
        while position < count and moments[position] == moment:
            key = keys[position]
            live[key] = live.get(key, 0) + 1
            position += 1
        if below and len(live) >= threshold:
            found.append(moment)
    return found


_signal_key: Callable[[Signal], tuple[str | None, ...]] = attrgetter("key")


def in_window(signals: Sequence[Signal], moment: datetime, window_days: int) -> list[Signal]:
    """The signals in (moment - window, moment]: the ones that made a crossing."""
    start = moment - timedelta(days=window_days)
    return [s for s in signals if start < s.occurred_at <= moment]


def lookback(rules: SignalSettings, as_of: date) -> tuple[datetime, datetime]:
    """[since, until): the intent lookback, the `lookback_days` up to the end of the as-of day."""
    until = end_of(as_of)
    return until - timedelta(days=rules.intent_score.lookback_days), until


def intent_from_activity(rows: Sequence[ActivityRow] | None, as_of: date) -> bool:
    """Whether an account's intent on `as_of` comes from its activity: it has signal rows
    (touches are ours, not the account's) up to the end of that day (later rows are the
    future); otherwise its `scores.intent` stands, else 0. `rows` in time order."""
    if not rows:
        return False
    until = end_of(as_of)
    last = len(rows) if rows[-1].occurred_at < until else bisect_left(rows, until, key=_moment)
    return any(row.type in SIGNAL_TYPES for row in islice(rows, last))


@dataclass(frozen=True, slots=True)
class IntentTerm:
    """One qualifying signal of the lookback and the points it adds: `per_signal` for the
    first signal of its `distinct_by` key, none for a repeat of a key already counted."""

    signal: Signal
    points: int
    repeats: Signal | None = None  # the earlier signal of the same key (points: 0)


@dataclass(frozen=True, slots=True)
class IntentSum:
    """How an intent score adds up: each term, then `per_signal` x distinct keys, capped."""

    terms: tuple[IntentTerm, ...]
    per_signal: int
    cap: int

    @property
    def distinct(self) -> int:
        return sum(term.repeats is None for term in self.terms)

    @property
    def subtotal(self) -> int:
        """The sum of the terms' points, before the cap."""
        return self.per_signal * self.distinct

    @property
    def score(self) -> int:
        return min(self.cap, self.subtotal)


def intent_sum(signals: Sequence[Signal], rules: SignalSettings, as_of: date) -> IntentSum:
    """The qualifying signals in the lookback, each with its points, oldest first."""
    setting = rules.intent_score
    since, until = lookback(rules, as_of)
    first: dict[tuple[str | None, ...], Signal] = {}
    terms: list[IntentTerm] = []
    for signal in signals:
        if not since <= signal.occurred_at < until:
            continue
        earlier = first.setdefault(signal.key, signal)
        repeat = earlier is not signal
        terms.append(IntentTerm(signal, 0 if repeat else setting.per_signal,
                                earlier if repeat else None))
    return IntentSum(tuple(terms), setting.per_signal, setting.cap)


def intent_score(signals: Sequence[Signal], rules: SignalSettings, as_of: date) -> int:
    """min(cap, per_signal x distinct keys among qualifying signals in the lookback)."""
    return intent_sum(signals, rules, as_of).score


def intent_scores(reg: Registry, activity: Activity | None, as_of: date) -> dict[str, int]:
    """Each list account's intent (`IntentOf`), by id (an id listed twice: the last's)."""
    intent_of = IntentOf(reg, activity, as_of)
    return {account.id: intent_of(account) for account in reg.accounts}


class IntentOf:
    """An account's intent on `as_of`: from its signals when the activity has signal rows for
    it (`intent_from_activity`), else its `scores.intent`, else 0."""

    def __init__(self, reg: Registry, activity: Activity | None, as_of: date) -> None:
        rules = reg.settings.signals
        self._prepared = _prepared(rules)
        self._by_account = activity.by_account if activity is not None else {}
        self._since, self._until = lookback(rules, as_of)
        self._as_of = as_of

    def __call__(self, account: Account) -> int:
        rows = self._by_account.get(account.id)
        if rows and intent_from_activity(rows, self._as_of):
            return _lookback_intent(rows, self._prepared, self._since, self._until)
        return account.scores.intent or 0


class IntentsOnDemand(Mapping[str, int]):
    """`intent_scores` as a mapping that works each account's intent out when first asked: a
    run about a few accounts (`abmctl explain`) asks for a few of ten thousand."""

    def __init__(self, reg: Registry, activity: Activity | None, as_of: date) -> None:
        self._intent_of = IntentOf(reg, activity, as_of)
        self._accounts = {account.id: account for account in reg.accounts}  # as intent_scores
        self._known: dict[str, int] = {}

    def __getitem__(self, account_id: str) -> int:
        found = self._known.get(account_id)
        if found is None:
            found = self._known[account_id] = self._intent_of(self._accounts[account_id])
        return found

    def __contains__(self, account_id: object) -> bool:
        return account_id in self._accounts

    def __iter__(self) -> Iterator[str]:
        return iter(self._accounts)

    def __len__(self) -> int:
        return len(self._accounts)


def _lookback_intent(rows: Sequence[ActivityRow], prepared: _Prepared, since: datetime,
                     until: datetime) -> int:
    """`intent_score(qualifying_signals(rows, rules), rules, as_of)` without making the
    signals: only the keys of the rows in [since, until) count, plus the web-visit signals
    there (whose counting runs from the first visit); and once a non-negative `per_signal`
    has reached the cap, no key more can change the score, so the visits are not walked."""
    setting = prepared.rules.intent_score
    tests, key_of = prepared.tests, prepared.key
    first = 0 if rows[0].occurred_at >= since else bisect_left(rows, since, key=_moment)
    last = len(rows) if rows[-1].occurred_at < until else bisect_left(rows, until, key=_moment)
    keys = {
        key_of(row) for row in rows[first:last]
        if (test := tests.get(row.type)) is not None and test(row)
    }
    rule = prepared.visits
    if rule is not None and (setting.per_signal < 0
                             or setting.per_signal * len(keys) < setting.cap):
        visits = _counted_visits(rows if last == len(rows) else rows[:last], rule)
        # a visit signal is at a visit's moment, and needs `least` visits
        if len(visits) >= rule.least and visits[-1].occurred_at >= since:
            keys.update(key_of(row) for row, _ in _visit_groups(visits, rule)
                        if row.occurred_at >= since)
    return min(setting.cap, setting.per_signal * len(keys))


@dataclass(frozen=True, slots=True)
class Freshness:
    """How recent the run's activity is as of a day: the newest matched row at
    or before the day, over every source and type. Activity is stale when that row is more
    than `stale_after_days` days before the day, or when there is none (no row matched a list
    account): intent from stale activity moves no tier."""

    as_of: date
    newest: datetime | None
    stale_after_days: int
    matched: bool  # any row matched a list account (perhaps only after as_of)
    newest_read: datetime | None = None  # the newest dated row of any source, matched or not

    @property
    def days(self) -> int | None:
        """Whole days from the newest row's date to as_of."""
        return None if self.newest is None else (self.as_of - self.newest.date()).days

    @property
    def stale(self) -> bool:
        return self.days is None or self.days > self.stale_after_days

    @property
    def reason(self) -> str:
        """Why activity is stale (or, when it is not, how fresh it is), in one line."""
        day = self.as_of.isoformat()
        if self.newest is None:
            why = ("no row matched a list account" if not self.matched
                   else f"no matched row on or before {day}")
            if self.newest_read is not None and self.newest_read < end_of(self.as_of):
                why += f" (newest row {_days_before(self.newest_read, self.as_of)})"
            return f"activity is stale: {why}"
        word = "stale" if self.stale else "fresh"
        return f"activity is {word}: newest row {_days_before(self.newest, self.as_of)}"


def freshness(activity: Activity | None, rules: SignalSettings,
              as_of: date) -> Freshness | None:
    """The one answer to "is the activity fresh as of `as_of`" (None: the run read no
    activity file, so intent comes from the accounts' recorded scores)."""
    if activity is None or not activity.files:
        return None
    until = end_of(as_of)
    newest: datetime | None = None
    for rows in activity.by_account.values():  # each in time order: one look per account
        if not rows:
            continue
        last = len(rows) if rows[-1].occurred_at < until else bisect_left(rows, until,
                                                                            key=_moment)
        if last and (newest is None or rows[last - 1].occurred_at > newest):
            newest = rows[last - 1].occurred_at
    read = [s.last for s in activity.sources if s.last is not None and s.last < until]
    return Freshness(as_of, newest, rules.stale_after_days, bool(activity.by_account),
                     max(read, default=None))


def _days_before(moment: datetime, day: date) -> str:
    """`2015-07-19, 4,145 days before 2026-11-23`."""
    days = (day - moment.date()).days
    return (f"{moment.date().isoformat()}, {days:,} day{'s' if days != 1 else ''} before "
            f"{day.isoformat()}")
