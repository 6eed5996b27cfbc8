"""CLI manners: `-h` is `--help`, help shows no Python types or cut summaries, and every text
report on the example registry fits an 80-column terminal."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest

from tests.support.cli import invoke
from tests.support.registry import REPO
from tests.tiers.builders import git, init_repo

COMMANDS = [[], ["lint"], ["rules"], ["handoff"], ["overlap"], ["scorecard"], ["signals"],
            ["init"], ["schema"], ["tiers"], ["tiers", "plan"], ["tiers", "apply"],
            ["tiers", "diff"], ["explain"]]
AS_OF = "2026-11-23"


@pytest.mark.parametrize("command", COMMANDS, ids=lambda c: " ".join(c) or "abmctl")
def test_dash_h_is_help_and_help_speaks_plainly(command: list[str]) -> None:
    long = invoke(*command, "--help", env={"COLUMNS": "80"})
    short = invoke(*command, "-h", env={"COLUMNS": "80"})
    assert (short.returncode, short.stdout) == (0, long.stdout)
    for internal in ("<list[", "<str>", "<Path>", "[[", "{BASE}", "seed ", "SPEC"):
        assert internal not in long.stdout
    listed = long.stdout.partition("Commands:")[2]
    assert not [line for line in listed.splitlines() if line.rstrip().endswith("...")]


def test_required_and_optional_arguments_read_as_written() -> None:
    usage = invoke("tiers", "diff", "--help").stdout.splitlines()[0]
    assert usage == "Usage: abmctl tiers diff [OPTIONS] BASE [HEAD]"


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example registry in a git repository, with one tier change on top of it."""
    root = tmp_path_factory.mktemp("example")
    for name in ("registry", "rules"):
        shutil.copytree(REPO / name, root / name)
    init_repo(root)
    path = root / "registry/accounts/na-east.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text.replace("tier: 1\n    tier_since: 2026-04-06",
                                 "tier: 2\n    tier_since: 2026-11-23", 1), encoding="utf-8")
    assert git(root, "status", "--porcelain")
    return root


REPORTS = [["lint"], ["lint", "--statistics"], ["overlap"], ["handoff"], ["handoff", "--details"],
           ["scorecard"], ["tiers", "plan"], ["tiers", "diff", "main"], ["tiers", "history"],
           ["tiers", "history", "--account", "solace-telecom"], ["signals"],
           ["signals", "--unmatched"], ["rules"], ["rules", "ABM201"], ["rules", "ABM606"],
           ["explain", "brightwater-logistics"], ["explain", "vantage-payments"]]


@pytest.mark.parametrize("report", REPORTS, ids=" ".join)
def test_every_text_report_fits_80_columns(example: Path, report: list[str]) -> None:
    where = [] if report[0] == "rules" else ["--root", str(example), "--as-of", AS_OF]
    done = invoke(*report, *where, env={"COLUMNS": "80"}, cwd=example)
    assert done.returncode in (0, 1), done.stderr
    lines = done.stdout.splitlines()
    assert len(lines) > 3
    if report[0] == "rules" and len(report) > 1:  # a page's examples are shown as written
        lines = _prose(lines)
    assert [line for line in lines if len(line) > 80] == []
    assert [line for line in done.stderr.splitlines() if len(line) > 80] == []


