"""`abmctl --version` and shell completion (typer's `--install-completion`)."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

import pytest

from abmctl import __version__
from tests.support.cli import invoke, run
from tests.support.registry import REPO


def installed_abmctl(*args: str, env: dict[str, str | None] | None = None) -> str:
    """The `abmctl` console script (completion is keyed to the program's name)."""
    beside = Path(sys.executable).parent / "abmctl"
    program = str(beside) if beside.is_file() else shutil.which("abmctl")
    assert program is not None, "abmctl is not installed"
    done = run(*args, env=env, timeout=60, program=[program])
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_version_prints_the_package_version() -> None:
    done = run("--version")
    assert (done.returncode, done.stdout) == (0, f"abmctl {__version__}\n")


def test_help_offers_completion_install_and_show() -> None:
    done = invoke("--help")
    assert "--install-completion" in done.stdout and "--show-completion" in done.stdout


@pytest.mark.parametrize("shell", [None, "/bin/false"])
def test_show_completion_prints_a_bash_script_for_abmctl(shell: str | None) -> None:
    # typer guesses the shell from $SHELL and the parent processes unless told not to; told,
    # `--show-completion bash` names it, so the test holds under any parent and any $SHELL
    script = installed_abmctl("--show-completion", "bash", env={
        "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1", "SHELL": shell})
    assert "complete -o default -F _abmctl_completion abmctl" in script


@pytest.mark.parametrize(("words", "cword", "expected"), [
    ("abmctl sch", "1", ["schema"]),
    ("abmctl schema --o", "2", ["--out"]),
    ("abmctl schema e", "2", ["event", "engagement"]),
    ("abmctl init --f", "2", ["--force"]),
])
def test_completion_completes_commands_options_and_schema_kinds(
    words: str, cword: str, expected: list[str],
) -> None:
    # what the installed bash script asks abmctl on Tab
    found = installed_abmctl(env={"_ABMCTL_COMPLETE": "complete_bash", "COMP_WORDS": words,
                                  "COMP_CWORD": cword})
    assert found.split() == expected


def test_a_root_that_does_not_exist_is_named_in_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "not-here"
    done = invoke("lint", "--root", str(missing), "--as-of", "2026-11-23")
    assert done.returncode == 2
    assert done.stderr == f"abmctl: error: {missing}: no such folder\n"


def test_a_root_from_the_environment_says_so(tmp_path: Path) -> None:
    missing = tmp_path / "not-here"
    done = invoke("lint", "--as-of", "2026-11-23", env={"ABMCTL_ROOT": str(missing)})
    assert done.returncode == 2
    assert done.stderr == f"abmctl: error: {missing}: no such folder (from ABMCTL_ROOT)\n"


@pytest.mark.parametrize("command", [["scorecard"], ["tiers", "plan"], ["overlap"], ["handoff"]])
def test_every_report_colours_only_when_asked(command: list[str]) -> None:
    """no-color.org: FORCE_COLOR colours a pipe; without it a pipe gets plain text."""
    args = [*command, "--root", str(REPO), "--as-of", "2026-11-23"]
    assert "\x1b[" not in invoke(*args).stdout
    assert "\x1b[" in invoke(*args, env={"FORCE_COLOR": "1"}).stdout
    assert "\x1b[" not in invoke(*args, env={"FORCE_COLOR": "1", "NO_COLOR": "1"}).stdout
