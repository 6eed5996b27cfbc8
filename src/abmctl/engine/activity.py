"""Activity data: signals the accounts sent and touches we made, matched to accounts."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from operator import attrgetter

SIGNAL_TYPES: frozenset[str] = frozenset({
    "web_visit", "content_download", "event_registration", "event_attendance",
    "third_party_intent", "outbound_response",
})
TOUCH_TYPES: frozenset[str] = frozenset({"marketing_touch", "sales_touch", "meeting_booked"})
ACTIVITY_TYPES: frozenset[str] = SIGNAL_TYPES | TOUCH_TYPES


@dataclass(slots=True)
class ActivityRow:
    """One row of an export, matched to a list account. `occurred_at` is timezone-aware UTC.

    Read-only by convention, not `frozen`: a run builds a million of these, and a frozen
    dataclass's `__init__` is five times slower.
    """

    occurred_at: datetime
    account: str
    type: str
    contact: str | None = None
    detail: str | None = None
    score: float | None = None
    sentiment: str | None = None
    source: str | None = None
    path: str = ""
    line: int = 0


@dataclass(frozen=True, slots=True)
class SkippedRow:
    """A malformed row: reported with its file and line, then left out."""

    path: str
    line: int
    reason: str
    unread: bool = False  # the whole file was refused (a folder, a FIFO, a link out), not a row

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass(slots=True)
class SourceSummary:
    """One activity source file as the run read it (the per-source summary): its rows, how
    many matched a list account, matched none, or were skipped, how many of the matched ones an
    earlier source already had (counted once), and the moments of its first and last dated
    row."""

    path: str
    format: str = "canonical"
    rows: int = 0
    matched: int = 0
    unmatched: int = 0
    skipped: int = 0
    duplicates: int = 0
    first: datetime | None = None
    last: datetime | None = None


class Activity:
    """Every readable row of every activity file: `rows` in time order (rows at the same
    moment in file order) and `by_account`, each account's rows in that same order.

    Either view can be built from the other. The reader hands over `by_account` and the rows
    in file order: most commands only look at accounts, and sorting ten thousand short lists
    costs far less than sorting a million rows, so `rows` is sorted only when read.
    """

    def __init__(
        self, rows: list[ActivityRow] | None = None, unmatched: int = 0,
        skipped: list[SkippedRow] | None = None, files: list[str] | None = None,
        sources: list[SourceSummary] | None = None,
    ) -> None:
        self.unmatched = unmatched
        self.skipped: list[SkippedRow] = [] if skipped is None else skipped
        self.files: list[str] = [] if files is None else files
        self.sources: list[SourceSummary] = [] if sources is None else sources
        # file -> each account value that matched no list account, as written -> its rows
        self.unmatched_accounts: dict[str, Counter[str]] = {}
        self._rows: list[ActivityRow] = [] if rows is None else rows
        self._in_file_order: list[ActivityRow] | None = None  # rows not sorted yet
        self._by_account: dict[str, list[ActivityRow]] | None = None

    @classmethod
    def of_accounts(
        cls, by_account: dict[str, list[ActivityRow]], in_file_order: list[ActivityRow],
        unmatched: int, skipped: list[SkippedRow], files: list[str],
        sources: list[SourceSummary] | None = None,
    ) -> Activity:
        """The reader's result: `by_account` already in time order, every row in file order."""
        activity = cls(None, unmatched, skipped, files, sources)
        activity._by_account = by_account
        activity._in_file_order = in_file_order
        return activity

    @property
    def rows(self) -> list[ActivityRow]:
        """Every row, oldest first; rows at the same moment keep their file order."""
        if self._in_file_order is not None:
            rows, self._in_file_order = self._in_file_order, None
            rows.sort(key=attrgetter("occurred_at"))  # stable: keeps the file order
            self._rows = rows
        return self._rows

    @property
    def by_account(self) -> dict[str, list[ActivityRow]]:
        """Each account's rows, oldest first."""
        if self._by_account is None:
            grouped: dict[str, list[ActivityRow]] = defaultdict(list)
            for row in self.rows:
                grouped[row.account].append(row)
            self._by_account = dict(grouped)
        return self._by_account

    def __repr__(self) -> str:
        rows = self._rows if self._in_file_order is None else self._in_file_order
        return (f"Activity({len(rows)} rows, {self.unmatched} unmatched, "
                f"{len(self.skipped)} skipped, files={self.files!r})")


def by_type(rows: Iterable[ActivityRow]) -> dict[str, list[ActivityRow]]:
    """The rows of each type, in the order given: one pass serves every type."""
    kinds: dict[str, list[ActivityRow]] = {}
    for row in rows:
        found = kinds.get(row.type)
        if found is None:
            kinds[row.type] = [row]
        else:
            found.append(row)
    return kinds


def normal_form(text: str | None) -> str:
    """A row's detail or sentiment as compared with the settings' assets, topics and moods:
    case, surrounding space, and `-` or space for `_` ignored (`White-Paper` = `white_paper`)."""
    if not text:
        return ""
    form = text.strip().lower().replace(" ", "_").replace("-", "_")
    return text if form == text else form  # already normal: the text itself, not a copy
