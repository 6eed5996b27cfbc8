"""Tier history from git: every account's tier changes, commit by commit (`tiers history`,
`explain`, the HTML report).

One pass: one `git log` over `registry/accounts/` (and `rules/tiers.yaml`, for the limits in
force), oldest commit first; each commit's changed files are read in one `git cat-file
--batch` round and parsed as the loader parses them, and the list's state is updated from
them alone. An account's tier is the first record with its id, files in path order (as
`tiers diff` reads a revision), so an account moved from one file to another is neither
removed nor added.

Decisions (docs/reference.md, Tier history):
- the first-parent line of HEAD: a merge is the change it brought to the branch, dated when it
  was merged; commits of a merged branch are not listed one by one;
- `when` is the committer date (when the change landed), and periods hold an event by that
  instant in UTC, as every report's periods do (engine/windows.py);
- a file that does not parse, is larger than its bound or is a symbolic link at a commit is
  skipped there with a note: its accounts keep the tiers they had (a typo is no removal);
  likewise a record whose tier is not a whole number, and `rules/tiers.yaml`;
- a shallow clone's first commit is where the history starts: what it holds is the starting
  state, not additions (a note says so);
- tier sizes at a period's end are counted after its last commit and judged against the
  `max_accounts` of `rules/tiers.yaml` at that commit (the limits in force then).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from abmctl.engine.windows import (
    MONTHS_IN,
    Period,
    PeriodUnit,
    end_of,
    label_of,
    period_of,
    start_of,
    trailing,
)
from abmctl.load import gitrev
from abmctl.load.boundary import MAX_YAML_BYTES
from abmctl.load.yamlfile import YamlProblem
from abmctl.model.settings import TierSettings
from abmctl.tiers.diff import KIND_ORDER, ChangeKind, change_kind

RULES = ("rules/tiers.yaml", "rules/tiers.yml")  # the loader lets .yml win when both exist


@dataclass(frozen=True, slots=True)
class TierEvent:
    """One account's tier change in one commit (before None: it was added to the list;
    after None: it was removed from it)."""

    account_id: str
    name: str  # the account's name in that commit (before it, when removed)
    when: datetime  # the commit's committer date, time-zone aware
    before: int | None
    after: int | None
    commit: str  # the full sha
    author: str
    subject: str
    path: str = ""  # the file holding it after the commit (before it, when removed)

    @property
    def kind(self) -> ChangeKind:
        """added, removed, promoted or demoted (tier 1 is the highest)."""
        return change_kind(self.before, self.after)

    @property
    def day(self) -> date:
        """The UTC day of `when`: the one the periods count it in, and the reports show."""
        return self.when.astimezone(UTC).date()


@dataclass(frozen=True, slots=True)
class Snapshot:
    """The list after one commit: accounts per tier and the tier settings in force."""

    commit: str
    when: datetime
    sizes: tuple[tuple[int, int], ...]  # (tier, accounts), by tier
    settings: TierSettings


@dataclass(frozen=True, slots=True)
class History:
    """The events of a pass, oldest first, the list after each commit, and the notes on
    what could not be read."""

    events: tuple[TierEvent, ...]
    snapshots: tuple[Snapshot, ...] = ()
    notes: tuple[str, ...] = ()
    shallow: bool = False
    # for each note, the accounts it is about (None: every one, as a shallow clone's start)
    about: tuple[frozenset[str] | None, ...] = ()

    def notes_of(self, account_id: str) -> tuple[str, ...]:
        """The notes about one account: those an account's own pass (`account=`) has."""
        return tuple(note for note, about in zip(self.notes, self.about, strict=True)
                     if about is None or account_id in about)


@dataclass(frozen=True, slots=True)
class TierSize:
    tier: int
    name: str
    accounts: int
    max_accounts: int | None

    @property
    def over(self) -> bool:
        return self.max_accounts is not None and self.accounts > self.max_accounts


