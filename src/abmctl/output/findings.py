"""Findings as a report: what lint (and `tiers diff --format github`) hands its renderers, in
any of the formats `output.formats` lists for "findings"."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from abmctl.findings import Finding, sort_key


@dataclass(frozen=True, slots=True)
class FindingsReport:
    """Findings in file/line order, the as-of date, and how many files were checked."""

    findings: Sequence[Finding]
    as_of: date
    files_checked: int = 0


def findings_report(found: Iterable[Finding], as_of: date,
                    files_checked: int = 0) -> FindingsReport:
    """The report of `found`, ordered as every format lists them (file, line, severity)."""
    return FindingsReport(sorted(found, key=sort_key), as_of, files_checked)


def render(
    findings: Iterable[Finding],
    fmt: str,
    as_of: date,
    *,
    files_checked: int = 0,
    color: bool = False,
) -> str:
    """`findings` in format `fmt` as one text; `color` adds ANSI styles to `text`."""
    from abmctl.output.formats import View
    from abmctl.output.formats import render as render_report

    report = findings_report(findings, as_of, files_checked)
    rendered = render_report("findings", fmt, report, View(color=color))
    return rendered if isinstance(rendered, str) else "".join(rendered)
