"""Reading activity exports into matched, checked rows.

Each file is read once, split by its layout's adapter, and every row is checked the same way
whatever the layout: a malformed row is skipped with its file and line, a row naming no list
account is counted as unmatched, and the run goes on.

A million rows are read in a couple of seconds: types, account names and texts repeat, so each
distinct value is looked up once and cached; the rows are grouped per account as they come,
and only those short lists are sorted (`Activity.rows`, every row in time order, is sorted
when a command asks for it).
"""

from __future__ import annotations

import marshal
import math
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import replace
from datetime import UTC, datetime
from itertools import compress, repeat
from operator import attrgetter, is_not, not_
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from abmctl.engine.activity import (
    ACTIVITY_TYPES,
    Activity,
    ActivityRow,
    SkippedRow,
    SourceSummary,
)
from abmctl.errors import AbmctlError
from abmctl.load.adapters import Adapter, RawRow, SourceFile
from abmctl.load.adapters.canonical import (
    FIELDS,
    PROBLEM,
    Part,
    Parts,
    Problems,
    Values,
    canonical_records,
    parts,
    read_canonical,
)
from abmctl.load.adapters.parquet import FORMAT as PARQUET
from abmctl.load.adapters.parquet import ParquetRows, is_parquet, read_parquet
from abmctl.load.boundary import MAX_EXPORT_BYTES, MAX_PARQUET_ROWS
from abmctl.load.export_files import (
    export_files,
    layout_encodings,
    read_export,
    relative,
    text_source,
)
from abmctl.model.base import FIRST_YEAR, LAST_YEAR

if TYPE_CHECKING:
    from abmctl.load.sources import Layout, Source
    from abmctl.parallel import Shares
    from abmctl.registry import Registry

SENTIMENTS = frozenset({"positive", "neutral", "negative"})
_TYPE_LIST = ", ".join(sorted(ACTIVITY_TYPES))
_CACHE_LIMIT = 200_000  # distinct values a cache keeps (dates: then it restarts)
_NEW = object()  # what `texts.get` gives for a text not seen yet (None is a seen text)
# lines from which a quote-free CSV is checked in two processes: below it, forking and sending
# the rows back cost about what they save
SPLIT_AT = 50_000
# the parts such a file is cut into: this process and the child take them one at a time, so
# that a child slowed by other work on the machine holds up at most one part
PARTS = 16


def read_activity_files(
    paths: list[Path], reg: Registry, *, signals_format: str = "canonical",
    signals_map: Path | None = None, date_format: str | None = None, root: Path | None = None,
) -> Activity:
    """Every row of the files (folders: their exports, sorted), all in one layout."""
    from abmctl.load.sources import Layout, Source

    layout = Layout(signals_format, signals_map, date_format,
                    None if signals_map is None else signals_map.as_posix())
    return read_sources([Source(p, layout, False) for p in export_files(paths)], reg, root)