@pytest.fixture(scope="module")
def troubled(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example registry with a record and an owner that do not load."""
    root = tmp_path_factory.mktemp("troubled")
    for name in ("registry", "rules"):
        shutil.copytree(REPO / name, root / name)
    path = root / "registry/accounts/na-east.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("owners: {ae: dana.whitfield,",
                        "owners: {ae: dana.whitfield-who-left-the-company-in-the-spring,", 1)
    path.write_text(text.replace("tier: 1\n    tier_since: 2026-04-06",
                                 "tier: seven\n    tier_since: 2026-04-06", 1), encoding="utf-8")
    return root


STDERR_REPORTS = [["handoff"], ["overlap"], ["scorecard"], ["tiers", "plan"],
                  ["explain", "lowell-finch"], ["handoff", "--format", "json"]]


@pytest.mark.parametrize("report", STDERR_REPORTS, ids=" ".join)
def test_the_runs_own_lines_on_stderr_fit_80_columns(troubled: Path, report: list[str]) -> None:
    # stale activity, a record and a reference left out, the source read: each longer than
    # 80 columns on one line
    done = invoke(*report, "--root", str(troubled), "--as-of", "2027-06-01",
                  env={"COLUMNS": "80"})
    assert done.returncode in (0, 1), done.stderr
    lines = done.stderr.splitlines()
    assert [line for line in lines if len(line) > 80] == []
    starts = [line for line in lines if not line.startswith("  ")]
    assert [line.split(":")[0] for line in starts] == ["warning", "warning", "source "
                                                       "registry/signals/activity.csv (canonical)"]
    assert lines[lines.index(starts[2]) + 1] == "  unmatched, 0 skipped; 2026-08-03 to 2026-11-22"
    assert "  registry/accounts/na-east.yaml:14: ABM003 halcyon-health: unknown person" in lines
    assert "    'dana.whitfield-who-left-the-company-in-the-spring' in 'owners'; see" in lines
    wide = invoke(*report, "--root", str(troubled), "--as-of", "2027-06-01",
                  env={"COLUMNS": "200"})
    assert " ".join(line.strip() for line in lines) == " ".join(
        line.strip() for line in wide.stderr.splitlines())


def _narrow_and_wide(*args: str, cwd: Path | None = None) -> tuple[list[str], list[str]]:
    """stderr's lines at COLUMNS=80 and at COLUMNS=1000: every narrow line fits, and the
    narrow lines are the wide ones wrapped (the same words, nothing left out)."""
    narrow = invoke(*args, env={"COLUMNS": "80"}, cwd=cwd)
    wide = invoke(*args, env={"COLUMNS": "1000"}, cwd=cwd)
    assert narrow.returncode == wide.returncode
    lines, wide_lines = narrow.stderr.splitlines(), wide.stderr.splitlines()
    # a single word longer than the line (a temporary folder's path) keeps a line of its own;
    # the final `abmctl: error:` line is one line off a terminal (the test's stderr is not one)
    assert [line for line in lines if len(line) > 80 and " " in line.strip()
            and not line.startswith("abmctl: error: ")] == []
    assert " ".join(line.strip() for line in lines) == " ".join(
        line.strip() for line in wide_lines)
    return lines, wide_lines


def test_a_settings_file_that_does_not_load_is_listed_wrapped(tmp_path: Path) -> None:
    # options._stop_on_settings: the rules/ file's errors, then exit 2
    root = tmp_path / "settings"
    for name in ("registry", "rules"):
        shutil.copytree(REPO / name, root / name)
    (root / "rules/tiers.yaml").write_text(
        "tiers:\n  - name: 1\n    label: " + "a very long label " * 8 + "\n  unclosed: [\n",
        encoding="utf-8")
    lines, wide = _narrow_and_wide("handoff", "--root", str(root), "--as-of", AS_OF)
    listed = [line for line in wide if line.startswith("rules/tiers.yaml")]
    assert listed and len(listed[0]) > 80
    assert lines[0] == listed[0][:len(lines[0])] and lines[1].startswith("  ")


def test_tiers_apply_lists_the_errors_that_stop_it_wrapped(troubled: Path) -> None:
    # options.require_clean: the registry's errors before exit 2
    lines, wide = _narrow_and_wide("tiers", "apply", "--dry-run", "--root", str(troubled),
                                   "--as-of", "2027-01-05")
    first = "registry/accounts/na-east.yaml:32:5: ABM002 account 2 (id:"
    assert lines[:2] == [first, "  brightwater-logistics): tier: expected a whole number, got "
                                "'seven'"] or (lines[0] == first and lines[1].startswith("  "))
    assert wide[0].startswith(first) and len(wide[0]) > 80
    assert lines[-1].startswith("abmctl: error: the registry has 2 error(s)")
    assert wide[-1].startswith("abmctl: error: the registry has 2 error(s)")


def test_accounts_import_names_a_skipped_row_wrapped(tmp_path: Path) -> None:
    # commands/accounts._report_skipped: the row's file:line and why, then "row skipped"
    root = tmp_path / "import"
    for name in ("registry", "rules"):
        shutil.copytree(REPO / name, root / name)
    (root / "export.csv").write_text(
        "Account ID,Account Name,Website,Billing Country,Account Owner,Account Owner Email\n"
        "n/a,Contoso,contoso.com,,,\n0015g00000AAAAAAAA,Fabrikam,fabrikam.com,,,\n",
        encoding="utf-8")
    lines, wide = _narrow_and_wide("accounts", "import", "export.csv", "--from", "salesforce",
                                   "--root", ".", "--as-of", AS_OF, "--dry-run",
                                   "--into", "registry/accounts/na-east.yaml", cwd=root)
    skipped = [line for line in wide if line.endswith(": row skipped")]
    assert len(skipped) == 1 and len(skipped[0]) > 80
    assert lines[0] == skipped[0][:len(lines[0])] and lines[1].startswith("  ")


def test_tiers_apply_dry_run_line_on_stderr_wraps_at_40_columns(example: Path) -> None:
    # commands/tiers._say on stderr: the dry run's last word, through terminal.note
    done = invoke("tiers", "apply", "--dry-run", "--root", str(example), "--as-of", "2027-01-05",
                  env={"COLUMNS": "40"}, cwd=example)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.splitlines()
    at = lines.index("Dry run: would write 1 tier change in 1")
    assert lines[at + 1] == "  file; nothing written."


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("tty", [True, False], ids=["terminal", "pipe"])
def test_the_error_line_wraps_on_a_terminal_only(
        monkeypatch: pytest.MonkeyPatch, tty: bool) -> None:
    from abmctl.output.terminal import say

    line = "abmctl: error: " + "registry/accounts/na-east.yaml does not load " * 3
    for columns in ("80", "1000"):
        monkeypatch.setenv("COLUMNS", columns)
        monkeypatch.setattr("sys.stderr", stream := _Tty() if tty else io.StringIO())
        say(line)
        lines = stream.getvalue().splitlines()
        if tty and columns == "80":
            assert len(lines) == 3 and lines[0].startswith("abmctl: error: ")
            assert lines[1].startswith("  ") and all(len(part) <= 80 for part in lines)
            assert " ".join(part.strip() for part in lines) == line.strip()
        else:  # a log or a script reads one line, whatever COLUMNS says
            assert lines == [line]


def test_a_workflow_command_on_stderr_stays_one_line(
        capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    from abmctl.output.terminal import note

    monkeypatch.setenv("COLUMNS", "80")
    command = "::warning file=registry/accounts/na-east.yaml,line=4::" + "word " * 30
    note(command)
    note("warning: " + "word " * 30)
    lines = capsys.readouterr().err.splitlines()
    assert lines[0] == command
    assert len(lines) == 1 + 3 and all(len(line) <= 80 for line in lines[1:])
    assert lines[2].startswith("  word")


def test_tiers_apply_wraps_its_prose_to_80_columns(example: Path) -> None:
    # 2027-01-05 is inside the Q1 review window: the plan writes a change and names an
    # account that leaves the list, with a reason longer than 80 columns on one line
    done = invoke("tiers", "apply", "--dry-run", "--root", str(example), "--as-of", "2027-01-05",
                  env={"COLUMNS": "80"}, cwd=example)
    assert done.returncode == 0, done.stderr
    assert "@@ " in done.stdout and "  bramble-outdoor (tier 3, " in done.stdout
    assert "    fit 35 < 40; no lower tier: leaves the list for demand gen\n" in done.stdout
    written = {line for path in (example / "registry").rglob("*.yaml")
               for line in path.read_text(encoding="utf-8").splitlines()}
    # only a line of a registry file, shown in the diff as written, may be wider
    assert [line for line in done.stdout.splitlines()
            if len(line) > 80 and line[1:] not in written] == []


def _prose(lines: list[str]) -> list[str]:
    kept, fenced = [], False
    for line in lines:
        if line.startswith("```"):
            fenced = not fenced
        elif not fenced:
            kept.append(line)
    return kept


def test_a_narrow_handoff_table_keeps_every_fact(example: Path) -> None:
    wide = invoke("handoff", "--root", str(example), "--as-of", AS_OF, env={"COLUMNS": "120"})
    narrow = invoke("handoff", "--root", str(example), "--as-of", AS_OF, env={"COLUMNS": "80"})
    assert "due (UTC)" in wide.stdout
    assert "fernhill-media            2  to_engagement  sdr jordan.reyes\n" \
           "  due 2026-11-13 08:45 UTC · BREACHED · alert priya.raman\n" in narrow.stdout


JSON_REPORTS = [["lint"], ["lint", "--statistics"], ["overlap"], ["handoff"], ["scorecard"],
                ["tiers", "plan"], ["tiers", "diff", "main"], ["tiers", "history"], ["signals"],
                ["explain", "kestrel-bank"]]


@pytest.mark.parametrize("report", JSON_REPORTS, ids=" ".join)
def test_every_json_document_says_its_as_of_date(example: Path, report: list[str]) -> None:
    import json

    done = invoke(*report, "--root", str(example), "--as-of", AS_OF, "--format", "json",
                  cwd=example)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["as_of"] == AS_OF


def test_handoff_text_writes_times_as_every_report_does(example: Path) -> None:
    """One style: `2026-11-13 08:45 UTC` (output.text.stamp); in a column whose header says
    UTC, the same without the zone; never `Nov 13 08:45`."""
    wide = invoke("handoff", "--root", str(example), "--as-of", AS_OF, "--details",
                  env={"COLUMNS": "120"}).stdout
    table, _, details = wide.partition("╭")
    assert "due (UTC)" in table
    assert "fernhill-media            2  to_engagement  sdr jordan.reyes  2026-11-13 08:45  " \
           "BREACHED\n" in table
    assert "2026-11-20 10:30  met 2026-11-19 16:00\n" in table
    assert "2026-11-12 08:45 UTC → sdr jordan.reyes" in details
    assert "due 2026-11-13 08:45 UTC · SLA BREACHED" in details
    assert "Nov 13" not in table


@pytest.mark.parametrize("columns", ["1000000", "100000000"])
def test_a_huge_columns_lays_a_report_out_no_wider_than_the_widest_width(columns: str) -> None:
    """COLUMNS=1000000 padded every table row to a million characters (a large handoff
    report: gigabytes); a report is laid out at most MAX_WIDTH wide."""
    from abmctl.output.terminal import MAX_WIDTH

    example = Path(__file__).resolve().parents[1]
    done = invoke("handoff", "--details", "--as-of", "2026-11-23", env={"COLUMNS": columns},
                  cwd=example)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert len(max(lines, key=len)) <= MAX_WIDTH
    assert len(done.stdout) < 200_000  # was 400 million characters at COLUMNS=1000000
