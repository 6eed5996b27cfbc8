"""`--format` and `--fail-on` mean the same on every command: the same spellings accepted
(any case, blanks around), a bad one refused in the same words with exit 2, and the choices
in --help are the ones `output.formats` lists."""

from __future__ import annotations

import json
import subprocess
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from abmctl.cli import app
from abmctl.output.formats import described, names
from tests.crm.test_import_example import SALESFORCE
from tests.support.cli import invoke, run
from tests.support.git import init

AS_OF = "2026-11-23"
# every command with --format: its words, and the report kind whose formats it offers
COMMANDS: dict[str, tuple[list[str], str]] = {
    "lint": (["lint"], "findings"),
    "overlap": (["overlap"], "overlap"),
    "handoff": (["handoff"], "handoff"),
    "scorecard": (["scorecard"], "scorecard"),
    "signals": (["signals"], "signals"),
    "tiers plan": (["tiers", "plan"], "plan"),
    "tiers diff": (["tiers", "diff", "HEAD"], "diff"),
    "tiers history": (["tiers", "history"], "history"),
    "explain": (["explain", "example-corp"], "explain"),
    "rules": (["rules"], "rules"),
    "rules CODE": (["rules", "ABM101"], "rule"),
    "accounts import": (["accounts", "import", str(SALESFORCE), "--from", "salesforce",
                         "--into", "registry/accounts/crm.yaml", "--dry-run"], "import"),
}
WITH_FAIL_ON = ("lint", "overlap", "tiers diff")
TAKES_ROOT = [name for name in COMMANDS if not name.startswith("rules")]


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """The registry `abmctl init` writes, committed to git (for `tiers diff HEAD`)."""
    root = tmp_path_factory.mktemp("registry")
    assert invoke("init", str(root), "--as-of", AS_OF).returncode == 0
    init(root, "registry")
    yield root


def command(name: str, registry: Path, *more: str) -> subprocess.CompletedProcess[str]:
    words, _ = COMMANDS[name]
    where = ["--root", str(registry), "--as-of", AS_OF] if name in TAKES_ROOT else []
    return invoke(*words, *where, *more)


def test_the_table_above_lists_every_command_that_has_a_format() -> None:
    def commands(group: object, prefix: str = "") -> Iterator[tuple[str, object]]:
        for name, sub in getattr(group, "commands", {}).items():
            yield from commands(sub, f"{prefix}{name} ")
            if not hasattr(sub, "commands"):
                yield f"{prefix}{name}", sub

    with_format = {name for name, cmd in commands(typer.main.get_command(app))
                   if any("--format" in p.opts for p in cmd.params)}  # type: ignore[attr-defined]
    with_fail_on = {name for name, cmd in commands(typer.main.get_command(app))
                    if any("--fail-on" in p.opts for p in cmd.params)}  # type: ignore[attr-defined]
    assert with_format == {name.replace(" CODE", "") for name in COMMANDS}
    assert with_fail_on == set(WITH_FAIL_ON)


@pytest.mark.parametrize("spelling", ["json", " JSON ", "Json"])
@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_takes_json_however_it_is_spelled(
    name: str, spelling: str, registry: Path,
) -> None:
    done = command(name, registry, "--format", spelling)
    assert done.returncode in (0, 1), done.stderr  # 1: findings at --fail-on error
    assert json.loads(done.stdout)["version"] == 1


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_command_refuses_a_format_it_lacks_in_the_same_words(
    name: str, registry: Path,
) -> None:
    done = command(name, registry, "--format", "yaml")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == (f"abmctl: error: --format: 'yaml' is not one of "
                           f"{', '.join(names(COMMANDS[name][1]))}\n")


@pytest.mark.parametrize("name", list(COMMANDS))
def test_every_format_a_command_lists_in_its_help_is_one_it_takes(name: str) -> None:
    words, kind = COMMANDS[name]
    shown = invoke(*words[:2 if words[0] in ("tiers", "accounts") else 1], "--help").stdout
    # (compared without blanks: --help wraps the line where the terminal ends)
    assert "".join(described(kind).split()) in "".join(shown.split())


@pytest.mark.parametrize("spelling", ["info", " INFO ", "Warning", "error"])
@pytest.mark.parametrize("name", WITH_FAIL_ON)
def test_every_fail_on_takes_the_three_severities_however_spelled(
    name: str, spelling: str, registry: Path,
) -> None:
    done = command(name, registry, "--format", "json", "--fail-on", spelling)
    assert done.returncode in (0, 1), done.stderr
    assert json.loads(done.stdout)["version"] == 1


@pytest.mark.parametrize("name", WITH_FAIL_ON)
def test_every_fail_on_refuses_another_level_in_the_same_words(
    name: str, registry: Path,
) -> None:
    done = command(name, registry, "--fail-on", "fatal")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == "abmctl: error: --fail-on: 'fatal' is not one of error, warning, info\n"


def test_the_real_program_refuses_a_bad_format_in_one_line() -> None:
    done = run("tiers", "plan", "--format", " yaml")
    assert (done.returncode, done.stdout) == (2, "")
    assert done.stderr == ("abmctl: error: --format: ' yaml' is not one of text, json, markdown, "
                           "csv\n")
