"""Findings as the stable findings document (`"version": 1`; docs/reference.md, JSON output)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date
from typing import Any

from abmctl.findings import Finding, count_by_severity
from abmctl.output.findings import FindingsReport
from abmctl.output.formats import View
from abmctl.output.json_text import dump_line


def render(report: FindingsReport, view: View) -> str:
    return render_json(report.findings, report.as_of)


def finding_json(finding: Finding) -> dict[str, Any]:
    """One finding as the findings document spells it."""
    return {
        "code": finding.code,
        "severity": finding.severity,
        "message": finding.message,
        "path": finding.path,
        "line": finding.line,
        "column": finding.column,
        "account": finding.account,
        "fixable": finding.fixable,
    }


def render_json(findings: Sequence[Finding], as_of: date) -> str:
    """The stable findings document (`"version": 1`)."""
    document = {
        "version": 1,
        "as_of": as_of.isoformat(),
        "findings": [finding_json(f) for f in findings],
        "counts": count_by_severity(findings),
    }
    return dump_line(document)
