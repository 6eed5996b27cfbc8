"""The findings formatters (text, json, github, sarif) against golden files, and the rules
of each format: GitHub's escaping, SARIF's shape, plural summaries."""

from __future__ import annotations

import json
import os
import re
from datetime import date
from pathlib import Path
from typing import Any

import jsonschema  # type: ignore[import-untyped]
import pytest

from abmctl.catalogue import catalogue
from abmctl.catalogue.base import Family, Rule
from abmctl.findings import Finding, Severity
from abmctl.output.escape import workflow_message, workflow_property
from abmctl.output.findings import render
from abmctl.output.findings_github import finding_annotation
from abmctl.output.findings_sarif import render_sarif
from abmctl.output.findings_text import summary

GOLDEN = Path(__file__).parent / "golden"
AS_OF = date(2026, 11, 23)
ANSI = re.compile(r"\x1b\[[0-9;]*m")

FINDINGS = [
    Finding("ABM201", "error", "northwind: tier 1 needs a named sdr",
            "registry/accounts/emea.yaml", 12, "northwind", column=5),
    Finding("ABM105", "warning", "contoso: list review overdue (last 2026-01-05, 322 days)",
            "registry/accounts/emea.yaml", 31, "contoso"),
    Finding("ABM002", "error", "account 4 (id: acme): tier: expected a whole number, got 'one'",
            "registry/accounts/na.yaml", 7, column=5),
    Finding("ABM001", "error", "binary file, not YAML text", "registry/accounts/x y.yaml"),
    Finding("ABM605", "info", "fabrikam: 3 signals within 7 days, 100% one alert,\nowned: abm",
            "registry/accounts/na.yaml", 40, "fabrikam"),
    Finding("ABM401", "warning", "partner team 'events' has no agreement"),
]

PAGE = """**What it catches.** {what}

**Why.** seed 000 Rule 1: one list.

**How to fix.** Fix it on the line named."""
CATALOGUE = {
    code: Rule(code, severity, summary_, PAGE.format(what=f"What {code} catches."),
               family=family)
    for code, severity, summary_, family in list[tuple[str, Severity, str, Family]]([
        ("ABM001", "error", "a file is not valid YAML", "load"),
        ("ABM002", "error", "a record does not match its schema", "load"),
        ("ABM105", "warning", "an account's list review is overdue", "lint"),
        ("ABM201", "error", "a tier's required owner is missing", "lint"),
        ("ABM401", "warning", "a partner team has no agreement", "lint"),
        ("ABM605", "info", "several signals on one account within overlap_days", "overlap"),
    ])
}

# the parts of the SARIF 2.1.0 schema (docs.oasis-open.org/sarif) that abmctl writes
SARIF_SUBSET: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "type": "object",
    "required": ["version", "runs"],
    "properties": {
        "version": {"enum": ["2.1.0"]},
        "$schema": {"type": "string", "format": "uri"},
        "runs": {"type": "array", "minItems": 1, "items": {"$ref": "#/definitions/run"}},
    },
    "definitions": {
        "message": {"type": "object", "required": ["text"],
                    "properties": {"text": {"type": "string"},
                                   "markdown": {"type": "string"}}},
        "level": {"enum": ["none", "note", "warning", "error"]},
        "run": {
            "type": "object", "required": ["tool"],
            "properties": {
                "tool": {"type": "object", "required": ["driver"], "properties": {
                    "driver": {"type": "object", "required": ["name"], "properties": {
                        "name": {"type": "string"},
                        "version": {"type": "string"},
                        "informationUri": {"type": "string", "format": "uri"},
                        "rules": {"type": "array", "uniqueItems": True,
                                  "items": {"$ref": "#/definitions/reportingDescriptor"}},
                    }},
                }},
                "results": {"type": "array", "items": {"$ref": "#/definitions/result"}},
            },
        },
        "reportingDescriptor": {
            "type": "object", "required": ["id"], "additionalProperties": False,
            "properties": {
                "id": {"type": "string"},
                "name": {"type": "string"},
                "shortDescription": {"$ref": "#/definitions/message"},
                "fullDescription": {"$ref": "#/definitions/message"},
                "help": {"$ref": "#/definitions/message"},
                "defaultConfiguration": {"type": "object", "properties": {
                    "level": {"$ref": "#/definitions/level"}}},
                "properties": {"type": "object"},
            },
        },
        "result": {
            "type": "object", "required": ["message"], "additionalProperties": False,
            "properties": {
                "ruleId": {"type": "string"},
                "ruleIndex": {"type": "integer", "minimum": -1},
                "level": {"$ref": "#/definitions/level"},
                "message": {"$ref": "#/definitions/message"},
                "locations": {"type": "array", "items": {"$ref": "#/definitions/location"}},
                "partialFingerprints": {"type": "object",
                                        "additionalProperties": {"type": "string"}},
                "properties": {"type": "object"},
            },
        },
        "location": {"type": "object", "additionalProperties": False, "properties": {
            "physicalLocation": {
                "type": "object", "additionalProperties": False, "properties": {
                    "artifactLocation": {
                        "type": "object", "additionalProperties": False, "properties": {
                            "uri": {"type": "string", "format": "uri-reference"},
                            "uriBaseId": {"type": "string"},
                        }},
                    "region": {"type": "object", "additionalProperties": False,
                               "properties": {"startLine": {"type": "integer",
                                                            "minimum": 1},
                                              "startColumn": {"type": "integer",
                                                              "minimum": 1}}},
                }},
        }},
    },
}


def golden(name: str, actual: str) -> str:
    """The golden file's text; ABMCTL_UPDATE_GOLDEN=1 rewrites it from `actual`."""
    path = GOLDEN / name
    if os.environ.get("ABMCTL_UPDATE_GOLDEN"):
        path.write_text(actual, encoding="utf-8")
    return path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("fmt", "name"), [("text", "findings.txt"), ("json", "findings.json"),
                                           ("github", "findings.github.txt")])