@dataclass(frozen=True, slots=True)
class PeriodSummary:
    """One review period: its events and the tier sizes at its end (after `commit`, the last
    commit in or before it; None: the list did not exist yet)."""

    period: Period
    label: str  # 2026Q3, 2026-11
    events: tuple[TierEvent, ...]
    commit: str | None
    sizes: tuple[TierSize, ...]

    def count(self, kind: ChangeKind) -> int:
        return sum(1 for e in self.events if e.kind == kind)

    @property
    def counts(self) -> dict[str, int]:
        """promoted, demoted, added, removed (in that order)."""
        return {kind: self.count(kind) for kind in KIND_ORDER}  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class CommitSummary:
    """One commit's tier changes, counted by kind."""

    commit: str
    when: datetime
    day: date  # UTC
    author: str
    subject: str
    counts: tuple[tuple[ChangeKind, int], ...]  # the kinds it has, in KIND_ORDER


def by_commit(events: Iterable[TierEvent]) -> list[CommitSummary]:
    """The commits of `events`, in their order, each with its changes counted by kind."""
    seen: dict[str, tuple[TierEvent, Counter[ChangeKind]]] = {}
    for event in events:
        seen.setdefault(event.commit, (event, Counter()))[1][event.kind] += 1
    return [CommitSummary(first.commit, first.when, first.day, first.author, first.subject,
                          tuple(sorted(counts.items(), key=lambda kc: KIND_ORDER[kc[0]])))
            for first, counts in seen.values()]


@dataclass(frozen=True, slots=True)
class HistoryReport:
    """What `tiers history` prints: the periods' summaries, or one account's events."""

    by: PeriodUnit
    as_of: date
    periods: tuple[PeriodSummary, ...]
    account: str | None = None
    events: tuple[TierEvent, ...] = ()  # --account: that account's events, oldest first
    notes: tuple[str, ...] = ()
    shallow: bool = False


# ---- the pass ---------------------------------------------------------------------------------


def history(root: Path, *, since: date | None = None) -> list[TierEvent]:
    """Every tier change on the list, oldest first (from `since` on, UTC, when given)."""
    return list(read_history(root, since=since).events)


def account_history(root: Path, account_id: str) -> list[TierEvent]:
    """One account's tier changes, oldest first, as `history` has them (`explain`). The same
    pass, but a file version is parsed only when its text holds the id and the account's
    record reads differently from the version parsed before (reading a blob is cheap,
    parsing a file of 500 accounts is not): on the 10k benchmark, ~0.05 s of CPU."""
    return list(read_history(root, account=account_id).events)


def read_history(root: Path, *, since: date | None = None, account: str | None = None,
                 command: str = "tiers history") -> History:
    """The pass (the module's docstring); `account`: only that account's events."""
    repo = gitrev.open_repo(root, command)
    commits = gitrev.log_changes(repo, [gitrev.ACCOUNTS, *RULES])
    walk = _Walk(account, gitrev.shallow_commits(repo))
    with gitrev.Blobs(repo) as blobs:
        for commit in commits:
            wanted = [c.new for c in commit.changes if c.new is not None and c.mode !=
                      gitrev.LINK_MODE and (gitrev.is_account_file(c.path) or c.path in RULES)]
            walk.commit(commit, blobs.read(wanted))
    events = walk.events
    if since is not None:
        events = [e for e in events if e.when >= start_of(since)]
    return History(tuple(events), tuple(walk.snapshots), tuple(walk.notes), walk.shallow,
                   tuple(walk.about))


@dataclass(slots=True)
class _Holding:
    """What one account file held at the last commit it was read: id -> (tier, name)."""

    accounts: dict[str, tuple[int, str]] = field(default_factory=dict)


