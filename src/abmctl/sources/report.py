"""What `abmctl signals` reports: per source file its layout, rows (matched, unmatched,
skipped, counted once), dates and qualifying signals by type; the account values that matched
no list account, each with the closest list account; the skipped rows and why."""

from __future__ import annotations

import difflib
from collections import Counter
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from abmctl.engine.activity import SkippedRow, SourceSummary

if TYPE_CHECKING:
    from abmctl.engine.activity import Activity
    from abmctl.engine.signals import Freshness
    from abmctl.registry import Registry

CLOSE_ENOUGH = 0.8  # difflib ratio: acme.co ~ acme.com, northwnd ~ northwind
_CLOSEST_LOOKUPS = 200  # the most frequent values get a suggestion; the long tail is noise


@dataclass(frozen=True, slots=True)
class FileSignals:
    """One source and the qualifying signals its rows made (a signal belongs to the file of
    the row that made it)."""

    summary: SourceSummary
    signals: dict[str, int]


@dataclass(frozen=True, slots=True)
class UnmatchedValue:
    """An account value no list account matched, its rows, and the list account it is
    closest to by domain or name (None: none is close)."""

    value: str
    rows: int
    files: tuple[str, ...]
    closest: str | None
    closest_by: str | None  # the domain or name the value is close to


@dataclass(frozen=True, slots=True)
class SourcesReport:
    """`abmctl signals` as of a day; `unmatched` and `skipped` are None unless asked for."""

    as_of: date
    files: tuple[FileSignals, ...]
    freshness: Freshness | None
    unmatched: tuple[UnmatchedValue, ...] | None = None
    skipped: tuple[SkippedRow, ...] | None = None


def sources_report(reg: Registry, activity: Activity | None, as_of: date, *,
                   unmatched: bool = False, skipped: bool = False) -> SourcesReport:
    from abmctl.engine.signals import freshness

    files: tuple[FileSignals, ...] = ()
    if activity is not None:
        made = signals_by_file(reg, activity)
        files = tuple(FileSignals(s, dict(sorted(made.get(s.path, Counter()).items())))
                      for s in activity.sources)
    return SourcesReport(
        as_of, files, freshness(activity, reg.settings.signals, as_of),
        unmatched_values(reg, activity) if unmatched else None,
        tuple(activity.skipped if activity is not None else ()) if skipped else None,
    )


def signals_by_file(reg: Registry, activity: Activity) -> dict[str, Counter[str]]:
    """Qualifying signals by file and type, over each account's whole history."""
    from abmctl.engine.signals import qualifying_signals

    rules = reg.settings.signals
    found: dict[str, Counter[str]] = {}
    for rows in activity.by_account.values():
        for signal in qualifying_signals(rows, rules):
            found.setdefault(signal.rows[-1].path, Counter())[signal.type] += 1
    return found


def unmatched_values(reg: Registry, activity: Activity | None) -> tuple[UnmatchedValue, ...]:
    """Every unmatched account value (emails and URLs by their domain, as they are matched),
    most rows first, with its closest list account."""
    if activity is None:
        return ()
    from abmctl.load.activity_reader import host_of

    rows: Counter[str] = Counter()
    files: dict[str, list[str]] = {}
    for path, names in activity.unmatched_accounts.items():
        for name, count in names.items():
            # as the reader matches it: every email and URL of one company is its domain
            value = host_of(name.strip()).lower() or name.strip()
            rows[value] += count
            files.setdefault(value, []).append(path)
    ranked = sorted(rows.items(), key=lambda item: (-item[1], item[0]))
    finder = _Closest(reg)
    found: list[UnmatchedValue] = []
    for number, (value, count) in enumerate(ranked):
        closest, by = finder.find(value) if number < _CLOSEST_LOOKUPS else (None, None)
        found.append(UnmatchedValue(value, count, tuple(dict.fromkeys(files[value])), closest,
                                    by))
    return tuple(found)


class _Closest:
    """The list account an unmatched value was probably meant to name: by domain for a
    domain, email or URL, else by name or id."""

    def __init__(self, reg: Registry) -> None:
        self.by_domain = {d.lower(): a.id for a in reg.accounts for d in a.domains}
        self.by_name = {a.name.lower(): a.id for a in reg.accounts}
        self.by_name.update({a.id: a.id for a in reg.accounts})

    def find(self, value: str) -> tuple[str | None, str | None]:
        from abmctl.load.activity_reader import host_of

        host = host_of(value).lower().removeprefix("www.")
        if not host:
            return None, None
        known = self.by_domain if "." in host and " " not in host else self.by_name
        close = difflib.get_close_matches(host, list(known), n=1, cutoff=CLOSE_ENOUGH)
        if not close:
            return None, None
        return known[close[0]], close[0]