def read_sources(sources: list[Source], reg: Registry, root: Path | None = None, *,
                 split_at: int | None = None, head: HeadStart | None = None) -> Activity:
    """Every row of every source, each file in its own layout, matched to list accounts; a
    row an earlier source already had counts once. A quote-free CSV of `split_at` lines or
    more (default `SPLIT_AT`; 0: none) is checked in parts by this process and a forked child
    at once (`RowChecker.check_parts`) where a core is to spare; `head`: the child started on
    the first source before the registry loaded (`head_start`). The result is the same."""
    checker = RowChecker(reg, None)
    split = SPLIT_AT if split_at is None else split_at
    fork = bool(split) and _can_split()
    files: list[str] = []
    skipped: list[SkippedRow] = []
    summaries: list[SourceSummary] = []
    adapters: dict[Layout, tuple[Adapter, tuple[str, ...]]] = {}
    problems: Problems
    for item in sources:
        if item.layout not in adapters:
            read = _adapter(item.layout)
            adapters[item.layout] = (read, layout_encodings(read))
        read, encodings = adapters[item.layout]
        rel = relative(item.path, root)
        files.append(rel)
        summary = SourceSummary(rel, item.layout.label)
        summaries.append(summary)
        checker.use_date_format(item.layout.date_format)
        before = len(skipped)
        if head is not None and head.takes(item, rel):
            problems = []
            checker.check_parts(head.parts, rel, skipped, summary, problems, head=head)
            skipped += [SkippedRow(rel, line, why) for line, why in problems]
        elif isinstance(source := _read(item, rel, read, skipped, encodings, root),
                        ParquetRows):
            summary.format = (PARQUET if item.layout.map_label is None  # found by name or mark
                              else f"{PARQUET}, map {item.layout.map_label}")
            if source.typed_dates:  # --date-format describes text, not a Date column
                checker.use_date_format(None)
            problems = []
            checker.check(source.records(problems), rel, skipped, summary)
            source = None  # its columns, let go once read
            skipped += [SkippedRow(rel, line, why) for line, why in problems]
        elif source is not None:
            problems = []
            split_up = parts(source, split, PARTS) if split and read is read_canonical else None
            if split_up is None:
                checker.check(_records(read, source, problems), rel, skipped, summary)
            else:
                source = None  # its text is the parts' now, which let it go once read
                if fork:
                    checker.check_parts(split_up, rel, skipped, summary, problems)
                else:  # no core to spare: in parts all the same, for its memory
                    checker.check_in_parts(split_up, rel, skipped, summary, problems)
            skipped += [SkippedRow(rel, line, why) for line, why in problems]
        summary.skipped = len(skipped) - before
        summary.rows = summary.matched + summary.unmatched + summary.skipped
    checker.drop_repeats(summaries)
    activity = checker.activity(files, skipped, summaries)
    activity.unmatched_accounts = checker.unmatched_names
    activity.skipped.sort(key=lambda s: (s.path, s.line))
    return activity


class HeadStart:
    """The first source of a run, a large quote-free CSV, being checked in parts by a forked
    child since before the registry loaded (`head_start`): every check of a row but its
    account, which needs the list; `read_sources` takes the parts the child has not taken yet
    and matches the child's rows as they come back. Reading and loading the list then cost the
    time of the longer, not of both."""

    def __init__(self, item: Source, rel: str, parts: Parts, shares: Shares,
                 wait: Callable[[], BackChecked]) -> None:
        self.item, self.rel, self.parts = item, rel, parts
        self.shares, self.wait = shares, wait
        self.taken = False

    def takes(self, item: Source, rel: str) -> bool:
        """Is `item` the source the child reads (then `read_sources` takes it on, once)?"""
        if self.taken or item != self.item or rel != self.rel:
            return False
        self.taken = True
        return True

    def close(self) -> None:
        """A run that stops before reading the activity: the child stops after the part it
        is checking, and is waited for (a no-op once `read_sources` took the source on)."""
        from abmctl import parallel

        if self.taken:
            return
        self.taken = True
        while self.shares.take():  # every part left is this process's now: none for the child
            pass
        parallel.settle([self.wait])
        self.shares.close()


def head_start(sources: list[Source], root: Path, *,
               split_at: int | None = None) -> HeadStart | None:
    """The child of `HeadStart` started on the first source, when it is a quote-free CSV of
    `split_at` lines or more (default `SPLIT_AT`) in the canonical layout and a core is to
    spare; else None (and the read goes as it would have: any fault found here,
    `read_sources` meets in its place)."""
    from abmctl import parallel

    fewest = SPLIT_AT if split_at is None else split_at
    if not sources or not fewest or not _can_split():
        return None
    item = sources[0]
    try:
        read = _adapter(item.layout)
        if read is not read_canonical:
            return None
        rel = relative(item.path, root)
        unread: list[SkippedRow] = []
        raw = read_export(item.path, rel, unread, root)
        if raw is None or is_parquet(item.path.name, raw):
            return None  # a Parquet file's rows are no text to cut in parts
        source = text_source(item.path, rel, raw, unread, layout_encodings(read))
        del raw
        split_up = parts(source, fewest, PARTS) if source is not None and not unread else None
    except Exception:  # noqa: BLE001 - the read proper reports it, where it would have
        return None
    if split_up is None:
        return None
    checker = RowChecker(None, item.layout.date_format)
    if checker.date_format:  # imported here, not in the child (see `check_parts`)
        datetime.strptime("1", "%d")
    shares = parallel.Shares(len(split_up.items))
    return HeadStart(item, rel, split_up, shares,
                     parallel.start(checker._back_checked, split_up, shares, rel))