class _Walk:
    """The list's state, commit by commit."""

    def __init__(self, account: str | None, shallow: set[str]) -> None:
        self.account = account
        self.needle = account.encode() if account is not None else None
        self.cut = shallow
        self.files: dict[str, _Holding] = {}
        self.holders: dict[str, set[str]] = {}  # id -> the files holding it
        self.sizes: Counter[int] = Counter()
        self.rules: dict[str, TierSettings] = {}
        self.events: list[TierEvent] = []
        self.snapshots: list[Snapshot] = []
        self.notes: list[str] = []
        self.about: list[frozenset[str] | None] = []  # the accounts each note is about
        self.shallow = False
        # one account's pass: per file, that account's record as last parsed (_record_text)
        self.records: dict[str, tuple[bytes, bytes]] = {}

    def view(self, ident: str) -> tuple[int, str, str] | None:
        """(tier, name, path) of the account's first record, files in path order."""
        paths = self.holders.get(ident)
        if not paths:
            return None
        path = min(paths)
        tier, name = self.files[path].accounts[ident]
        return tier, name, path

    def commit(self, commit: gitrev.LoggedCommit, blobs: dict[str, bytes | None]) -> None:
        updates: dict[str, _Holding] = {}
        touched: set[str] = set()
        for change in commit.changes:
            if change.path in RULES:
                self._rules(commit, change, blobs)
                continue
            if not gitrev.is_account_file(change.path):
                continue
            old = self.files.get(change.path, _Holding())
            new = self._read(commit, change, blobs, old)
            if new is None:
                continue  # unreadable at this commit: it keeps what it held
            updates[change.path] = new
            # most of a changed file's accounts did not change: only the others are looked at
            touched.update(i for i, entry in new.accounts.items() if old.accounts.get(i) != entry)
            touched.update(i for i in old.accounts if i not in new.accounts)
        if self.account is not None:
            touched &= {self.account}
        before = {ident: self.view(ident) for ident in touched}
        for path, holding in updates.items():
            for ident in self.files.get(path, _Holding()).accounts:
                self.holders[ident].discard(path)
            for ident in holding.accounts:
                self.holders.setdefault(ident, set()).add(path)
            if holding.accounts:
                self.files[path] = holding
            else:
                self.files.pop(path, None)
        cut = commit.sha in self.cut
        if cut and not self.shallow:
            self.shallow = True
            self.notes.append(f"the history starts at {commit.sha[:12]} "
                              f"({_day(commit.when)}): a shallow clone (`git fetch "
                              "--unshallow` reads the rest); what it held then is the start")
            self.about.append(None)
        for ident in sorted(touched):
            was, now = before[ident], self.view(ident)
            tier_was = None if was is None else was[0]
            tier_now = None if now is None else now[0]
            if tier_was is not None:
                self.sizes[tier_was] -= 1
            if tier_now is not None:
                self.sizes[tier_now] += 1
            shown = now or was
            if cut or tier_was == tier_now or shown is None:
                continue
            self.events.append(TierEvent(ident, shown[1], commit.when, tier_was, tier_now,
                                         commit.sha, commit.author, commit.subject, shown[2]))
        if self.account is None:
            self.snapshots.append(Snapshot(
                commit.sha, commit.when,
                tuple(sorted((t, n) for t, n in self.sizes.items() if n)), self.settings))

    @property
    def settings(self) -> TierSettings:
        """The tier settings in force: the last version that read cleanly."""
        for path in reversed(RULES):
            if path in self.rules:
                return self.rules[path]
        return _DEFAULT

    def _read(self, commit: gitrev.LoggedCommit, change: gitrev.FileChange,
              blobs: dict[str, bytes | None], old: _Holding) -> _Holding | None:
        """The file's accounts after `commit`, or None when it cannot be read there."""
        if change.new is None:
            self.records.pop(change.path, None)
            return _Holding()
        if change.mode == gitrev.LINK_MODE:
            self._skip(commit, change.path, "a symbolic link (not followed in history)", old)
            return None
        raw = blobs.get(change.new)
        if raw is None:
            self._skip(commit, change.path, _TOO_BIG, old)
            return None
        if self.needle is not None:
            if self.needle not in raw and self.account not in old.accounts:
                self.records.pop(change.path, None)
                return _Holding()  # it cannot hold the account: no need to parse it
            record = _record_text(raw, self.needle)
            if record is not None and self.records.get(change.path) == record:
                return old  # the account's record reads as it did: nothing to parse
        try:
            data = gitrev.file_values(raw, change.path)
        except YamlProblem as problem:
            where = f":{problem.finding.line}" if problem.finding.line else ""
            self._skip(commit, f"{change.path}{where}", problem.finding.message, old)
            return None
        if self.needle is not None:
            if record is None:
                self.records.pop(change.path, None)
            else:
                self.records[change.path] = record
        holding = _Holding()
        for ident, tier, item in gitrev.account_records(data):
            name = item.get("name")
            holding.accounts.setdefault(ident, (tier, name if isinstance(name, str) else ""))
        for ident in _tierless(data):
            kept = old.accounts.get(ident)
            if ident not in holding.accounts and kept is not None and self._concerns(ident):
                holding.accounts[ident] = kept
                self._note(commit, change.path, f"{ident}: its tier is not a whole number; "
                           "its tier before is kept", frozenset((ident,)))
        return holding

    def _concerns(self, ident: str) -> bool:
        return self.account is None or ident == self.account

    def _skip(self, commit: gitrev.LoggedCommit, where: str, why: str,
              old: _Holding) -> None:
        if self.account is None or self.account in old.accounts:
            self._note(commit, where, f"{why}; skipped at this commit (its accounts keep "
                       "their tiers)", frozenset(old.accounts))

    def _note(self, commit: gitrev.LoggedCommit, where: str, text: str,
              about: frozenset[str]) -> None:
        self.notes.append(f"{where} at {commit.sha[:12]} ({_day(commit.when)}): {text}")
        self.about.append(about)

    def _rules(self, commit: gitrev.LoggedCommit, change: gitrev.FileChange,
               blobs: dict[str, bytes | None]) -> None:
        if self.account is not None:
            return
        if change.new is None:
            self.rules.pop(change.path, None)
            return
        raw = blobs.get(change.new)
        try:
            if raw is None:
                raise ValueError(_TOO_BIG)
            data = gitrev.file_values(raw, change.path)
            self.rules[change.path] = TierSettings.model_validate(data or {})
        except (YamlProblem, ValueError) as problem:  # pydantic's ValidationError too
            why = problem.finding.message if isinstance(problem, YamlProblem) else \
                str(problem).splitlines()[0]
            self._note(commit, change.path, f"{why}; the tier limits before are kept",
                       frozenset())  # the list's limits: no account's own history


