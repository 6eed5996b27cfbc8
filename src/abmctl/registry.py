"""The loaded registry: records, their positions, the settings, and lookups by id and domain."""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from pathlib import Path

from abmctl.engine.domains import DomainIndex
from abmctl.findings import Finding
from abmctl.model.accounts import Account
from abmctl.model.agreements import Agreement
from abmctl.model.events import Event
from abmctl.model.plays import Play
from abmctl.model.settings import Settings
from abmctl.model.teams import Person, Team, TeamsFile


@dataclass(frozen=True, slots=True)
class Suppression:
    """`# abmctl: ignore[CODE] until=2027-01-15 reason="..."` on a record's first line."""

    codes: frozenset[str]
    path: str
    line: int
    until: date | None = None
    reason: str | None = None
    column: int | None = None  # where the comment starts


class Spans:
    """The line spans of the records of one file, to find which record a line belongs to.

    Given as `find`, they are found when first asked for: the file's positions are built
    then, and a file no finding names is never indexed."""

    __slots__ = ("_starts", "_ends", "_find")

    def __init__(self, starts: list[int] | None = None, ends: list[int] | None = None,
                 find: Callable[[], tuple[list[int], list[int]]] | None = None) -> None:
        self._starts = starts if starts is not None else []
        self._ends = ends if ends is not None else []
        self._find = find

    @property
    def starts(self) -> list[int]:
        """Each record's first line, in order."""
        if self._find is not None:
            self._found()
        return self._starts

    @property
    def ends(self) -> list[int]:
        """Each record's last line, in the order of `starts`."""
        if self._find is not None:
            self._found()
        return self._ends

    def _found(self) -> None:
        find, self._find = self._find, None
        if find is not None:
            self._starts, self._ends = find()

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Spans):
            return NotImplemented
        return (self.starts, self.ends) == (other.starts, other.ends)

    __hash__ = None  # type: ignore[assignment]  # equal by value, and changeable

    def __repr__(self) -> str:
        return f"Spans(starts={self.starts!r}, ends={self.ends!r})"

    def __reduce__(self) -> tuple[type[Spans], tuple[list[int], list[int]]]:
        """Pickled as found (a pickle carries no file's text)."""
        return Spans, (self.starts, self.ends)

    def record_start(self, line: int) -> int | None:
        starts = self.starts
        at = bisect_right(starts, line) - 1
        if at >= 0 and line <= self.ends[at]:
            return starts[at]
        return None


@dataclass
class Registry:
    """Everything under `registry/` and `rules/`, read once."""

    root: Path
    teams_file: TeamsFile = field(default_factory=TeamsFile)
    accounts: list[Account] = field(default_factory=list)
    agreements: list[Agreement] = field(default_factory=list)
    plays: list[Play] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    settings: Settings = field(default_factory=Settings)
    # ABM001/ABM002 found while loading; the records at fault are left out above
    load_findings: list[Finding] = field(default_factory=list)
    # ids of accounts written in the files but left out for such a fault: a play or event
    # naming one is not also told the account does not exist (ABM003)
    unloaded_accounts: set[str] = field(default_factory=set)
    # teams.yaml did not load: its people, teams and territories are unknown, not missing
    teams_unloaded: bool = False
    suppressions: dict[tuple[str, int], list[Suppression]] = field(default_factory=dict)
    spans: dict[str, Spans] = field(default_factory=dict)
    files: list[str] = field(default_factory=list)
    # the accounts each `select` (tier, segment, region) picks; like the lookups below, it
    # assumes the records do not change once read
    _selections: dict[tuple[int | None, str | None, str | None], list[Account]] = field(
        default_factory=dict, init=False, repr=False, compare=False)

    @property
    def territories(self) -> list[str]:
        return self.teams_file.territories

    @property
    def teams(self) -> list[Team]:
        return self.teams_file.teams

    @property
    def people(self) -> list[Person]:
        return self.teams_file.people

    @cached_property
    def account_by_id(self) -> dict[str, Account]:
        """First account of each id (ABM101 reports the second)."""
        found: dict[str, Account] = {}
        for account in self.accounts:
            found.setdefault(account.id, account)
        return found

    @cached_property
    def person_by_id(self) -> dict[str, Person]:
        return {p.id: p for p in self.people}

    @cached_property
    def team_by_id(self) -> dict[str, Team]:
        return {t.id: t for t in self.teams}

    @cached_property
    def event_by_id(self) -> dict[str, Event]:
        return {e.id: e for e in self.events}

    @cached_property
    def domains(self) -> DomainIndex:
        return DomainIndex.of((domain, a.id) for a in self.accounts for domain in a.domains)

    def match_account(self, value: str) -> str | None:
        """The list account an activity row names: an id, a domain, a URL or an email."""
        if value in self.account_by_id:
            return value
        return self.domains.account_for(value)

    def play_accounts(self, play: Play) -> list[Account]:
        """The accounts a play targets: its explicit ids, or every account its `select` matches."""
        if play.accounts is not None:
            return [self.account_by_id[a] for a in play.accounts if a in self.account_by_id]
        select = play.select
        if select is None:
            return []
        key = (select.tier, select.segment, select.region)
        chosen = self._selections.get(key)
        if chosen is None:  # several rules ask for each play's accounts: scan the list once
            chosen = self._selections[key] = [
                a
                for a in self.accounts
                if (select.tier is None or a.tier == select.tier)
                and (select.segment is None or a.segment == select.segment)
                and (select.region is None or a.region == select.region)
            ]
        return list(chosen)

    def suppressions_for(self, path: str | None, line: int | None) -> list[Suppression]:
        """Suppressions on the first line of the record holding `path:line`, or on that line."""
        if path is None or line is None:
            return []
        found = list(self.suppressions.get((path, line), []))
        spans = self.spans.get(path)
        start = spans.record_start(line) if spans else None
        if start is not None and start != line:
            found += self.suppressions.get((path, start), [])
        return found