def _read(item: Source, rel: str, read: Adapter, skipped: list[SkippedRow],
          encodings: tuple[str, ...], root: Path | None) -> SourceFile | ParquetRows | None:
    """The export's text, or its rows when it is a Parquet file (`adapters.parquet`); None
    (with a skipped row, line 1, saying why) when it cannot be read."""
    raw = read_export(item.path, rel, skipped, root)
    if raw is None:
        return None
    if not is_parquet(item.path.name, raw):
        return text_source(item.path, rel, raw, skipped, encodings)
    from abmctl.load.adapters.column_map import ColumnMap

    if read is not read_canonical and not isinstance(read, ColumnMap):
        raise AbmctlError(
            f"a Parquet file, read in the canonical layout only (its columns by name, or by "
            f"a column map's); the layout {item.layout.format} reads text exports: name the "
            "export's columns occurred_at, account, type, ... or export it as CSV", rel)
    found = read_parquet(raw, rel, max_rows=MAX_PARQUET_ROWS, max_text=MAX_EXPORT_BYTES,
                         column_map=read if isinstance(read, ColumnMap) else None)
    if isinstance(found, str):
        skipped.append(SkippedRow(rel, 1, found, unread=True))
        return None
    return found


def _can_split() -> bool:
    """A core to spare (`parallel.core_to_spare`): on a machine whose cores are all busy, the
    second process's share of the work (its rows sent back, pages copied on write) costs more
    than it saves (measured: 100k rows, 0.40 s CPU in one process, 0.56 s in two)."""
    from abmctl import parallel

    return parallel.core_to_spare()


def _adapter(layout: Layout) -> Adapter:
    from abmctl.load.adapters.lookup import load_adapter

    return load_adapter(layout.format, layout.map)


def _records(read: Adapter, source: SourceFile,
             problems: Problems) -> Iterator[tuple[int, Values]]:
    """(line, values in FIELDS order); rows the layout could not split go to `problems`."""
    if read is read_canonical:
        return canonical_records(source, problems)  # fast path: no dict per row
    return _from_fields(read(source), problems)


def _from_fields(rows: Iterable[RawRow], problems: Problems) -> Iterator[tuple[int, Values]]:
    for line, fields in rows:
        if PROBLEM in fields:
            problems.append((line, fields[PROBLEM]))
        else:
            yield line, tuple(fields.get(name) or "" for name in FIELDS)


