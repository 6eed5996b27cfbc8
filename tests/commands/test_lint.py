"""`abmctl lint`: findings with file and line, exit codes (SPEC §3.2), formats, selection,
PATHS. Every test runs the real command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.commands.lint_builders import ACCOUNT, AS_OF, BAD_TIER, lint_json, make_registry
from tests.support.cli import invoke, run
from tests.support.registry import write


def test_lint_end_to_end_names_file_line_code_and_exits_1(tmp_path: Path) -> None:
    make_registry(tmp_path, {"emea.yaml": BAD_TIER})
    done = run("lint", "--as-of", AS_OF, "--select", "ABM0", cwd=tmp_path)
    assert done.returncode == 1
    lines = done.stdout.splitlines()
    assert lines[0] == "registry/accounts/emea.yaml"
    assert lines[1].startswith("  5:5  error  ABM002  account 1 (id: contoso): tier: ")
    assert lines[-1] == "1 error, 0 warnings, 0 infos in 2 files."
    assert done.stderr == ""


def test_a_clean_registry_says_no_problems_and_exits_0(tmp_path: Path) -> None:
    make_registry(tmp_path, {"emea.yaml": ACCOUNT})
    done = invoke("lint", "--as-of", AS_OF, "--select", "ABM0", cwd=tmp_path)
    assert (done.returncode, done.stdout) == (0, "No problems in 2 files.\n")


@pytest.mark.parametrize(
    ("severity", "fail_on", "exit_code"),
    [
        ("error", "error", 1),
        ("warning", "error", 0),
        ("warning", "warning", 1),
        ("info", "warning", 0),
        ("info", "info", 1),
    ],
)
def test_fail_on_sets_the_lowest_severity_that_fails_the_run(
    tmp_path: Path, severity: str, fail_on: str, exit_code: int
) -> None:
    make_registry(tmp_path, {"emea.yaml": BAD_TIER})
    write(tmp_path, "rules/lint.yaml", f"severity: {{ABM002: {severity}}}\n")
    code, found = lint_json(tmp_path, "--select", "ABM0", "--fail-on", fail_on)
    assert (code, found) == (exit_code, [("ABM002", "registry/accounts/emea.yaml", 5)])


@pytest.mark.parametrize(
    ("options", "codes"),
    [
        ([], ["ABM001", "ABM002"]),
        (["--select", "ABM001"], ["ABM001"]),
        (["--select", "abm002"], ["ABM002"]),
        (["--select", "ABM001,ABM002"], ["ABM001", "ABM002"]),
        (["--select", "ABM001", "--select", "ABM002"], ["ABM001", "ABM002"]),
        (["--select", "ABM00"], ["ABM001", "ABM002"]),
        (["--select", "ABM00", "--ignore", "ABM001"], ["ABM002"]),
        (["--ignore", "ABM001,ABM002"], []),
    ],
)
def test_select_and_ignore_take_codes_lists_and_prefixes(
    tmp_path: Path, options: list[str], codes: list[str]
) -> None:
    make_registry(tmp_path, {"a.yaml": "accounts: [\n", "b.yaml": BAD_TIER})
    _, found = lint_json(tmp_path, *options, "registry/accounts")
    assert sorted(code for code, _, _ in found) == codes


def test_lint_yaml_ignore_switches_a_rule_off(tmp_path: Path) -> None:
    make_registry(tmp_path, {"emea.yaml": BAD_TIER})
    write(tmp_path, "rules/lint.yaml", "ignore: [ABM002]\n")
    assert lint_json(tmp_path, "--select", "ABM0") == (0, [])


@pytest.mark.parametrize("option", ["--select", "--ignore"])
def test_a_code_that_names_no_rule_is_a_usage_error(tmp_path: Path, option: str) -> None:
    make_registry(tmp_path)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, option, "ABM0O2")
    assert done.returncode == 2
    assert done.stderr.startswith(f"abmctl: error: {option}: no rule code starts with 'ABM0O2'")
    assert "ABM002" in done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize(("given", "said"), [
    ("ABM606", "--select: lint does not check ABM606; `abmctl overlap` does"),
    ("abm209", "--select: lint does not check ABM209; `abmctl tiers diff` does"),
    ("ABM6", "--select: lint checks no rule starting with 'ABM6'; `abmctl overlap` checks"),
    ("ABM2,ABM208", "--select: lint does not check ABM208; `abmctl tiers diff` does"),
])
def test_selecting_only_rules_another_command_checks_names_it(
        tmp_path: Path, given: str, said: str) -> None:
    make_registry(tmp_path)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--select", given)
    assert done.returncode == 2
    assert done.stderr.startswith(f"abmctl: error: {said}"), done.stderr
    assert done.stdout == ""


@pytest.mark.parametrize("options", [["--select", "ABM20"], ["--ignore", "ABM6,ABM208"]])
def test_a_prefix_holding_a_rule_lint_checks_or_an_ignore_is_taken(
        tmp_path: Path, options: list[str]) -> None:
    make_registry(tmp_path)
    assert invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, *options).returncode == 0


def test_paths_narrow_the_findings_to_those_files(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": "accounts: [\n", "b.yaml": BAD_TIER})
    assert lint_json(tmp_path, "--select", "ABM0", "registry/accounts/b.yaml") == (
        1, [("ABM002", "registry/accounts/b.yaml", 5)])


def test_paths_may_be_relative_to_the_current_folder(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": "accounts: [\n", "b.yaml": ACCOUNT})
    done = invoke("lint", "--as-of", AS_OF, "--select", "ABM0", "b.yaml",
                  cwd=tmp_path / "registry" / "accounts")
    assert (done.returncode, done.stdout) == (0, "No problems in 1 file.\n")


def test_a_folder_path_covers_the_files_inside_it(tmp_path: Path) -> None:
    make_registry(tmp_path, {"a.yaml": "accounts: [\n"})
    write(tmp_path, "rules/tiers.yaml", "review: [\n")
    code, found = lint_json(tmp_path, "rules")
    assert (code, found) == (1, [("ABM001", "rules/tiers.yaml", 1)])


@pytest.mark.parametrize(
    ("path", "message"),
    [("registry/nothing.yaml", "no such file or folder"), ("..", "not inside the registry root")],
)
def test_a_path_outside_the_registry_or_missing_is_a_usage_error(
    tmp_path: Path, path: str, message: str
) -> None:
    make_registry(tmp_path / "repo")
    done = invoke("lint", "--as-of", AS_OF, path, cwd=tmp_path / "repo")
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_json_output_is_the_stable_document(tmp_path: Path) -> None:
    make_registry(tmp_path, {"emea.yaml": BAD_TIER})
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--format", "json",
                  "--select", "ABM0")
    document = json.loads(done.stdout)
    assert list(document) == ["version", "as_of", "findings", "counts"]
    assert (document["version"], document["as_of"]) == (1, AS_OF)
    (item,) = document["findings"]
    assert list(item) == ["code", "severity", "message", "path", "line", "column", "account",
                          "fixable"]
    assert (item["code"], item["line"], item["column"], item["account"]) == (
        "ABM002", 5, 5, "contoso")
    assert document["counts"] == {"error": 1, "warning": 0, "info": 0}


def test_github_format_prints_one_annotation_per_finding(tmp_path: Path) -> None:
    make_registry(tmp_path, {"emea.yaml": BAD_TIER})
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--format", "github",
                  "--select", "ABM0")
    (line,) = done.stdout.splitlines()
    assert line.startswith("::error file=registry/accounts/emea.yaml,line=5,col=5,title=ABM002::")
    assert done.returncode == 1


def test_sarif_format_points_at_the_file_and_line(tmp_path: Path) -> None:
    make_registry(tmp_path, {"emea.yaml": BAD_TIER})
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--format", "sarif",
                  "--select", "ABM0")
    run_ = json.loads(done.stdout)["runs"][0]
    (result,) = run_["results"]
    location = result["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": "registry/accounts/emea.yaml", "uriBaseId": "%SRCROOT%"},
        "region": {"startLine": 5, "startColumn": 5},
    }
    assert run_["tool"]["driver"]["rules"][result["ruleIndex"]]["id"] == "ABM002"


@pytest.mark.parametrize(
    ("env", "coloured"),
    [({}, False), ({"FORCE_COLOR": "1"}, True), ({"FORCE_COLOR": "1", "NO_COLOR": "1"}, False)],
)
def test_text_is_coloured_only_for_a_terminal_or_when_forced(
    tmp_path: Path, env: dict[str, str], coloured: bool
) -> None:
    make_registry(tmp_path, {"emea.yaml": BAD_TIER})
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--select", "ABM0", env=env)
    assert ("\x1b[" in done.stdout) is coloured


def test_lint_without_a_registry_exits_2_with_one_line(tmp_path: Path) -> None:
    done = invoke("lint", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 2
    assert done.stderr.startswith("abmctl: error: no registry/ folder in")
    assert len(done.stderr.splitlines()) == 1
    assert done.stdout == ""


@pytest.mark.parametrize(("strict", "exit_code"), [([], 0), (["--strict"], 2)])
def test_a_skipped_activity_row_is_reported_and_strict_makes_it_fatal(
    tmp_path: Path, strict: list[str], exit_code: int
) -> None:
    make_registry(tmp_path, {"emea.yaml": ACCOUNT})
    write(tmp_path, "exports/activity.csv", """
        occurred_at,account,type
        2026-11-02,northwind.com,web_visit
        2026-11-03,northwind.com,carrier_pigeon
    """)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--select", "ABM0",
                  "--signals", str(tmp_path / "exports"), *strict)
    assert done.returncode == exit_code
    assert "exports/activity.csv:3" in done.stderr
    assert "Traceback" not in done.stderr


EXPIRED_SUPPRESSION = """
accounts:
  - id: northwind  # abmctl: ignore[ABM105] until=2026-09-30 reason="merger review"
    name: Northwind Traders
    domains: [northwind.com]
    tier: 3
    sources: [marketing, sales]
    reviewed: 2025-01-01
"""


@pytest.mark.parametrize("options", [
    [], ["--select", "ABM004"], ["--ignore", "ABM105"], ["--select", "ABM0", "--ignore", "ABM1"],
])
def test_lint_reports_an_expired_suppression_however_the_rules_are_chosen(
    tmp_path: Path, options: list[str]
) -> None:
    make_registry(tmp_path, {"emea.yaml": EXPIRED_SUPPRESSION})
    code, found = lint_json(tmp_path, "--fail-on", "warning", *options)
    assert code == 1
    assert ("ABM004", "registry/accounts/emea.yaml", 2) in found
    assert ("ABM105" in [c for c, _, _ in found]) == (options == [])