_DEFAULT = TierSettings()
_TOO_BIG = f"larger than {MAX_YAML_BYTES >> 20} MiB (docs/limits.md), or missing from this clone"


def _day(moment: datetime) -> date:
    return moment.astimezone(UTC).date()


def _record_text(raw: bytes, needle: bytes) -> tuple[bytes, bytes] | None:
    """The text of the record `- id: NEEDLE` of a block-style account file, with the
    top-level key it is under, when nothing outside that record mentions the id or could
    change what it reads as (an alias, an anchor): a version of the file whose record text is
    the same holds the account at the same tier, and is not parsed again. None: it must be
    parsed (another layout, the id elsewhere too, an alias)."""
    found = re.search(rb"^( *)- +id: *([\"']?)" + re.escape(needle) +
                      rb"\2 *(?:#[^\n]*)?\r?$", raw, re.MULTILINE)
    if found is None:
        return None
    indent = len(found.group(1))
    end = found.end()
    while end < len(raw):
        start = end + 1
        end = raw.find(b"\n", start)
        end = len(raw) if end == -1 else end
        line = raw[start:end]
        body = line.lstrip(b" ")
        if body and body[:1] not in (b"#", b"\r") and len(line) - len(body) <= indent:
            end = start - 1
            break
    record = raw[found.start():end]
    if raw.count(needle) != record.count(needle) or b"*" in record or b"&" in record:
        return None
    top, at = b"", found.start()
    while at > 0:  # back to the top-level key the list is under: `accounts:`
        begin = raw.rfind(b"\n", 0, at - 1) + 1
        if raw[begin:begin + 1] not in (b" ", b"-", b"#", b"\r", b"\n"):
            top = raw[begin:at - 1]
            break
        at = begin
    return top, record


