"""Every `abmctl ...` command the README and docs/*.md show in a shell block runs on the example
registry with the exit code the text gives it.

A command's expected exit code is 0 unless its line says otherwise in a comment (`# exit 1`).
Each document's commands run in order in a fresh copy of the example registry that is a git
repository (so `tiers diff HEAD` and `origin/main` exist, and `init`, `tiers apply` and `>`
redirections write only there). A command that reads a registry and does not pin `--as-of` is
run with `--as-of 2026-11-23`, the date the example's story is written for: without it the
result would depend on the day the tests run. The vendor exports vendor-formats.md names come
from the adapters' test data.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.cli import invoke

ROOT = Path(__file__).resolve().parents[2]
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
# the documents that show commands; a document that shows none (a reference page) is not run
AS_OF = "2026-11-23"
SHELL_BLOCKS = {"", "sh", "shell", "bash", "console"}
# the commands that read a registry as of a date (`init` dates its examples)
DATED = {"lint", "handoff", "overlap", "scorecard", "tiers", "init", "signals", "explain",
         "report"}
ADAPTER_DATA = ROOT / "tests" / "load" / "adapters" / "data"
# files vendor-formats.md's examples name -> the test data standing in for them
EXPORTS = {
    "exports/surge_20261116.csv": "bombora/Output_MasterSurgeFile_20150719.csv",
    "exports/activities.csv": "salesforce/tasks_report.csv",
    "exports/marketo.csv": "maps/marketo_activities.csv",
    "maps/marketo.yaml": "maps/marketo.yaml",
}
# the CRM exports docs/crm.md and the guide import -> the test files standing in for them
CRM_EXPORTS = {
    "exports/salesforce-accounts.csv": ROOT / "tests/crm/files/salesforce-accounts.csv",
    "exports/hubspot-companies.csv": ROOT / "tests/crm/files/hubspot-companies.csv",
}
_FENCE = re.compile(r"^\s*```(\w*)\s*$")
_EXPECTED = re.compile(r"#.*\bexits? (\d)\b")


def shown_commands(document: Path) -> Iterator[tuple[int, str, int]]:
    """(line, command, expected exit code) of each `abmctl` command in the shell blocks."""
    language: str | None = None
    for number, line in enumerate(document.read_text(encoding="utf-8").splitlines(), 1):
        fence = _FENCE.match(line)
        if fence:
            language = fence.group(1) if language is None else None
            continue
        if language not in SHELL_BLOCKS:
            continue
        text = line.strip().removeprefix("$ ")
        expected = _EXPECTED.search(text)
        for part in text.split("&&"):
            command = part.strip().removeprefix(".venv/bin/")
            if command.startswith("abmctl "):
                yield number, command, int(expected.group(1)) if expected else 0


def argv(command: str) -> tuple[list[str], str | None]:
    """The arguments after `abmctl`, and the file a `>` sends the output to."""
    words = shlex.split(command, comments=True)[1:]
    target = None
    if ">" in words:
        at = words.index(">")
        target, words = words[at + 1], words[:at]
    dated = words[0] in DATED or words[:2] == ["accounts", "import"] if words else False
    if dated and "--as-of" not in words and "--help" not in words:
        words += ["--as-of", AS_OF]
    return words, target


def in_bash(words: list[str], cwd: Path,
            env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """Shell completion guesses the shell from the processes above it, as it does for a user
    at a prompt: run it from bash, whatever started the tests."""
    # two statements: bash stays the parent instead of exec-ing the command
    line = shlex.join([sys.executable, "-m", "abmctl", *words]) + "; exit $?"
    return subprocess.run(["bash", "-c", line], cwd=cwd, env={**os.environ, **env},
                          capture_output=True, text=True, timeout=60, check=False)


def example_copy(tmp: Path) -> Path:
    """The example registry as a git repository with one commit, `origin/main` pointing at it."""
    copy = tmp / "lumenfold"
    for folder in ("registry", "rules"):
        shutil.copytree(ROOT / folder, copy / folder)
    for name, source in EXPORTS.items():
        (copy / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(ADAPTER_DATA / source, copy / name)
    for name, path in CRM_EXPORTS.items():
        shutil.copyfile(path, copy / name)
    git = ["git", "-c", "user.name=docs", "-c", "user.email=docs@example.com",
           "-c", "commit.gpgsign=false"]
    subprocess.run([*git, "init", "-q", "-b", "main"], cwd=copy, check=True)
    subprocess.run([*git, "add", "registry", "rules"], cwd=copy, check=True)
    subprocess.run([*git, "commit", "-q", "-m", "example"], cwd=copy, check=True)
    subprocess.run(["git", "update-ref", "refs/remotes/origin/main", "HEAD"], cwd=copy,
                   check=True)
    return copy


def _showing() -> list[Path]:
    return [document for document in DOCUMENTS if any(shown_commands(document))]


def test_the_documents_a_newcomer_reads_first_show_commands() -> None:
    assert {p.name for p in _showing()} >= {"README.md", "guide.md"}


@pytest.mark.parametrize("document", _showing(), ids=lambda p: p.name)
def test_every_command_shown_runs_with_the_exit_code_the_text_gives(
    document: Path, tmp_path: Path
) -> None:
    shown = list(shown_commands(document))
    copy = example_copy(tmp_path)
    wrong: list[str] = []
    for line, command, expected in shown:
        words, target = argv(command)
        env = {"HOME": str(tmp_path), "SHELL": "/bin/bash", "COLUMNS": "100"}
        done = (in_bash(words, copy, env) if any(w.endswith("-completion") for w in words)
                else invoke(*words, cwd=copy, env=env))
        if target is not None:
            (copy / target).write_text(done.stdout, encoding="utf-8")
        if done.returncode != expected:
            wrong.append(f"{document.name}:{line}: `{command}` exited {done.returncode}, the "
                         f"text says {expected}\n{done.stderr.strip()[:600]}")
    assert not wrong, "\n".join(wrong)


def test_the_documents_show_the_commands_a_user_starts_with() -> None:
    # the test above must not pass by finding nothing to run
    shown = {command.split(" #")[0].strip() for document in DOCUMENTS
             for _, command, _ in shown_commands(document)}
    for expected in ("abmctl lint --as-of 2026-11-23", "abmctl tiers apply --as-of 2026-10-05",
                     "abmctl init my-abm", "abmctl handoff --as-of 2026-11-23 --details"):
        assert any(c.startswith(expected) for c in shown), expected


@pytest.mark.parametrize(("line", "expected"), [
    ("abmctl overlap --as-of 2026-11-23   # exit 1", 1),
    ("$ abmctl lint --fail-on warning   # exits 1: the four warnings", 1),
    ("python3 -m venv .venv && .venv/bin/abmctl lint --as-of 2026-11-23", 0),
])
def test_a_comment_on_the_line_gives_the_expected_exit_code(
    line: str, expected: int, tmp_path: Path
) -> None:
    page = tmp_path / "page.md"
    page.write_text(f"```sh\n{line}\n```\n\n```yaml\nrun: abmctl lint  # exit 2\n```\n")
    assert [(code) for _, _, code in shown_commands(page)] == [expected]


def test_a_redirection_writes_the_output_and_an_unpinned_date_is_pinned() -> None:
    assert argv("abmctl lint --format sarif > abmctl.sarif") == (
        ["lint", "--format", "sarif", "--as-of", AS_OF], "abmctl.sarif")
    assert argv("abmctl rules ABM204   # what a rule catches") == (["rules", "ABM204"], None)
