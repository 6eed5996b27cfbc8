"""Findings as text, JSON, GitHub annotations or SARIF: one entry point for lint, overlap and
`tiers diff` (SPEC §3, §3.3)."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from abmctl.findings import Finding, count_by_severity, sort_key

FORMATS: tuple[str, ...] = ("text", "json", "github", "sarif")


def render(
    findings: list[Finding],
    fmt: str,
    as_of: date,
    *,
    files_checked: int = 0,
    color: bool = False,
) -> str:
    """`findings` in format `fmt`; `color` adds ANSI styles to `text` (for a terminal only)."""
    ordered = sorted(findings, key=sort_key)
    if fmt == "text":
        from abmctl.output.findings_text import render_text

        return render_text(ordered, files_checked=files_checked, color=color)
    if fmt == "json":
        return render_json(ordered, as_of)
    if fmt == "github":
        from abmctl.output.findings_github import render_github

        return render_github(ordered)
    if fmt == "sarif":
        from abmctl import __version__
        from abmctl.catalogue import catalogue
        from abmctl.output.findings_sarif import render_sarif

        return render_sarif(ordered, catalogue(), version=__version__)
    raise ValueError(f"unknown findings format {fmt!r}; expected one of {', '.join(FORMATS)}")


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as SPEC §3.3 spells it."""
    return {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "account": finding.account,
    }


def render_json(findings: list[Finding], as_of: date) -> str:
    """The stable findings document of SPEC §3.3 (`"version": 1`)."""
    document = {
        "version": 1,
        "as_of": as_of.isoformat(),
        "findings": [finding_json(f) for f in findings],
        "counts": count_by_severity(findings),
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"
