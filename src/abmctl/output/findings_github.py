"""Findings as GitHub Actions workflow commands: annotations on the pull request's files."""

from __future__ import annotations

from abmctl.findings import Finding

_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def escape_data(text: str) -> str:
    """A command's message: `%`, CR and LF escaped, as GitHub's toolkit does."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A property value (`file=`, `title=`): also `:` and `,`, the property delimiters."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(finding: Finding) -> str:
    """`::error file=registry/accounts/emea.yaml,line=12,title=ABM201::message`."""
    properties = []
    if finding.path:
        properties.append(f"file={escape_property(finding.path)}")
        if finding.line:
            properties.append(f"line={finding.line}")
    properties.append(f"title={escape_property(finding.code)}")
    return f"::{_COMMAND[finding.severity]} {','.join(properties)}::{escape_data(finding.message)}"


def render_github(findings: list[Finding]) -> str:
    """One annotation per line; nothing at all when there are no findings."""
    return "".join(annotation(f) + "\n" for f in findings)
