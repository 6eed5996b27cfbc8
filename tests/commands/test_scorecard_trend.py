"""`abmctl scorecard --trend`: each period's values are the scorecard's own for that period,
the activity read once; the options combine one way, and a bad combination is exit 2."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from tests.support.cli import invoke, run
from tests.support.registry import REPO, write

AS_OF = "2026-11-23"
MONTHS = ("2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11")
QUARTERS = ("2026Q1", "2026Q2", "2026Q3", "2026Q4")


TEAMS = """\
territories: [emea, na-east, apac]
teams:
  - {id: abm, kind: abm}
  - {id: sales, kind: sales}
  - {id: sdr, kind: sdr}
people:
  - {id: ana.lima, name: Ana Lima, team: sales, role: ae, territories: [emea, apac]}
  - {id: tom.king, name: Tom King, team: sales, role: ae, territories: [na-east, apac]}
  - {id: raj.patel, name: Raj Patel, team: sdr, role: sdr, territories: [emea, na-east, apac]}
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea, na-east, apac]}
"""
SLOW = pytest.mark.slow  # the 4,000-account registry takes seconds per run
TOUCHES = ("marketing_touch", "sales_touch", "web_visit", "meeting_booked")


def generate(root: Path, accounts: int = 90, rows: int = 1500, seed: int = 15) -> None:
    """A registry of `accounts` accounts over three territories, two AEs (some accounts with
    none) and three tiers, and `rows` touches drawn at random over the six months to the as-of
    day (seeded: the same files every run)."""
    rng = random.Random(seed)
    lines = ["accounts:"]
    for n in range(accounts):
        tier = 1 + n % 3
        region = ("emea", "na-east", "apac")[n // 3 % 3]
        owner = ("ana.lima", "tom.king", None)[n % 5 % 3]
        owners = f", owners: {{ae: {owner}, abm: mei.chen}}" if owner else ""
        stage = "closed_lost" if n % 17 == 0 else "awareness"
        lines.append(f"  - {{id: acct-{n:03d}, name: Account {n:03d}, domains: [a{n:03d}.com], "
                     f"tier: {tier}, region: {region}{owners}, stage: {stage}, "
                     f"stage_since: 2026-05-01}}")
    write(root, "registry/teams.yaml", TEAMS)
    write(root, "registry/accounts/all.yaml", "\n".join(lines) + "\n")
    first = datetime(2026, 6, 1, tzinfo=UTC)
    span = int((datetime(2026, 11, 24, tzinfo=UTC) - first).total_seconds())
    activity = ["occurred_at,account,type,contact,detail,score,sentiment,source"]
    for _ in range(rows):
        moment = first + timedelta(seconds=rng.randrange(span))
        kind = rng.choice(TOUCHES)
        activity.append(f"{moment:%Y-%m-%dT%H:%M:%SZ},a{rng.randrange(accounts):03d}.com,{kind},"
                        f"c{rng.randrange(4)}@x.com,,,,crm")
    write(root, "registry/signals/activity.csv", "\n".join(activity) + "\n")


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    root = tmp_path_factory.mktemp("generated")
    generate(root)
    yield root


@pytest.fixture(scope="module")
def benchmark(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A registry written by benchmarks/generate.py: 4,000 accounts (20 in Tier 1) over four
    territories and 20,000 activity rows over the 120 days before 2026-11-23."""
    root = tmp_path_factory.mktemp("benchmark")
    subprocess.run([sys.executable, str(REPO / "benchmarks" / "generate.py"), "--accounts",
                    "4000", "--files", "4", "--activity", "20000", "--out", str(root)],
                   check=True, capture_output=True)
    yield root


