"""`abmctl overlap` end to end: the real command line in a subprocess."""

from __future__ import annotations

import json
from pathlib import Path

from abmctl.catalogue import catalogue
from tests.catalogue.overlap_builders import account, make_registry, play
from tests.support.cli import invoke, run
from tests.support.registry import REPO, write

ACTIVITY = """\
occurred_at,account,type,contact,detail,score,sentiment,source
2026-11-02T09:00:00Z,northwind.com,marketing_touch,,email: brief,,,marketo
2026-11-05T15:00:00Z,ana.lima@northwind.com,sales_touch,ana.lima,intro call,,,salesforce
2026-11-06T09:00:00Z,unknown.example,sales_touch,,,,,salesforce
"""


def _registry(root: Path, with_activity: bool) -> None:
    make_registry(root, [account("northwind")], [
        play("q4-exec", "abm", "2026-10-15", "2026-12-15", ["northwind"]),
        play("emea-roadshow", "emea-field", "2026-11-09", "2026-12-04", ["northwind"]),
    ])
    if with_activity:
        write(root, "registry/signals/activity.csv", ACTIVITY)


def test_overlap_reports_conflicts_as_json_and_fails_on_an_error(tmp_path: Path) -> None:
    _registry(tmp_path, with_activity=True)
    result = run("overlap", "--root", str(tmp_path), "--as-of", "2026-11-23",
                 "--format", "json")
    assert result.returncode == 1, result.stderr
    document = json.loads(result.stdout)
    assert [(c["code"], c["account"]) for c in document["conflicts"]] == [
        ("ABM603", "northwind"), ("ABM601", "northwind"), ("ABM602", "northwind"),
    ]
    assert document["conflicts"][0]["path"] == "registry/signals/activity.csv"
    assert document["conflicts"][0]["line"] == 3
    assert document["notes"] == ["1 activity row(s) matched no list account"]


def test_overlap_without_activity_says_so_and_runs_the_play_rules(tmp_path: Path) -> None:
    _registry(tmp_path, with_activity=False)
    args = ("overlap", "--root", str(tmp_path), "--as-of", "2026-11-23")
    result = invoke(*args)
    assert result.returncode == 0, result.stderr  # warnings only; --fail-on error
    assert result.stdout.splitlines()[1].startswith("note: no activity files")
    assert "ABM601" in result.stdout and "ABM602" in result.stdout
    assert invoke(*args, "--fail-on", "warning").returncode == 1


def test_an_empty_signals_folder_counts_as_no_activity(tmp_path: Path) -> None:
    _registry(tmp_path, with_activity=False)
    (tmp_path / "registry" / "signals").mkdir()
    result = invoke("overlap", "--root", str(tmp_path), "--as-of", "2026-11-23",
                    "--format", "json")
    assert json.loads(result.stdout)["notes"][0] == (
        "no activity files (give --signals or add registry/signals/): ran ABM601 and ABM602 "
        "only; ABM603-ABM606 need touches and signals")


def test_overlap_markdown_is_the_review_agenda(tmp_path: Path) -> None:
    _registry(tmp_path, with_activity=True)
    result = invoke("overlap", "--root", str(tmp_path), "--as-of", "2026-11-23",
                    "--format", "markdown")
    assert result.stdout.startswith("# Overlap review, as of 2026-11-23\n")
    assert "## northwind\n" in result.stdout
    assert result.stdout.count("- [ ] **ABM6") == 3


def test_overlap_refuses_bad_options_but_runs_on_what_loads(tmp_path: Path) -> None:
    _registry(tmp_path, with_activity=False)
    bad_format = invoke("overlap", "--root", str(tmp_path), "--format", "yaml")
    assert bad_format.returncode == 2
    assert bad_format.stderr.strip() == (
        "abmctl: error: --format: 'yaml' is not one of text, json, markdown, github, csv"
    )
    bad_level = invoke("overlap", "--root", str(tmp_path), "--fail-on", "fatal")
    assert bad_level.returncode == 2
    clean = invoke("overlap", "--root", str(tmp_path), "--as-of", "2026-11-23")
    write(tmp_path, "registry/plays/broken.yaml", play("broken", "nobody", "2026-11-01",
                                                       "2026-11-02", ["northwind"]))
    broken = invoke("overlap", "--root", str(tmp_path), "--as-of", "2026-11-23")
    assert (broken.returncode, broken.stdout) == (clean.returncode, clean.stdout)
    assert "registry/plays/broken.yaml:3: ABM003 broken: unknown team 'nobody'" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_the_example_registry_shows_every_kind_of_conflict() -> None:
    result = invoke("overlap", "--root", str(REPO), "--as-of", "2026-11-23",
                    "--format", "json")
    assert result.returncode == 1, result.stderr
    codes = {c["code"] for c in json.loads(result.stdout)["conflicts"]}
    assert codes == set(catalogue(["overlap"]))  # every overlap rule of the catalogue
