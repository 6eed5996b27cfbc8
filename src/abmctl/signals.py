"""The signal engine (SPEC §2.4): qualifying signals, distinctness, crossings, SLA, intent.

One engine for every command: `handoff` reports crossings, `lint` and `tiers plan` read intent,
`overlap` checks sales touches against crossings, `scorecard` counts follow-ups.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from fnmatch import fnmatchcase
from typing import TYPE_CHECKING

from abmctl.model.rules import SignalRules
from abmctl.windows import end_of

if TYPE_CHECKING:
    from abmctl.activity import Activity, ActivityRow
    from abmctl.registry import Registry


@dataclass(slots=True)
class Signal:
    """A qualifying signal: one row, or (web visits) the visits that together reached the count.

    Read-only by convention (see `ActivityRow`: not frozen, for speed)."""

    account: str
    type: str
    occurred_at: datetime
    key: tuple[str | None, ...]  # its `distinct_by` values
    rows: tuple[ActivityRow, ...]

    @property
    def contact(self) -> str | None:
        return self.rows[-1].contact if self.type != "web_visit" else None

    @property
    def detail(self) -> str | None:
        return self.rows[-1].detail


def qualifying_signals(rows: Sequence[ActivityRow], rules: SignalRules) -> list[Signal]:
    """One account's qualifying signals, oldest first (rows must be in time order)."""
    tests = _row_tests(rules)
    found = [
        _signal(row, (row,), rules) for row in rows
        if (test := tests.get(row.type)) is not None and test(row)
    ]
    found += _web_visit_signals(rows, rules)
    found.sort(key=lambda s: s.occurred_at)
    return found


def _row_qualifies(row: ActivityRow, rules: SignalRules) -> bool:
    """seed 001: bottom-of-funnel downloads, events, surging intent, positive replies."""
    test = _row_tests(rules).get(row.type)
    return test is not None and test(row)


RowTest = Callable[["ActivityRow"], bool]
KeyOf = Callable[["ActivityRow"], tuple[str | None, ...]]
_PREPARED: list[tuple[SignalRules, dict[str, RowTest], KeyOf]] = []


def _prepared(rules: SignalRules) -> tuple[dict[str, RowTest], KeyOf]:
    """The row tests and the `distinct_by` key of `rules`, built once per rules object (a run
    checks a million rows against the same rules)."""
    if not _PREPARED or _PREPARED[0][0] is not rules:
        _PREPARED[:] = [(rules, _build_tests(rules), _build_key(rules))]
    return _PREPARED[0][1], _PREPARED[0][2]


def _row_tests(rules: SignalRules) -> dict[str, RowTest]:
    return _prepared(rules)[0]


def _build_tests(rules: SignalRules) -> dict[str, RowTest]:
    """Per signal type, the test a single row must pass."""
    qualify = rules.qualify
    tests: dict[str, RowTest] = {}
    if qualify.content_download is not None:
        assets = frozenset(_norm(a) for a in qualify.content_download.assets)
        tests["content_download"] = lambda row: _norm(row.detail) in assets
    for kind in ("event_registration", "event_attendance"):
        if getattr(qualify, kind) is not None:
            tests[kind] = lambda row: True
    surge = qualify.third_party_intent
    if surge is not None:
        topics = frozenset(_norm(t) for t in surge.topics)
        least = surge.min_score
        tests["third_party_intent"] = lambda row: (
            row.score is not None and row.score >= least
            and (not topics or _norm(row.detail) in topics)
        )
    if qualify.outbound_response is not None:
        moods = frozenset(_norm(s) for s in qualify.outbound_response.sentiment)
        tests["outbound_response"] = lambda row: _norm(row.sentiment) in moods
    return tests


def _key_type(row: ActivityRow) -> str | None:
    return row.type


def _key_contact(row: ActivityRow) -> str | None:
    # a web_visit signal is the account's, not one contact's
    return None if row.type == "web_visit" else _norm(row.contact) or None


def _key_detail(row: ActivityRow) -> str | None:
    return _norm(row.detail) or None


def _key_source(row: ActivityRow) -> str | None:
    return _norm(row.source) or None


_KEY_PARTS: dict[str, Callable[[ActivityRow], str | None]] = {
    "type": _key_type, "contact": _key_contact, "detail": _key_detail, "source": _key_source,
}


def _build_key(rules: SignalRules) -> KeyOf:
    parts = [_KEY_PARTS[name] for name in rules.distinct_by]
    return lambda row: tuple([part(row) for part in parts])


