"""Findings: what a rule reports. Plain, frozen data; formatters turn them into text."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["error", "warning", "info"]
SEVERITIES: tuple[Severity, ...] = ("error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {"error": 0, "warning": 1, "info": 2}
FixKind = Literal["key", "domain", "suppression", "layout"]


@dataclass(frozen=True, slots=True)
class Fix:
    """What `lint --fix` may change for a finding, at the finding's place: the key `old` of
    the record renamed `new`, the domain `old` written `new`, the code `old` taken out of
    the suppression comment, or (`layout`) the file's trailing blanks and line endings."""

    kind: FixKind
    old: str = ""
    new: str = ""


@dataclass(frozen=True, slots=True)
class Finding:
    """One broken rule at one place. `path` is relative to the registry root."""

    code: str
    severity: Severity
    message: str
    path: str | None = None
    line: int | None = None
    account: str | None = None
    # overlap conflicts also name the teams, plays and who decides
    teams: tuple[str, ...] = ()
    plays: tuple[str, ...] = ()
    decides: str | None = None
    # a rule may attach a one-line default resolution (overlap review agenda)
    resolution: str | None = None
    extra: tuple[tuple[str, str], ...] = field(default=())
    column: int | None = None  # 1-based, where the key or the fault starts on `line`
    fix: Fix | None = None  # set when `abmctl lint --fix` can mend it without judgement

    @property
    def fixable(self) -> bool:
        return self.fix is not None

    @property
    def where(self) -> str:
        """`path:line:column`, `path:line` or `path`."""
        if self.path and self.line:
            column = f":{self.column}" if self.column else ""
            return f"{self.path}:{self.line}{column}"
        return self.path or "(registry)"


def sort_key(finding: Finding) -> tuple[str, int, int, str, int]:
    """Findings read best grouped by file, then by line, then most severe first."""
    return (finding.path or "", finding.line or 0, SEVERITY_RANK[finding.severity],
            finding.code, finding.column or 0)


def count_by_severity(findings: Iterable[Finding]) -> dict[str, int]:
    counts = Counter(f.severity for f in findings)
    return {severity: counts.get(severity, 0) for severity in SEVERITIES}


def at_or_above(findings: Iterable[Finding], level: Severity) -> list[Finding]:
    """The findings that make a run fail at `--fail-on level`."""
    limit = SEVERITY_RANK[level]
    return [f for f in findings if SEVERITY_RANK[f.severity] <= limit]
