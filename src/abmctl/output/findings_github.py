"""Findings as GitHub Actions workflow commands: annotations on the pull request's files."""

from __future__ import annotations

from collections.abc import Iterable

from abmctl.findings import Finding
from abmctl.output.findings import FindingsReport
from abmctl.output.formats import View
from abmctl.output.text import annotation

FIXABLE = " (fixable with `abmctl lint --fix`)"


def render(report: FindingsReport, view: View) -> str:
    return render_github(report.findings)


def finding_annotation(finding: Finding) -> str:
    """`::error file=registry/accounts/emea.yaml,line=12,col=5,title=ABM201::message`."""
    message = finding.message + (FIXABLE if finding.fixable else "")
    return annotation(finding.severity, message, path=finding.path, line=finding.line,
                      column=finding.column, title=finding.code)


def render_github(findings: Iterable[Finding]) -> str:
    """One annotation per line; nothing at all when there are no findings."""
    return "".join(finding_annotation(f) + "\n" for f in findings)