def scorecard(root: Path, *args: str) -> dict[str, Any]:
    done = invoke("scorecard", "--root", str(root), "--as-of", AS_OF, "--format", "json", *args)
    assert done.returncode == 0, done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def rows(document: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = document["metrics"]
    return found


@pytest.mark.parametrize("root", ["generated", pytest.param("benchmark", marks=SLOW),
                                  "example"])
def test_six_months_of_trend_are_six_separate_monthly_scorecards(
    root: str, request: pytest.FixtureRequest,
) -> None:
    where = REPO if root == "example" else request.getfixturevalue(root)
    trend = scorecard(where, "--trend", "--periods", "6")
    assert [p["label"] for p in trend["periods"]] == list(MONTHS)
    whole = {row["id"]: row for row in rows(trend) if row["group"] is None}
    assert list(whole) == ["tier1_engagement_rate", "joint_coverage", "handoff_follow_up_rate",
                           "penetration_rate", "agreement_cadence_compliance"]
    engaged = []
    for n, label in enumerate(MONTHS):
        card = {m["id"]: m for m in rows(scorecard(where, "--month", label))}
        for metric_id, row in whole.items():
            point, alone = row["values"][n], card[metric_id]
            assert point["period"] == label
            for key in ("value", "numerator", "denominator", "status"):
                assert point[key] == alone[key], (label, metric_id, key)
        engaged.append(card["tier1_engagement_rate"]["value"])
    if root == "generated":  # touches in every month: a trend that moves
        assert len(set(engaged)) > 2
    assert whole["tier1_engagement_rate"]["status"] == \
        whole["tier1_engagement_rate"]["values"][-1]["status"]


def test_quarters_are_separate_quarterly_scorecards(generated: Path) -> None:
    trend = scorecard(generated, "--trend", "--periods", "4", "--by", "quarter")
    for n, label in enumerate(QUARTERS):
        card = {m["id"]: m for m in rows(scorecard(generated, "--quarter", label))}
        for row in rows(trend):
            point = row["values"][n]
            assert (point["period"], point["value"], point["numerator"]) == \
                (label, card[row["id"]]["value"], card[row["id"]]["numerator"])


@pytest.mark.parametrize("by", ["territory", "tier", "owner"])
@pytest.mark.parametrize("root", ["generated", pytest.param("benchmark", marks=SLOW)])
def test_a_breakdown_splits_each_account_metric_into_groups_that_add_up(
    root: str, by: str, request: pytest.FixtureRequest,
) -> None:
    trend = scorecard(request.getfixturevalue(root), "--trend", "--by", by)
    assert trend["by"] == by
    whole = {r["id"]: r for r in rows(trend) if r["group"] is None}
    for metric_id, total in whole.items():
        groups = [r for r in rows(trend) if r["id"] == metric_id and r["group"] is not None]
        if metric_id == "agreement_cadence_compliance":  # an agreement is no account's
            assert groups == []
            continue
        assert len(groups) >= 2
        for n in range(6):
            for key in ("numerator", "denominator"):
                assert sum(g["values"][n][key] for g in groups) == \
                    total["values"][n][key]


def test_the_tier_breakdown_is_tier_1_what_the_tier1_metric_counts(generated: Path) -> None:
    trend = scorecard(generated, "--trend", "--by", "tier")
    tier1 = next(r for r in rows(trend)
                 if r["id"] == "tier1_engagement_rate" and r["group"] is None)
    groups = {r["group"]: r for r in rows(trend) if r["id"] == "tier1_engagement_rate"
              and r["group"] is not None}
    assert list(groups) == ["1", "2", "3"]
    assert groups["1"]["values"] == tier1["values"]
    assert all(v["denominator"] == 0 and v["status"] == "n/a" for v in groups["2"]["values"])


def test_the_month_given_ends_the_trend(generated: Path) -> None:
    trend = scorecard(generated, "--trend", "--periods", "3", "--month", "2026-09")
    assert [p["label"] for p in trend["periods"]] == ["2026-07", "2026-08", "2026-09"]
    assert trend["unit"] == "month"
    by_quarter = scorecard(generated, "--trend", "--periods", "2", "--quarter", "2026Q3")
    assert [p["label"] for p in by_quarter["periods"]] == ["2026Q2", "2026Q3"]
    assert by_quarter["unit"] == "quarter"


@pytest.mark.parametrize(("width", "labels"), [
    ("100", list(MONTHS)), ("80", ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]),
])
def test_text_has_a_column_per_period_a_sparkline_and_the_latest_status(
    generated: Path, width: str, labels: list[str],
) -> None:
    done = invoke("scorecard", "--root", str(generated), "--as-of", AS_OF, "--trend", "--by",
                  "territory", env={"COLUMNS": width})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert lines[0] == ("Scorecard trend: 6 months, 2026-06 to 2026-11 (as of 2026-11-23), "
                        "by territory")
    header = next(line for line in lines if line.startswith("Metric"))
    assert header.split() == ["Metric", *labels, "Trend", "Latest"]
    tier1 = next(line for line in lines if line.startswith("Tier 1 engagement rate"))
    assert tier1.split()[4:10] == ["18%", "39%", "36%", "21%", "43%", "18%"]
    assert tier1.split()[-2:] == ["▂▄▃▂▄▂", "red"]
    assert max(len(line) for line in lines) <= int(width)