def _tierless(data: Any) -> Iterable[str]:
    """The ids of records with a text id but no whole-number tier."""
    items = data.get("accounts") if isinstance(data, dict) else None
    for item in items if isinstance(items, list) else []:
        if isinstance(item, dict) and isinstance(item.get("id"), str) \
                and type(item.get("tier")) is not int:
            yield item["id"]


# ---- periods ----------------------------------------------------------------------------------


def periods_back(by: PeriodUnit, count: int, as_of: date) -> tuple[Period, ...]:
    """The `count` calendar months or quarters ending with the one holding `as_of`, oldest
    first (the scorecard's periods)."""
    return trailing(period_of(as_of, by), MONTHS_IN[by], count)


def summarise(hist: History, periods: Sequence[Period],
              until: datetime | None = None) -> list[PeriodSummary]:
    """Per period: its events and the tier sizes after its last commit; nothing from
    `until` on (an --as-of in the past)."""
    found: list[PeriodSummary] = []
    for period in periods:
        closes = period.closes if until is None else min(period.closes, until)
        events = tuple(e for e in hist.events if period.opens <= e.when < closes)
        last = _last_before(hist.snapshots, closes)
        found.append(PeriodSummary(period, label_of(period), events,
                                   last.commit if last else None,
                                   _sizes(last) if last else ()))
    return found


def tiers_at_end(root: Path, periods: Sequence[Period]) -> list[tuple[Period, tuple[TierSize,
                                                                                      ...]]]:
    """The tier sizes (against `max_accounts`) at each period's end: `summarise`'s."""
    return [(summary.period, summary.sizes) for summary in summarise(read_history(root), periods)]


def _last_before(snapshots: Sequence[Snapshot], moment: datetime) -> Snapshot | None:
    """The list after the last commit before `moment` (commits in branch order: a commit
    dated later than the one after it counts where the branch has it)."""
    found: Snapshot | None = None
    for snap in snapshots:
        if snap.when.astimezone(UTC) < moment:
            found = snap
    return found


def _sizes(snap: Snapshot) -> tuple[TierSize, ...]:
    """Every tier the settings define (in their order), then any other tier accounts name."""
    counts = dict(snap.sizes)
    defined = [TierSize(t.id, t.name, counts.get(t.id, 0), t.max_accounts)
               for t in snap.settings.tiers]
    known = {t.id for t in snap.settings.tiers}
    return (*defined, *(TierSize(t, "", n, None) for t, n in snap.sizes if t not in known))


def report(root: Path, *, by: PeriodUnit, periods: int, as_of: date,
           account: str | None = None, read: History | None = None) -> HistoryReport:
    """`tiers history`: the last `periods` periods to `as_of`, or one account's events;
    `read`: the whole list's `read_history(root)`, when the caller has it already."""
    if account is not None:
        hist = read_history(root, account=account)
        return HistoryReport(by, as_of, (), account, hist.events, hist.notes, hist.shallow)
    hist = read_history(root) if read is None else read
    chosen = periods_back(by, periods, as_of)
    return HistoryReport(by, as_of, tuple(summarise(hist, chosen, end_of(as_of))), None, (),
                         hist.notes, hist.shallow)
