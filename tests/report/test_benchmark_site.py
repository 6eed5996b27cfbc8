"""The report of the 10,000-account benchmark registry with its four quarterly reviews in git
(benchmarks/generate.py, benchmarks/scenarios.py history): a page per account, the index
under 2 MB, and its numbers those of the commands. Slow: it builds the whole site (its time is
a benchmark's, benchmarks/README.md, not a test's)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.report.site_pages import command_json, rows
from tests.support.cli import run
from tests.support.registry import REPO

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def history(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("bench")
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "--accounts", "10000",
                    "--files", "20", "--activity", "100000", "--out", str(work / "reg")],
                   check=True, capture_output=True)
    subprocess.run([sys.executable, str(REPO / "benchmarks/scenarios.py"), "history",
                    str(work / "reg"), str(work / "history")], check=True, capture_output=True)
    return work / "history"


def test_ten_thousand_account_pages_and_a_light_index(history: Path, tmp_path: Path) -> None:
    done = run("report", "--html", str(tmp_path / "site"), "--as-of", "2026-11-23", "-q",
               cwd=history, timeout=600)
    assert done.returncode == 0, done.stderr
    site = tmp_path / "site"
    assert len(list((site / "accounts").glob("*.html"))) == 10_001  # and the accounts' index
    heavy = {str(p.relative_to(site)): p.stat().st_size for p in site.rglob("*.html")
             if p.stat().st_size >= 2_000_000}
    assert heavy == {}  # every page, the accounts' index of 10,000 rows too
    periods = command_json("tiers", "history", root=history)["periods"]
    table = rows(site / "tiers.html")
    assert [table[p["period"]][1:5] for p in periods] == [
        [str(p[k]) for k in ("promoted", "demoted", "added", "removed")] for p in periods]
    assert sum(int(c) for p in periods for c in table[p["period"]][1:5]) > 100