class RowChecker:
    """The checks every layout shares, with a cache per distinct value; keeps the
    good rows grouped by account as they come. Without a registry (a `HeadStart`'s child)
    a row names its account by the number of the value as written (`written`, with its host in
    `written_hosts`), matched once the list is loaded (`_add_back`)."""

    def __init__(self, reg: Registry | None, date_format: str | None) -> None:
        self.reg = reg
        self.date_format = date_format
        self.moments: dict[str, datetime | str] = {}  # text -> moment, or why it is not one
        self.types: dict[str, str | None] = {t: t for t in ACTIVITY_TYPES}
        self.accounts: dict[str, str | None] = {}  # as written -> account id (None: no match)
        self.hosts: dict[str, str | None] = {}  # host (`host_of`) -> account id
        # without a registry, the account values as written, each numbered (rows carry the
        # number), and the host in each (`host_of`)
        self.written: list[str] = []
        self.written_hosts: list[str] = []
        # as written -> stripped, one copy for every row. Contacts get their own cache: there
        # are many of them, and the few pages and sources stay quick to look up in a small one
        self.contacts: dict[str, str | None] = {"": None}
        self.texts: dict[str, str | None] = {"": None}
        # scores and sentiments as written that `_problem` found good: rows carrying one are
        # not asked again (a fifth of the rows carry one; a few values repeat)
        self.good_scores: set[str] = set()
        self.good_moods: set[str] = set()
        self.in_file_order: list[ActivityRow] = []
        self.by_account: dict[str, list[ActivityRow]] = {}
        self.unmatched = 0
        self.starts: list[tuple[SourceSummary, int]] = []  # each file's first kept row
        self.unmatched_names: dict[str, Counter[str]] = {}  # file -> account as written -> rows

    def check(self, records: Iterable[tuple[int, Values]], rel: str,
              skipped: list[SkippedRow], summary: SourceSummary | None = None, *,
              grouped: bool = True) -> None:
        """Keep the good rows (also by account, unless not `grouped`: a read's child sends
        them back in file order); count the unmatched; skip the malformed (to `skipped`).

        A million rows go through this loop, so the common case calls nothing of ours: each
        distinct value is looked up in a cache (dict.get with a default, one lookup), and a
        full UTC timestamp, which rarely repeats, is parsed right here."""
        moments, types, accounts = self.moments, self.types, self.accounts
        contacts, texts = self.contacts, self.texts
        good_scores, good_moods = self.good_scores, self.good_moods
        keep = self.in_file_order.append
        by_account = self.by_account if grouped else None
        kept_before = len(self.in_file_order)
        names = self.unmatched_names.setdefault(rel, Counter())
        earliest: datetime | None = None  # of the unmatched rows (the kept ones: see below)
        latest: datetime | None = None
        # with --date-format, or for what fromisoformat reads as not UTC, parse_moment decides
        iso = datetime.fromisoformat if self.date_format is None else None
        unmatched = 0
        moment: datetime | str | None
        for line, (occurred, named, kind, contact, detail, score, sentiment,
                   source) in records:
            try:
                moment = iso(occurred) if iso else None
            except ValueError:
                moment = None
            if (moment is None or moment.tzinfo is not UTC
                    or not FIRST_YEAR <= moment.year <= LAST_YEAR):
                moment = moments.get(occurred) or self._moment(occurred)
            kind_id = types.get(kind, "")
            if kind_id == "":
                kind_id = self._type(kind)
            account = accounts.get(named, "")
            if account == "":
                account = self._account(named)
            if (moment.__class__ is str or kind_id is None or account is None
                    or (score and score not in good_scores)
                    or (sentiment and sentiment not in good_moods)):
                problem = self._problem(moment, kind, kind_id, named, score, sentiment)
                if problem is not None:
                    skipped.append(SkippedRow(rel, line, problem))
                    continue
                if len(good_scores) < _CACHE_LIMIT:
                    good_scores.add(score)
                    good_moods.add(sentiment)
                if account is None:
                    unmatched += 1
                    names[named] += 1
                    if earliest is None or moment < earliest:  # type: ignore[operator]
                        earliest = moment  # type: ignore[assignment]
                    if latest is None or moment > latest:  # type: ignore[operator]
                        latest = moment  # type: ignore[assignment]
                    continue
            if (contact_text := contacts.get(contact, _NEW)) is _NEW:
                contact_text = _remember(contacts, contact)
            if (detail_text := texts.get(detail, _NEW)) is _NEW:
                detail_text = _remember(texts, detail)
            if (source_text := texts.get(source, _NEW)) is _NEW:
                source_text = _remember(texts, source)
            row = ActivityRow(
                moment, account, kind_id,  # type: ignore[arg-type]
                contact_text, detail_text,  # type: ignore[arg-type]
                _score(score) if score else None,
                sentiment.strip().lower() or None if sentiment else None,
                source_text, rel, line,  # type: ignore[arg-type]
            )
            keep(row)
            if by_account is None:
                continue
            group = by_account.get(account)
            if group is None:
                by_account[account] = [row]
            else:
                group.append(row)
        self.unmatched += unmatched
        if summary is not None:
            kept = self.in_file_order[kept_before:]
            summary.matched, summary.unmatched = len(kept), unmatched
            self.starts.append((summary, kept_before))
            if kept:  # min and max at C speed, once per file, not a test per row
                ends = [earliest, latest, min(kept, key=_at).occurred_at,
                        max(kept, key=_at).occurred_at]
                dated = [m for m in ends if m is not None]
                summary.first, summary.last = min(dated), max(dated)
            else:
                summary.first, summary.last = earliest, latest

    def check_parts(self, parts: Parts, rel: str, skipped: list[SkippedRow],
                    summary: SourceSummary, problems: Problems, *,
                    head: HeadStart | None = None) -> None:
        """`check` of a file's rows in parts: this process takes them from the front while a
        forked child takes them from the back (`parallel.Shares`: the faster does more; `head`:
        the child already at work, its rows to be matched here); the child's rows and counts
        are added after this one's, so that everything is as if this process had checked them
        all. A child that fails costs time, not rows: its parts are then checked here."""
        from abmctl import parallel

        kept_before = len(self.in_file_order)
        if head is None:
            if self.date_format:  # strptime imports its module on first use: here, not in
                datetime.strptime("1", "%d")  # the child (another thread may hold its lock)
            self.reg_domains()  # built once, here, rather than by both processes
        shares = parallel.Shares(len(parts.items)) if head is None else head.shares
        try:
            wait = parallel.start(self._back_checked, parts, shares, rel) if head is None \
                else head.wait
            try:
                before = self._check_front(parts, shares, rel, skipped, summary, problems)
            except BaseException:
                parallel.settle([wait])  # no child left behind
                raise
            try:
                done: BackChecked | None = wait()
            except Exception:  # raised in the child, or the child died: its parts read here
                done = None
        finally:
            shares.close()
        if done is None:
            for part in parts.items[shares.taken:]:
                self._check_part(part, before, rel, skipped, summary, problems)
                before += part.line_count()
        else:
            parts.items.clear()  # the file's text is read: let it go before the child's rows
            self._add_back(done, rel, skipped, summary, problems, as_written=head is not None)
        self.starts.append((summary, kept_before))  # the file's rows, as `check` notes them

    def check_in_parts(self, parts: Parts, rel: str, skipped: list[SkippedRow],
                       summary: SourceSummary, problems: Problems) -> None:
        """`check` of a file's rows one part after another, in this process: the same rows
        and counts as one `check` of the whole file, but only one part's lines are held at a
        time, and each part's text is let go once read."""
        kept_before = len(self.in_file_order)
        before = parts.header
        # each part its own copy of its lines, so that the file's text goes now, not with the
        # last part (3,000,000 rows: 270 MB of text beside the rows as they are made)
        own = [replace(part, text=part.text[part.start:part.end], start=0,
                       end=part.end - part.start) for part in reversed(parts.items)]
        parts.items.clear()
        while own:
            part = own.pop()  # the next part, held by nothing else once read
            self._check_part(part, before, rel, skipped, summary, problems)
            before += part.line_count()
        self.starts.append((summary, kept_before))  # the file's rows, as `check` notes them

    def _check_front(self, parts: Parts, shares: Shares, rel: str, skipped: list[SkippedRow],
                     summary: SourceSummary, problems: Problems) -> int:
        """`_check_part` of each part this process takes from the front (`Shares`); gives the
        file's lines before the first part it did not take."""
        before = parts.header
        while shares.take():
            part = parts.items[shares.taken - 1]
            self._check_part(part, before, rel, skipped, summary, problems)
            before += part.line_count()
        return before

    def _check_part(self, part: Part, before: int, rel: str, skipped: list[SkippedRow],
                    summary: SourceSummary, problems: Problems) -> None:
        """`check` of one part, its counts added to the file's `summary`."""
        outcome = SourceSummary(rel)
        self.check(part.records(problems, before), rel, skipped, outcome)
        self.starts.pop()  # the part is not a file
        _add_counts(summary, outcome.matched, outcome.unmatched, outcome.first, outcome.last)

    def _back_checked(self, parts: Parts, shares: Shares, rel: str) -> BackChecked:
        """In the child: `check` of the parts it takes from the back, last first, each packed
        as plain columns as soon as it is checked (marshal: a tenth of what pickling the row
        objects costs), so that little is left to do once the last part is taken."""
        taken: list[tuple[bytes, list[SkippedRow], Problems, Counter[str], SourceSummary]] = []
        before = 0
        while shares.take():
            number = len(parts.items) - shares.taken
            part = parts.items[number]
            before = parts.before(number) if not taken else before - part.line_count()
            part_skipped: list[SkippedRow] = []
            part_problems: Problems = []
            outcome = SourceSummary(rel)
            names = self.unmatched_names[rel] = Counter()  # the part's own counts
            start = len(self.in_file_order)
            self.check(part.records(part_problems, before), rel, part_skipped, outcome,
                       grouped=False)  # `_add_back` groups them
            taken.append((_columns(self.in_file_order[start:]), part_skipped, part_problems,
                          names, outcome))
        skipped: list[tuple[int, str]] = []
        problems: Problems = []
        names = Counter()
        total = SourceSummary(rel)
        for _, part_skipped, part_problems, part_names, outcome in reversed(taken):  # file order
            skipped += [(s.line, s.reason) for s in part_skipped]
            problems += part_problems
            names.update(part_names)
            _add_counts(total, outcome.matched, outcome.unmatched, outcome.first, outcome.last)
        return BackChecked([columns for columns, *_ in reversed(taken)], skipped, problems,
                           total.unmatched, dict(names), total.first, total.last,
                           self.written, self.written_hosts)

    def _add_back(self, done: BackChecked, rel: str, skipped: list[SkippedRow],
                  summary: SourceSummary, problems: Problems, *, as_written: bool = False,
                  ) -> None:
        """The child's rows and counts, after this process's (as `check` would add them);
        `as_written`: its rows name their account as written (a `HeadStart`), matched here."""
        rows: list[ActivityRow] = []
        unmatched = done.unmatched
        names = self.unmatched_names.setdefault(rel, Counter())
        names.update(done.names)
        accounts = self._accounts_of(done.hosts) if as_written else []
        for number, packed in enumerate(done.columns):
            done.columns[number] = b""  # each part's bytes let go once unpacked
            when, *columns = marshal.loads(packed)
            if when and isinstance(when[0], str):
                moments = list(map(datetime.fromisoformat, when))
            else:
                moments = list(map(datetime.fromtimestamp, when, repeat(UTC)))
            keep = None
            if as_written:
                columns[0], keep = self._matched(columns[0], accounts, names, done.written)
            made = map(ActivityRow, moments, *columns[:-1], repeat(rel), columns[-1])
            if keep is None:
                rows += made
            else:  # the rows naming no list account made, then left out: one pass, not nine
                before = len(rows)
                rows += compress(made, keep)
                unmatched += len(keep) - (len(rows) - before)
        self.in_file_order += rows
        by_account = self.by_account
        for row in rows:
            group = by_account.get(row.account)
            if group is None:
                by_account[row.account] = [row]
            else:
                group.append(row)
        skipped += [SkippedRow(rel, line, why) for line, why in done.skipped]
        problems += done.problems
        self.unmatched += unmatched
        _add_counts(summary, len(rows), unmatched, done.first, done.last)

    def _accounts_of(self, hosts: list[str]) -> list[str | None]:
        """The list account of each host (`_match`: each distinct host once)."""
        matched = self.hosts
        for host in set(hosts).difference(matched):
            self._match(host)  # into `matched`: many values share a host (ann@x.com, x.com)
        return list(map(matched.__getitem__, hosts))

    def _matched(self, numbers: list[int], accounts: list[str | None], names: Counter[str],
                 written: list[str]) -> tuple[list[str | None], list[bool] | None]:
        """A part's rows' accounts: each row names its account by the number of the value as
        written (`numbers`, an index of `written` and of `accounts`, its list account); with
        which rows to keep (None: every one) when some name no list account, their values then
        counted in `names`."""
        found = list(map(accounts.__getitem__, numbers))
        if None not in found:
            return found, None
        keep = list(map(is_not, found, repeat(None)))
        lost = Counter(compress(numbers, map(not_, keep)))  # in the order they first come
        names.update({written[number]: rows for number, rows in lost.items()})
        return found, keep

    def use_date_format(self, date_format: str | None) -> None:
        """Read the next file's dates in `date_format` (what a text means changes with it)."""
        if date_format != self.date_format:
            self.date_format = date_format
            self.moments.clear()

    def drop_repeats(self, summaries: list[SourceSummary]) -> None:
        """A row found in two sources counts once (same occurred_at, account, type,
        contact and detail); the later source's copy is dropped. Repeats within one file are
        kept (three visits to one page on one day are three visits). Only files whose dates
        overlap an earlier file's are compared, so separate exports cost nothing."""
        if len(self.starts) < 2:
            return  # one file: nothing to compare
        rows_of = self.in_file_order
        ends = [start for _, start in self.starts[1:]] + [len(rows_of)]
        seen: set[tuple[object, ...]] | None = None  # the keys of the files read before
        keep: list[bool] | None = None  # per row of `rows_of`: not a repeat
        touched: set[str] = set()  # accounts that lost a row
        low = high = None
        # map, compress and set lookups run at C speed: two overlapping exports of half a
        # million rows each cost a second, not the seconds a loop per row would
        for (summary, start), end in zip(self.starts, ends, strict=True):
            rows = rows_of[start:end]
            if not rows:
                continue
            first, last = min(rows, key=_at).occurred_at, max(rows, key=_at).occurred_at
            if low is not None and high is not None and first <= high and last >= low:
                if seen is None:
                    seen = set(map(_key, rows_of[:start]))
                keys = list(map(_key, rows))
                repeated = list(map(seen.__contains__, keys))
                summary.duplicates = sum(repeated)
                if summary.duplicates:
                    keep = [True] * len(rows_of) if keep is None else keep
                    keep[start:end] = map(not_, repeated)
                    touched.update(row.account for row in compress(rows, repeated))
                seen.update(keys)
            elif seen is not None:
                seen.update(map(_key, rows))
            low = first if low is None or first < low else low
            high = last if high is None or last > high else high
        if keep is not None:
            dropped = set(map(id, compress(rows_of, map(not_, keep))))
            self.in_file_order = list(compress(rows_of, keep))
            for account in touched:
                kept = [row for row in self.by_account[account] if id(row) not in dropped]
                if kept:
                    self.by_account[account] = kept
                else:
                    del self.by_account[account]

    def activity(self, files: list[str], skipped: list[SkippedRow],
                 sources: list[SourceSummary] | None = None) -> Activity:
        """What was read: each account's rows sorted by time (stable: file order at the same
        moment), the rows in file order for `Activity.rows` to sort if it is asked for."""
        moment = attrgetter("occurred_at")
        for rows in self.by_account.values():
            rows.sort(key=moment)
        # accounts in the order of their first row in `rows`, as grouping those would give
        file_index = {rel: n for n, rel in enumerate(files)}

        def first_row(item: tuple[str, list[ActivityRow]]) -> tuple[datetime, int, int]:
            row = item[1][0]
            return row.occurred_at, file_index[row.path], row.line

        by_account = dict(sorted(self.by_account.items(), key=first_row))
        return Activity.of_accounts(by_account, self.in_file_order, self.unmatched, skipped,
                                    files, sources)

    def _problem(self, moment: datetime | str, kind: str, kind_id: str | None, named: str,
                 score: str, sentiment: str) -> str | None:
        """Why the row cannot be used (the first reason), or None."""
        if isinstance(moment, str):
            return moment
        if not kind.strip():
            return "missing required field 'type'"
        if kind_id is None:
            return f"unknown type {kind.strip()!r} (expected one of: {_TYPE_LIST})"
        if not named.strip():
            return "missing required field 'account'"
        if score.strip() and _score(score) is None:
            return f"score {score.strip()!r} is not a number"
        if sentiment.strip() and sentiment.strip().lower() not in SENTIMENTS:
            return f"sentiment {sentiment.strip()!r} is not positive, neutral or negative"
        return None

    def _moment(self, text: str) -> datetime | str:
        found = parse_moment(text, self.date_format)
        if len(text) <= 10:  # plain dates recur (daily exports, weekly intent): parse once
            if len(self.moments) >= _CACHE_LIMIT:
                self.moments.clear()
            self.moments[text] = found
        return found

    def _type(self, text: str) -> str | None:
        key = text.strip().lower().replace("-", "_").replace(" ", "_")
        found = self.types[text] = key if key in ACTIVITY_TYPES else None
        return found

    def _account(self, text: str) -> str | None:
        if self.reg is None:  # numbered, its host matched once the list is loaded (`_matched`)
            value = text.strip()
            number = None
            if value:
                number = len(self.written)
                self.written.append(text)
                self.written_hosts.append(host_of(value))
            self.accounts[text] = number  # type: ignore[assignment]
            return number  # type: ignore[return-value]
        found = self.accounts[text] = self._match(host_of(text.strip()))
        return found

    def reg_domains(self) -> None:
        """The registry's domain index, built now (before a fork: not by both processes)."""
        if self.reg is not None:
            self.reg.domains  # noqa: B018 - a cached property

    def _match(self, value: str) -> str | None:
        """By host: every contact's email and every page URL of one company share one."""
        found = self.hosts.get(value, "")
        if found == "":
            found = None
            if value:
                reg = self.reg
                assert reg is not None  # the child of a head start matches nothing
                found = reg.match_account(value) or reg.match_account(value.lower())
            self.hosts[value] = found
        return found


