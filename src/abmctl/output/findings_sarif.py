"""Findings as SARIF 2.1.0, for GitHub code scanning and other SARIF viewers."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from abmctl.findings import Finding
from abmctl.output.findings import FindingsReport
from abmctl.output.formats import View
from abmctl.output.json_text import dumps
from abmctl.output.rule_page import plain, sections

if TYPE_CHECKING:
    from abmctl.catalogue.base import Rule

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
INFORMATION_URI = "https://pypi.org/project/abmctl/"
SRCROOT = "%SRCROOT%"
_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
_NOT_A_WORD = re.compile(r"[^a-z0-9]+")


def render(report: FindingsReport, view: View) -> str:
    """The log for `report`, with the whole catalogue as the driver's rules."""
    from abmctl import __version__
    from abmctl.catalogue import catalogue

    return render_sarif(report.findings, catalogue(), version=__version__)


def render_sarif(findings: Sequence[Finding], catalogue: Mapping[str, Rule], version: str) -> str:
    """One SARIF log with one run: the catalogue as the driver's rules, a result per finding."""
    codes = sorted(catalogue)
    index = {code: position for position, code in enumerate(codes)}
    log = {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "abmctl",
                "version": version,
                "informationUri": INFORMATION_URI,
                "rules": [reporting_descriptor(catalogue[code]) for code in codes],
            }},
            "results": [result(f, index.get(f.code)) for f in findings],
        }],
    }
    return dumps(log) + "\n"


def reporting_descriptor(rule: Rule) -> dict[str, Any]:
    """A rule as SARIF knows it; the help is the rule's `abmctl rules CODE` page."""
    what = sections(rule.doc).get("What it catches") or rule.summary
    descriptor: dict[str, Any] = {
        "id": rule.code,
        "name": rule_name(rule),
        "shortDescription": {"text": rule.summary},
        "fullDescription": {"text": what},
        "help": {"text": plain(rule.doc), "markdown": rule.doc},
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"tags": [rule.family]},
    }
    return descriptor


def rule_name(rule: Rule) -> str:
    """A readable identifier: the rule generator's name, else the summary, kebab-cased."""
    words = rule.check.__name__ if rule.check is not None else rule.summary
    return _NOT_A_WORD.sub("-", words.lower()).strip("-")


def result(finding: Finding, rule_index: int | None) -> dict[str, Any]:
    """One finding: rule, level, message, and where (relative to the registry root)."""
    item: dict[str, Any] = {"ruleId": finding.code}
    if rule_index is not None:
        item["ruleIndex"] = rule_index
    item["level"] = _LEVEL[finding.severity]
    item["message"] = {"text": finding.message}
    if finding.path:
        physical: dict[str, Any] = {
            "artifactLocation": {"uri": uri(finding.path), "uriBaseId": SRCROOT},
        }
        if finding.line:
            region = {"startLine": finding.line}
            if finding.column:
                region["startColumn"] = finding.column
            physical["region"] = region
        item["locations"] = [{"physicalLocation": physical}]
    item["partialFingerprints"] = {"abmctlFinding/v1": fingerprint(finding)}
    if finding.account:
        item["properties"] = {"account": finding.account}
    return item


def uri(path: str) -> str:
    """The path as a relative URI; a file name that is not UTF-8 (read with its bytes kept as
    surrogates) is quoted byte for byte, as the file system names it."""
    return quote(path, errors="surrogateescape")


def fingerprint(finding: Finding) -> str:
    """Stable across runs while the finding is the same, even when lines above it move."""
    key = "\x1f".join((finding.code, finding.path or "", finding.account or "", finding.message))
    return hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:32]
