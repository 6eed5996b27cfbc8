"""The options every report shares: `--output FILE` (the report whole in the file, nothing on
stdout), `--quiet` (no summary line, no notes); and lint's `--exit-zero` and `--statistics`."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from abmctl.atomic import replace_file
from tests.support.cli import invoke, run
from tests.support.registry import REPO

AS_OF = ("--root", str(REPO), "--as-of", "2026-11-20")
REPORTS = [
    ("lint", *AS_OF),
    ("lint", "--format", "sarif", *AS_OF),
    ("overlap", "--format", "markdown", *AS_OF),
    ("handoff", "--format", "json", *AS_OF),
    ("scorecard", *AS_OF),
    ("tiers", "plan", *AS_OF),
    ("tiers", "diff", "HEAD", "--format", "json", *AS_OF),
    ("signals", *AS_OF),
    ("explain", "kestrel-bank", "--format", "markdown", *AS_OF),
    ("rules",),
    ("rules", "ABM404", "--format", "markdown"),
]


@pytest.mark.parametrize("command", REPORTS, ids=lambda c: " ".join(c[:3]))
def test_output_writes_what_stdout_would_get_and_stdout_gets_nothing(
    command: tuple[str, ...], tmp_path: Path,
) -> None:
    printed = invoke(*command)
    assert printed.returncode in (0, 1) and printed.stdout, printed.stderr
    target = tmp_path / "report.out"
    written = invoke(*command, "--output", str(target))
    assert written.returncode == printed.returncode, written.stderr
    assert written.stdout == ""
    assert target.read_text(encoding="utf-8") == printed.stdout
    assert [p.name for p in tmp_path.iterdir()] == ["report.out"]  # no temporary file left


def test_output_replaces_a_file_and_keeps_its_permissions(tmp_path: Path) -> None:
    target = tmp_path / "lint.json"
    target.write_text("old")
    target.chmod(0o640)
    invoke("lint", "--format", "json", "-o", str(target), *AS_OF)
    assert json.loads(target.read_text())["version"] == 1
    assert target.stat().st_mode & 0o777 == 0o640


def test_output_into_a_missing_folder_is_exit_2_naming_the_file(tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder" / "report.md"
    done = invoke("scorecard", "--output", str(target), *AS_OF)
    assert done.returncode == 2
    assert done.stderr.splitlines()[-1].startswith(f"abmctl: error: {target}: --output: cannot "
                                                   "write the report")


def test_a_write_that_fails_midway_leaves_the_old_file_and_no_temporary(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("the last good report\n")

    def pieces() -> object:
        yield b"half a rep"
        raise OSError(28, "No space left on device")

    with pytest.raises(OSError):
        replace_file(target, pieces())  # type: ignore[arg-type]
    assert target.read_text() == "the last good report\n"
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]


def test_output_is_not_coloured_even_when_colour_is_forced(tmp_path: Path) -> None:
    target = tmp_path / "lint.txt"
    invoke("lint", "-o", str(target), *AS_OF, env={"FORCE_COLOR": "1"})
    assert "\x1b[" not in target.read_text()


def test_quiet_leaves_the_findings_and_drops_the_summary_and_the_notes() -> None:
    loud, quiet = invoke("lint", *AS_OF), invoke("lint", "--quiet", *AS_OF)
    assert "source registry/signals/activity.csv" in loud.stderr
    assert quiet.stderr == ""
    assert loud.stdout.splitlines()[-1].endswith("in 33 files.")
    assert quiet.stdout == loud.stdout.rsplit("\n", 3)[0] + "\n"
    assert quiet.returncode == loud.returncode


@pytest.mark.parametrize(("command", "counts"), [
    (("lint",), ["0 errors, 4 warnings, 0 infos in 33 files."]),
    (("handoff",), ["6 handoffs, 4 overdue; 24 unmatched rows, 0 skipped rows"]),
    (("tiers", "plan"), ["2 changes: 0 promotions, 1 demotion, 1 leaving the list, 1 held."]),
    (("tiers", "diff", "HEAD"), ["0 tier changes (0 promoted, 0 demoted, 0 added, 0 removed).",
                                 "No problems."]),
], ids=lambda c: " ".join(c) if isinstance(c, tuple) else "")
def test_quiet_drops_the_counts_line_at_the_end_of_each_text_report(
    command: tuple[str, ...], counts: list[str]
) -> None:
    """The report is the same line for line, without the counts it ends with (and the blank
    line before them)."""
    loud, quiet = invoke(*command, *AS_OF), invoke(*command, "--quiet", *AS_OF)
    lines = loud.stdout.splitlines()
    assert lines[-len(counts):] == counts
    assert quiet.stdout == "\n".join(lines[:-len(counts)]).rstrip("\n") + "\n"
    assert quiet.returncode == loud.returncode


def test_quiet_drops_the_scorecard_notes_and_keeps_its_verdict() -> None:
    """The scorecard ends with no counts line; its notes go, its health line stays."""
    loud, quiet = invoke("scorecard", *AS_OF), invoke("scorecard", "--quiet", *AS_OF)
    notes = [line for line in loud.stdout.splitlines() if line.startswith("note: ")]
    assert notes and "Alignment health: " in quiet.stdout
    assert quiet.stdout.splitlines() == [line for line in loud.stdout.splitlines()
                                         if line not in notes]


def test_quiet_reports_keep_their_report() -> None:
    done = invoke("scorecard", "-q", *AS_OF)
    assert done.stderr == "" and "Tier 1" in done.stdout


def test_quiet_still_says_why_a_run_failed() -> None:
    done = invoke("lint", "--quiet", "--root", str(REPO), "--as-of", "2026-13-01")
    assert done.returncode == 2 and "abmctl: error: --as-of" in done.stderr


def test_exit_zero_passes_a_run_with_findings_at_fail_on() -> None:
    failing = invoke("lint", "--fail-on", "warning", *AS_OF)
    assert failing.returncode == 1
    done = invoke("lint", "--fail-on", "warning", "--exit-zero", *AS_OF)
    assert done.returncode == 0 and done.stdout == failing.stdout


def test_exit_zero_does_not_hide_a_run_that_could_not_run(tmp_path: Path) -> None:
    done = invoke("lint", "--exit-zero", "--root", str(tmp_path / "none"))
    assert done.returncode == 2


def test_statistics_count_the_findings_by_code() -> None:
    found = json.loads(invoke("lint", "--format", "json", *AS_OF).stdout)["findings"]
    stats = json.loads(invoke("lint", "--statistics", "--format", "json", *AS_OF).stdout)
    expected: dict[str, int] = {}
    for item in found:
        expected[item["code"]] = expected.get(item["code"], 0) + 1
    assert {row["code"]: row["count"] for row in stats["statistics"]} == expected
    text = invoke("lint", "--statistics", *AS_OF).stdout.splitlines()
    assert len(text) == len(expected)
    first = text[0].split()
    assert first[1] in expected and int(first[0]) == expected[first[1]]


def test_statistics_of_a_clean_run(tmp_path: Path) -> None:
    done = invoke("lint", "--statistics", "--select", "ABM101", *AS_OF)
    assert done.stdout == "No problems.\n" and done.returncode == 0


def test_statistics_come_as_text_or_json_only() -> None:
    done = invoke("lint", "--statistics", "--format", "github", *AS_OF)
    assert done.returncode == 2
    assert "--format (with --statistics): 'github' is not one of text, json" in done.stderr


def test_tiers_apply_writes_the_registry_and_takes_no_output_option() -> None:
    done = invoke("tiers", "apply", "--output", "x", *AS_OF)
    assert done.returncode == 2 and "No such option: --output" in done.stderr


def test_schema_writes_files_with_out_and_has_no_second_output_option(tmp_path: Path) -> None:
    done = invoke("schema", "accounts", "--out", str(tmp_path))
    assert done.returncode == 0
    assert json.loads((tmp_path / "accounts.schema.json").read_text())["type"] == "object"
    assert [p.name for p in tmp_path.iterdir()] == ["accounts.schema.json"]
    assert invoke("schema", "--output", "x").returncode == 2


def test_the_real_program_writes_its_report_to_a_file(tmp_path: Path) -> None:
    target = tmp_path / "plan.md"
    done = run("tiers", "plan", "--format", "markdown", "--output", str(target), "-q", *AS_OF)
    assert (done.returncode, done.stdout, done.stderr) == (0, "", "")
    assert target.read_text().startswith("#")
