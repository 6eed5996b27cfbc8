"""`abmctl scorecard` end to end: the real command line in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.scorecard.builders import account, agreement, make_registry
from tests.support.cli import invoke, run
from tests.support.registry import REPO, write

ACTIVITY = """\
occurred_at,account,type,contact,detail,score,sentiment,source
2026-11-02T09:00:00Z,a.com,marketing_touch,,email,,,marketo
2026-11-03T09:00:00Z,a.com,sales_touch,,call,,,salesforce
2026-11-03T09:00:00Z,b.com,marketing_touch,,email,,,marketo
2026-12-31T23:59:00Z,b.com,sales_touch,,call,,,salesforce
2027-01-01T00:00:00Z,c.com,marketing_touch,,email,,,marketo
"""


def _registry(root: Path) -> None:
    make_registry(root, [account("a"), account("b"), account("c")],
                  {"sales": agreement("sales", "weekly", "2026-12-28")})
    write(root, "registry/signals/activity.csv", ACTIVITY)


def test_scorecard_json_has_every_metric_with_status_and_pullers(tmp_path: Path) -> None:
    _registry(tmp_path)
    result = run("scorecard", "--root", str(tmp_path), "--as-of", "2027-01-05",
                 "--quarter", "2026Q4", "--format", "json")
    assert result.returncode == 0, result.stderr
    document = json.loads(result.stdout)
    assert document["version"] == 1
    assert document["period"] == {"start": "2026-10-01", "end": "2026-12-31",
                                  "label": "2026Q4"}
    metrics = {m["id"]: m for m in document["metrics"]}
    assert list(metrics) == ["tier1_engagement_rate", "joint_coverage",
                             "handoff_follow_up_rate", "penetration_rate",
                             "agreement_cadence_compliance"]
    tier1 = metrics["tier1_engagement_rate"]
    assert (tier1["numerator"], tier1["denominator"], tier1["value"]) == (2, 3, 0.6667)
    assert (tier1["target"], tier1["red_below"], tier1["status"]) == (0.8, 0.5, "yellow")
    assert tier1["pulling_down"] == [
        {"account": "c", "reason": "no marketing or sales touch in the period",
         "missing": ["marketing", "sales"]},
    ]
    assert metrics["handoff_follow_up_rate"]["status"] == "n/a"
    assert metrics["penetration_rate"]["target"] is None
    assert metrics["agreement_cadence_compliance"]["status"] == "green"
    assert document["health"]["status"] == "yellow"


def test_scorecard_text_leads_with_alignment_health(tmp_path: Path) -> None:
    _registry(tmp_path)
    result = invoke("scorecard", "--root", str(tmp_path), "--as-of", "2026-11-23")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "Scorecard 2026Q4 (2026-10-01 to 2026-12-31, counted to 2026-11-23)"
    assert lines[1].startswith("Alignment health: RED (broken: ")
    assert any(line.startswith("Tier 1 engagement rate") and "33%" in line for line in lines)


def test_scorecard_month_in_markdown(tmp_path: Path) -> None:
    _registry(tmp_path)
    result = invoke("scorecard", "--root", str(tmp_path), "--as-of", "2026-12-15",
                    "--month", "2026-11", "--format", "markdown")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Scorecard 2026-11 (2026-11-01 to 2026-11-30)\n")
    assert "| Tier 1 engagement rate | 33% | 80% | 50% | 1 / 3 | 🔴 red |" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--quarter", "2026Q5"), "--quarter: '2026Q5' is not a quarter; use YYYYQn, e.g. 2026Q4"),
        (("--month", "2026-13"), "--month: '2026-13' is not a month; use YYYY-MM, e.g. 2026-11"),
        (("--quarter", "2026Q4", "--month", "2026-11"), "give --quarter or --month, not both"),
        (("--format", "sarif"), "--format: 'sarif' is not one of text, json, markdown, csv"),
        (("--month", "0001-01"), "--month: '0001-01' is outside the years 1900-2999"),
        (("--month", "1899-12"), "--month: '1899-12' is outside the years 1900-2999"),
        (("--quarter", "9999Q4"), "--quarter: '9999Q4' is outside the years 1900-2999"),
        (("--quarter", "3000Q1"), "--quarter: '3000Q1' is outside the years 1900-2999"),
    ],
    ids=["quarter-5", "month-13", "both", "unknown-format", "month-year-1", "month-1899",
         "quarter-9999", "quarter-3000"],
)
def test_scorecard_refuses_bad_periods_with_exit_2(
    tmp_path: Path, args: tuple[str, ...], message: str
) -> None:
    _registry(tmp_path)
    result = invoke("scorecard", "--root", str(tmp_path), "--as-of", "2026-11-23", *args)
    assert result.returncode == 2
    assert result.stderr.strip() == f"abmctl: error: {message}"


@pytest.mark.parametrize("args", [("--month", "1900-01"), ("--quarter", "2999Q4")])
def test_the_first_and_last_years_periods_are_read(tmp_path: Path, args: tuple[str, ...]) -> None:
    _registry(tmp_path)
    result = invoke("scorecard", "--root", str(tmp_path), "--as-of", "2026-11-23", *args)
    assert result.returncode == 0, result.stderr


def test_the_example_registry_shows_every_colour() -> None:
    result = invoke("scorecard", "--root", str(REPO), "--as-of", "2026-11-23",
                    "--format", "json")
    assert result.returncode == 0, result.stderr
    statuses = {m["id"]: m["status"] for m in json.loads(result.stdout)["metrics"]}
    assert {"green", "yellow", "red", "n/a"} <= set(statuses.values())
    assert statuses["penetration_rate"] == "n/a"