_at = attrgetter("occurred_at")
_microsecond = attrgetter("microsecond")
# the row fields a child sends back after `occurred_at` (in ActivityRow's order; `path` is
# the file's, so not sent)
_COLUMNS = ("account", "type", "contact", "detail", "score", "sentiment", "source", "line")


def _columns(rows: list[ActivityRow]) -> bytes:
    """The rows as marshal'd columns: occurred_at (as whole-second timestamps, or ISO text when
    one has microseconds), then `_COLUMNS`."""
    moments = [row.occurred_at for row in rows]
    if any(map(_microsecond, moments)):
        when: list[float] | list[str] = list(map(datetime.isoformat, moments))
    else:  # whole seconds: a float holds each exactly (years 1900-2999 and far beyond)
        when = list(map(datetime.timestamp, moments))
    return marshal.dumps((when, *(list(map(attrgetter(name), rows)) for name in _COLUMNS)))


class BackChecked(NamedTuple):
    """What a child that checked a file's last parts sends back."""

    columns: list[bytes]  # per part, in file order (`_columns`)
    skipped: list[tuple[int, str]]  # (line, reason) of the rows it skipped
    problems: Problems  # rows that could not be split
    unmatched: int
    names: dict[str, int]  # unmatched account values as written -> rows
    first: datetime | None
    last: datetime | None
    # without a registry (rows then name their account by a number): the values as written,
    # and the host in each, by number
    written: list[str]
    hosts: list[str]