def test_format_matches_its_golden_file(fmt: str, name: str) -> None:
    actual = render(FINDINGS, fmt, AS_OF, files_checked=20)
    assert actual == golden(name, actual)


def test_sarif_matches_its_golden_file() -> None:
    actual = render_sarif(sorted(FINDINGS, key=lambda f: (f.path or "", f.line or 0)),
                          CATALOGUE, version="0.1.0")
    assert actual == golden("findings.sarif", actual)


def test_the_findings_are_sorted_by_file_then_line_whatever_order_they_come_in() -> None:
    assert render(FINDINGS[::-1], "json", AS_OF) == render(FINDINGS, "json", AS_OF)


def test_colour_adds_styles_and_nothing_else() -> None:
    coloured = render(FINDINGS, "text", AS_OF, files_checked=20, color=True)
    assert "\x1b[" in coloured
    assert ANSI.sub("", coloured) == render(FINDINGS, "text", AS_OF, files_checked=20)


@pytest.mark.parametrize(
    ("severities", "files", "expected"),
    [
        ([], 20, "No problems in 20 files."),
        ([], 1, "No problems in 1 file."),
        ([], 0, "No problems."),
        (["error"], 1, "1 error, 0 warnings, 0 infos in 1 file."),
        (["error", "error", "warning", "info"], 3, "2 errors, 1 warning, 1 info in 3 files."),
        (["info", "info"], 2, "0 errors, 0 warnings, 2 infos in 2 files."),
    ],
)
def test_the_summary_counts_each_severity_in_plain_english(
    severities: list[str], files: int, expected: str
) -> None:
    findings = [Finding("ABM001", s, "m") for s in severities]  # type: ignore[arg-type]
    assert summary(findings, files) == expected


def test_json_counts_every_severity_even_at_zero() -> None:
    document = json.loads(render(FINDINGS[:1], "json", AS_OF))
    assert document["counts"] == {"error": 1, "warning": 0, "info": 0}
    assert document["findings"][0] == {
        "code": "ABM201", "severity": "error", "message": "northwind: tier 1 needs a named sdr",
        "path": "registry/accounts/emea.yaml", "line": 12, "column": 5, "account": "northwind",
        "fixable": False}


@pytest.mark.parametrize(
    ("text", "data", "prop"),
    [
        ("plain", "plain", "plain"),
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a: b, c", "a: b, c", "a%3A b%2C c"),
        ("%0A", "%250A", "%250A"),
    ],
)
def test_github_escapes_data_and_properties_as_the_toolkit_does(
    text: str, data: str, prop: str
) -> None:
    assert (workflow_message(text), workflow_property(text)) == (data, prop)


@pytest.mark.parametrize(
    ("finding", "expected"),
    [
        (Finding("ABM605", "info", "m", "a.yaml", 3),
         "::notice file=a.yaml,line=3,title=ABM605::m"),
        (Finding("ABM105", "warning", "m", "a,b.yaml"),
         "::warning file=a%2Cb.yaml,title=ABM105::m"),
        (Finding("ABM401", "warning", "m"), "::warning title=ABM401::m"),
    ],
)
def test_github_annotations_carry_file_and_line_when_known(
    finding: Finding, expected: str
) -> None:
    assert finding_annotation(finding) == expected


def test_no_findings_in_github_format_prints_nothing() -> None:
    assert render([], "github", AS_OF) == ""


def test_sarif_fits_the_sarif_schema_with_the_real_catalogue() -> None:
    rules = catalogue()
    log = json.loads(render(FINDINGS, "sarif", AS_OF))
    jsonschema.Draft7Validator(SARIF_SUBSET).validate(log)
    driver = log["runs"][0]["tool"]["driver"]
    assert [r["id"] for r in driver["rules"]] == sorted(rules)
    for result in log["runs"][0]["results"]:
        if result["ruleId"] in rules:
            assert driver["rules"][result["ruleIndex"]]["id"] == result["ruleId"]
        else:
            assert "ruleIndex" not in result


@pytest.mark.parametrize(
    ("severity", "level"), [("error", "error"), ("warning", "warning"), ("info", "note")]
)
def test_sarif_levels_follow_severity(severity: str, level: str) -> None:
    found = Finding("ABM201", severity, "m", "a.yaml", 1)  # type: ignore[arg-type]
    (result,) = json.loads(render_sarif([found], CATALOGUE, "0"))["runs"][0]["results"]
    assert result["level"] == level


def test_sarif_leaves_out_the_region_without_a_line_and_the_location_without_a_file() -> None:
    log = json.loads(render_sarif([FINDINGS[3], FINDINGS[5]], CATALOGUE, "0"))
    binary, registry_wide = log["runs"][0]["results"]
    assert binary["locations"] == [{"physicalLocation": {"artifactLocation": {
        "uri": "registry/accounts/x%20y.yaml", "uriBaseId": "%SRCROOT%"}}}]
    assert "locations" not in registry_wide


def test_sarif_fingerprints_survive_a_line_move_but_not_a_new_message() -> None:
    moved = Finding("ABM201", "error", FINDINGS[0].message, FINDINGS[0].path, 99, "northwind")
    changed = Finding("ABM201", "error", "other", FINDINGS[0].path, 12, "northwind")
    prints = [json.loads(render_sarif([f], CATALOGUE, "0"))["runs"][0]["results"][0]
              ["partialFingerprints"] for f in (FINDINGS[0], moved, changed)]
    assert prints[0] == prints[1] != prints[2]


def test_an_unknown_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown findings format 'xml'"):
        render(FINDINGS, "xml", AS_OF)