def test_the_sparkline_is_ascii_when_the_terminal_is_not_utf8(generated: Path) -> None:
    done = run("scorecard", "--root", str(generated), "--as-of", AS_OF, "--trend",
               env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    tier1 = next(line for line in done.stdout.splitlines()
                 if line.startswith("Tier 1 engagement rate"))
    assert tier1.split()[-2:] == [".~-.~.", "red"]


def test_breakdown_rows_sit_under_their_metric_in_markdown(generated: Path) -> None:
    done = invoke("scorecard", "--root", str(generated), "--as-of", AS_OF, "--trend", "--by",
                  "territory", "--format", "markdown")
    assert done.returncode == 0, done.stderr
    table = [line for line in done.stdout.splitlines() if line.startswith("| ")]
    assert table[0] == "| Metric | " + " | ".join(MONTHS) + " | Trend | Latest |"
    names = [line.split(" | ")[0] for line in table[1:]]
    assert names[:5] == ["| Tier 1 engagement rate", "| ↳ apac", "| ↳ emea", "| ↳ na-east",
                         "| Joint account coverage"]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--periods", "3"), "--periods and --by go with --trend"),
        (("--by", "tier"), "--periods and --by go with --trend"),
        (("--trend", "--periods", "0"), "--periods: 0 is not between 1 and 36"),
        (("--trend", "--periods", "37"), "--periods: 37 is not between 1 and 36"),
        (("--trend", "--by", "week"),
         "--by: 'week' is not one of month, quarter, territory, tier, owner"),
        (("--trend", "--by", "month", "--by", "quarter"),
         "--by: one period, month or quarter, not both"),
        (("--trend", "--by", "tier", "--by", "owner"),
         "--by: one breakdown at a time, not tier and owner (territory, tier or owner)"),
        (("--trend", "--by", "quarter", "--month", "2026-11"),
         "--by quarter does not go with --month: --month names the trend's last period, a month"),
        (("--trend", "--by", "month", "--quarter", "2026Q4"),
         "--by month does not go with --quarter: --quarter names the trend's last period, "
         "a quarter"),
    ],
    ids=["periods-alone", "by-alone", "zero", "too-many", "week", "two-units",
         "two-breakdowns", "quarter-month", "month-quarter"],
)
def test_a_bad_combination_is_one_line_and_exit_2(args: tuple[str, ...], message: str) -> None:
    done = invoke("scorecard", "--root", str(REPO), "--as-of", AS_OF, *args)
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == f"abmctl: error: {message}\n"


