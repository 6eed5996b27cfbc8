"""Overlap conflicts shaped for reading: grouped by account, most severe first."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NamedTuple

from abmctl.findings import SEVERITY_RANK, Finding
from abmctl.output.run_info import RunInfo
from abmctl.output.text import plural

NO_ACCOUNT = "(registry)"
# Finding.extra keys an overlap rule attaches, and the JSON list each becomes
EXTRA_LISTS = {"touch": "touches", "signal": "signals"}


@dataclass(frozen=True, slots=True)
class OverlapReport:
    """What `abmctl overlap` hands its renderers: the conflicts as of a date, and notes on
    what could not be checked (no activity files, unmatched rows)."""

    conflicts: Sequence[Finding]
    as_of: date
    notes: Sequence[str] = ()
    run_info: RunInfo = RunInfo()
    every: bool = False  # --all: each repeated conflict listed, not the latest with a count


class Listed(NamedTuple):
    """A conflict as a report lists it: `alike` conflicts (`repeats`) shown as the
    latest of them."""

    conflict: Finding
    alike: int = 1


def by_account(conflicts: Sequence[Finding], *, every: bool = False,
               ) -> list[tuple[str, list[Listed]]]:
    """Accounts in order of their worst conflict, then id; each account's conflicts most
    severe first, repeats as one (`every`: each listed)."""
    groups: dict[str, list[Finding]] = {}
    for conflict in conflicts:
        groups.setdefault(conflict.account or NO_ACCOUNT, []).append(conflict)
    for items in groups.values():
        items.sort(key=_conflict_order)
    ordered_groups = sorted(groups.items(), key=lambda g: (SEVERITY_RANK[g[1][0].severity], g[0]))
    if every:
        return [(account, [Listed(c) for c in items]) for account, items in ordered_groups]
    return [(account, repeats(items)) for account, items in ordered_groups]


def repeats(conflicts: Sequence[Finding]) -> list[Listed]:
    """Conflicts that differ only in when (message, resolution, the rows behind them) as one:
    the same rule on the same account, between the same teams and plays, decided by the same
    person, at the same place. A million rows make 100,000 "signals close together" notes that
    say the same thing a dozen times an account; each kind is listed once, as its latest (the
    last made), with how many there are. Kept in the order of each kind's first."""
    kinds: dict[tuple[Any, ...], list[Finding]] = {}
    for conflict in conflicts:
        kinds.setdefault(alike(conflict), []).append(conflict)
    return [Listed(items[-1], len(items)) for items in kinds.values()]


def alike(conflict: Finding) -> tuple[Any, ...]:
    """What two conflicts on one account share when they are alike (the same rule, severity,
    teams, plays, who decides and place): `repeats` lists them as one, and the overlap rules
    may hold them as one (`catalogue.overlap._alike`)."""
    return (conflict.code, conflict.severity, conflict.teams, conflict.plays, conflict.decides,
            conflict.path, conflict.line)


def _conflict_order(conflict: Finding) -> tuple[int, str, str, int]:
    return (SEVERITY_RANK[conflict.severity], conflict.code, conflict.path or "",
            conflict.line or 0)


def ordered(conflicts: Sequence[Finding], *, every: bool = False) -> list[Listed]:
    """The conflicts in the grouped reading order, repeats as one unless `every`."""
    return [c for _, items in by_account(conflicts, every=every) for c in items]


def extra_lists(conflict: Finding) -> dict[str, list[str]]:
    """The touches and signals a conflict names, as JSON lists."""
    found: dict[str, list[str]] = {}
    for key, value in conflict.extra:
        if key in EXTRA_LISTS:
            found.setdefault(EXTRA_LISTS[key], []).append(value)
    return found


def conflict_json(conflict: Finding, count: int = 1) -> dict[str, Any]:
    """The conflict keys of the findings document, then where it points, the resolution, the
    evidence and how many conflicts alike it stands for."""
    return {
        "code": conflict.code,
        "severity": conflict.severity,
        "account": conflict.account,
        "teams": list(conflict.teams),
        "plays": list(conflict.plays),
        "decides": conflict.decides,
        "message": conflict.message,
        "resolution": conflict.resolution,
        "path": conflict.path,
        "line": conflict.line,
        **extra_lists(conflict),
        "count": count,
    }


def repeats_note(listed: int, conflicts: Sequence[Finding]) -> str | None:
    """What grouping left out, or None when each conflict is listed."""
    if listed == len(conflicts):
        return None
    return (f"{plural(len(conflicts) - listed, 'repeated conflict')} shown as the latest of "
            "each kind on each account, with a count; --all lists each")


def headline(conflicts: Sequence[Finding]) -> str:
    """`5 conflicts on 3 accounts: 2 errors, 2 warnings, 1 info` (or no conflicts)."""
    from abmctl.findings import count_by_severity

    if not conflicts:
        return "No conflicts"
    accounts = {c.account or NO_ACCOUNT for c in conflicts}
    counts = count_by_severity(conflicts)
    parts = ", ".join(
        plural(counts[s], s) if s != "info" else f"{counts[s]} info"
        for s in ("error", "warning", "info")
    )
    return (f"{plural(len(conflicts), 'conflict')} on {plural(len(accounts), 'account')}: "
            f"{parts}")