def _web_visit_signals(rows: Sequence[ActivityRow], rules: SignalRules) -> list[Signal]:
    """seed 001: 3+ visits in 14 days are ONE signal; counting starts afresh after it."""
    visits_rule = rules.qualify.web_visit
    if visits_rule is None:
        return []
    window = timedelta(days=rules.window_days)
    pages, least = visits_rule.pages, visits_rule.min_visits
    recent: deque[ActivityRow] = deque()
    found: list[Signal] = []
    for row in rows:
        if row.type != "web_visit" or (pages and not _page_matches(row.detail, pages)):
            continue
        recent.append(row)
        while recent[0].occurred_at <= row.occurred_at - window:
            recent.popleft()
        if len(recent) >= least:
            found.append(_signal(row, tuple(recent), rules))
            recent.clear()
    return found


def _page_matches(detail: str | None, pages: list[str]) -> bool:
    if not pages:
        return True
    return detail is not None and any(fnmatchcase(detail, glob) for glob in pages)


def _signal(row: ActivityRow, rows: tuple[ActivityRow, ...], rules: SignalRules) -> Signal:
    key = _prepared(rules)[1](row)
    return Signal(row.account, row.type, row.occurred_at, key, rows)


def _norm(text: str | None) -> str:
    return (text or "").strip().lower().replace(" ", "_").replace("-", "_")


def crossings(signals: Sequence[Signal], threshold: int, window_days: int) -> list[datetime]:
    """Each time the distinct signals in (t - window, t] rise to `threshold` from below."""
    window = timedelta(days=window_days)
    live: deque[Signal] = deque()
    keys: Counter[tuple[str | None, ...]] = Counter()
    found: list[datetime] = []
    position = 0
    while position < len(signals):
        moment = signals[position].occurred_at
        while live and live[0].occurred_at <= moment - window:
            gone = live.popleft()
            keys[gone.key] -= 1
            if not keys[gone.key]:
                del keys[gone.key]
        below = len(keys) < threshold
        while position < len(signals) and signals[position].occurred_at == moment:
            live.append(signals[position])
            keys[signals[position].key] += 1
            position += 1
        if below and len(keys) >= threshold:
            found.append(moment)
    return found


def first_after(moments: Iterable[datetime], after: datetime | None) -> datetime | None:
    """The first of `moments` strictly after `after` (None: the first of all)."""
    return next((m for m in moments if after is None or m > after), None)


def in_window(signals: Sequence[Signal], moment: datetime, window_days: int) -> list[Signal]:
    """The signals in (moment - window, moment]: the ones that made a crossing."""
    start = moment - timedelta(days=window_days)
    return [s for s in signals if start < s.occurred_at <= moment]


def sla_due(crossing: datetime, rules: SignalRules) -> datetime:
    return crossing + timedelta(hours=rules.sla_hours)


def followed_up(rows: Sequence[ActivityRow], start: datetime, due: datetime) -> datetime | None:
    """The first sales touch in (start, due], if any (seed 004 Step 5: the 24-hour follow-up)."""
    return next(
        (r.occurred_at for r in rows if r.type == "sales_touch" and start < r.occurred_at <= due),
        None,
    )


def sla_breached(rows: Sequence[ActivityRow], crossing: datetime, rules: SignalRules,
                 as_of: date) -> bool:
    """No sales touch in (crossing, due] and the as-of day has run past `due`."""
    due = sla_due(crossing, rules)
    return followed_up(rows, crossing, due) is None and end_of(as_of) > due


def intent_score(signals: Sequence[Signal], rules: SignalRules, as_of: date) -> int:
    """min(cap, per_signal x distinct keys among qualifying signals in the lookback)."""
    setting = rules.intent_score
    until = end_of(as_of)
    since = until - timedelta(days=setting.lookback_days)
    keys = {s.key for s in signals if since <= s.occurred_at < until}
    return min(setting.cap, setting.per_signal * len(keys))


def intent_scores(reg: Registry, activity: Activity | None, as_of: date) -> dict[str, int]:
    """Each list account's intent (SPEC §2.3): from its signals when the activity has rows for
    it, else its `scores.intent`, else 0."""
    rules = reg.rules.signals
    by_account = activity.by_account if activity is not None else {}
    scores: dict[str, int] = {}
    for account in reg.accounts:
        rows = by_account.get(account.id)
        if rows:
            scores[account.id] = intent_score(qualifying_signals(rows, rules), rules, as_of)
        else:
            scores[account.id] = account.scores.intent or 0
    return scores