def _add_counts(summary: SourceSummary, matched: int, unmatched: int, first: datetime | None,
                last: datetime | None) -> None:
    """A part's counts and dates added to its file's."""
    summary.matched += matched
    summary.unmatched += unmatched
    dated = [m for m in (summary.first, summary.last, first, last) if m is not None]
    if dated:
        summary.first, summary.last = min(dated), max(dated)


# what makes two sources' rows the same row, as one tuple built at C speed
_key: Callable[[ActivityRow], tuple[object, ...]] = attrgetter(
    "occurred_at", "account", "type", "contact", "detail")


def _remember(cache: dict[str, str | None], text: str) -> str | None:
    """The text stripped (None if blank), kept as the one copy while the cache has room."""
    found = text.strip() or None
    if len(cache) < _CACHE_LIMIT:
        cache[text] = found
    return found


def host_of(value: str) -> str:
    """The part of an email or URL that names the company (`ann@x.com` -> `x.com`)."""
    if "://" in value:
        value = value.split("://", 1)[1].split("/", 1)[0].split("?", 1)[0]
    if "@" in value:
        value = value.rsplit("@", 1)[1]
    return value


def date_format_fault(date_format: str) -> str | None:
    """Why `date_format` is no strftime layout dates can be read with (a directive named
    twice, an unknown one, a stray %), or None: asked once, before any row is read."""
    import re

    try:
        datetime.strptime("", date_format)
    except re.error as exc:  # `%d/%m/%d`: "redefinition of group name 'd'"
        twice = re.search(r"group name '(\w+)'", str(exc))
        return f"it names %{twice.group(1)} twice" if twice else f"not a date layout ({exc})"
    except ValueError as exc:
        return None if str(exc).startswith("time data") else str(exc)
    return None


def parse_moment(text: str, date_format: str | None = None) -> datetime | str:
    """An aware UTC datetime (no zone = UTC), or the reason the text is not one."""
    value = text.strip()
    if not value:
        return "missing required field 'occurred_at'"
    try:
        moment = (datetime.strptime(value, date_format) if date_format
                  else datetime.fromisoformat(value))
    except ValueError:
        if date_format:
            return f"occurred_at {value!r} does not match --date-format {date_format!r}"
        return (f"occurred_at {value!r} is not an ISO 8601 date or datetime (e.g. 2026-11-12 "
                "or 2026-11-12T09:30:00Z); --date-format reads other layouts")
    try:
        moment = moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)
    except OverflowError:  # 9999-12-31T23:59:59-14:00 is past the last datetime in UTC
        moment = datetime.max.replace(tzinfo=UTC)
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:  # so no date arithmetic can overflow
        return f"occurred_at {value!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}"
    return moment


def _score(text: str) -> float | None:
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None
