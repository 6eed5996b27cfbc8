"""Activity data (SPEC §2): signals the accounts sent and touches we made, matched to accounts."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import datetime
from functools import cached_property

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
    """A malformed row: reported with its file and line, then left out (SPEC §2.3)."""

    path: str
    line: int
    reason: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.reason}"


@dataclass
class Activity:
    """Every readable row of every activity file, in time order."""

    rows: list[ActivityRow] = field(default_factory=list)
    unmatched: int = 0
    skipped: list[SkippedRow] = field(default_factory=list)
    files: list[str] = field(default_factory=list)

    @cached_property
    def by_account(self) -> dict[str, list[ActivityRow]]:
        """Each account's rows, oldest first."""
        grouped: dict[str, list[ActivityRow]] = defaultdict(list)
        for row in self.rows:
            grouped[row.account].append(row)
        return dict(grouped)