def test_repeating_the_same_word_is_not_a_second_choice() -> None:
    done = invoke("scorecard", "--root", str(REPO), "--as-of", AS_OF, "--trend", "--by", "tier",
                  "--by", " TIER ", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["by"] == "tier"


def test_the_trend_takes_every_format_the_scorecard_offers() -> None:
    from abmctl.output.formats import names

    assert names("trend") == names("scorecard")
    for fmt in names("trend"):
        done = invoke("scorecard", "--root", str(REPO), "--as-of", AS_OF, "--trend", "--format",
                      f" {fmt.upper()} ")
        assert done.returncode == 0, done.stderr
        assert done.stdout


def test_the_scorecards_bars_are_ascii_too_when_the_terminal_is_not_utf8() -> None:
    done = run("scorecard", "--root", str(REPO), "--as-of", AS_OF,
               env={"PYTHONIOENCODING": "ascii"})
    assert done.returncode == 0, done.stderr
    tier1 = next(line for line in done.stdout.splitlines()
                 if line.startswith("Tier 1 engagement rate"))
    assert tier1.split()[4:6] == ["63%", "############........"]
    assert "?" not in done.stdout


def test_quiet_leaves_out_the_trends_notes() -> None:
    loud = invoke("scorecard", "--root", str(REPO), "--as-of", AS_OF, "--trend")
    quiet = invoke("scorecard", "--root", str(REPO), "--as-of", AS_OF, "--trend", "--quiet")
    assert any(line.startswith("note: ") for line in loud.stdout.splitlines())
    assert not any(line.startswith("note: ") for line in quiet.stdout.splitlines())
    assert quiet.stdout.splitlines()[0] == loud.stdout.splitlines()[0]


def test_the_activity_is_read_once_for_every_period(generated: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    from abmctl.load import activity_reader

    calls: list[object] = []
    real = activity_reader.read_sources

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(args)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(activity_reader, "read_sources", counted)
    trend = scorecard(generated, "--trend", "--periods", "12", "--by", "owner")
    assert len(trend["periods"]) == 12
    assert len(calls) == 1


@pytest.mark.parametrize(("args", "labels"), [
    ((), ["Jun", "Jul", "Aug", "Sep", "Oct", "Nov"]),
    (("--by", "quarter", "--periods", "5"), ["25Q4", "26Q1", "26Q2", "26Q3", "26Q4"]),
    (("--periods", "13"), ["11/25", "12/25", "01/26", "02/26", "03/26", "04/26", "05/26",
                           "06/26", "07/26", "08/26", "09/26", "10/26", "11/26"]),
])
def test_a_narrow_terminal_keeps_every_column(generated: Path, args: tuple[str, ...],
                                              labels: list[str]) -> None:
    done = invoke("scorecard", "--root", str(generated), "--as-of", AS_OF, "--trend", *args,
                  env={"COLUMNS": "40"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    header = next(line for line in lines if line.startswith("Metric"))
    assert header.split() == ["Metric", *labels, "Trend", "Latest"]
    statuses = [line.split()[-1] for line in lines if line.startswith(("Tier 1", "Joint"))]
    assert len(statuses) == 2 and set(statuses) <= {"green", "yellow", "red", "n/a"}


def test_tier_groups_read_as_tiers_in_text_and_stay_numbers_in_json(generated: Path) -> None:
    done = invoke("scorecard", "--root", str(generated), "--as-of", AS_OF, "--trend", "--by",
                  "tier", "-q")
    lines = done.stdout.splitlines()
    start = next(n for n, line in enumerate(lines) if line.startswith("Tier 1 engagement"))
    assert [line.split("  ")[1] for line in lines[start + 1:start + 4]] == [
        "Tier 1", "Tier 2", "Tier 3"]
    groups = [r["group"] for r in rows(scorecard(generated, "--trend", "--by", "tier"))]
    assert groups[:4] == [None, "1", "2", "3"]


def test_the_scorecards_period_bound_is_the_engines() -> None:
    from abmctl.commands import scorecard
    from abmctl.engine import windows

    assert scorecard.MAX_PERIODS == windows.MAX_PERIODS
