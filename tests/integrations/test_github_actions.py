"""The example GitHub Actions workflow (docs/abmctl-pr.yml): its steps call real abmctl commands
with real options, and run as written in a pull request's checkout."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import typer
import yaml_rs

from abmctl.cli import app
from tests.support.cli import run
from tests.support.registry import REPO

WORKFLOW = REPO / "docs" / "abmctl-pr.yml"
GUIDE = REPO / "docs" / "github-actions.md"
GIT_IDENTITY = {
    "GIT_AUTHOR_NAME": "abmctl tests", "GIT_AUTHOR_EMAIL": "tests@example.com",
    "GIT_COMMITTER_NAME": "abmctl tests", "GIT_COMMITTER_EMAIL": "tests@example.com",
}
# what GitHub puts in place of the expressions, for a pull request into main
EXPRESSIONS = {
    "github.base_ref": "main", "github.event.pull_request.number": "7",
    "steps.tiers.outputs.exit": "1",
}


def workflow() -> dict[str, Any]:
    loaded: dict[str, Any] = yaml_rs.loads(WORKFLOW.read_text(), parse_datetime=False)
    return loaded


def steps(job: str) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = workflow()["jobs"][job]["steps"]
    return found


def step(job: str, name: str) -> dict[str, Any]:
    return next(s for s in steps(job) if s.get("name") == name)


def expand(script: str) -> str:
    return re.sub(r"\$\{\{\s*([\w.]+)\s*\}\}", lambda m: EXPRESSIONS[m.group(1)], script)


def abmctl_calls() -> list[list[str]]:
    """Every `abmctl ...` command line of the workflow's run steps, split as the shell does."""
    calls = []
    for job in workflow()["jobs"]:
        for found in steps(job):
            for line in expand(found.get("run", "")).splitlines():
                words = shlex.split(line.split(">", 1)[0])
                if words[:1] == ["abmctl"]:
                    calls.append(words[1:])
    return calls


def test_the_workflow_runs_on_every_pull_request() -> None:
    assert workflow()["on"] == {"pull_request": None}


def test_lint_runs_with_github_annotations() -> None:
    assert step("lint", "Lint the registry")["run"] == "abmctl lint --format github"


def test_the_tier_diff_is_against_the_base_branch_as_markdown() -> None:
    script = step("tier-changes", "Tier changes")["run"]
    assert 'abmctl tiers diff "origin/${{ github.base_ref }}" --format markdown' in script


def test_the_comment_posts_the_tier_diff_only_when_accounts_changed() -> None:
    comment = step("tier-changes", "Comment on the pull request")
    assert comment["run"].startswith('gh pr comment "${{ github.event.pull_request.number }}"')
    assert "--body-file tiers-diff.md" in comment["run"]
    assert "steps.accounts.outputs.changed == 'true'" in comment["if"]
    # an empty diff (no tier changed) posts no comment
    assert "steps.tiers.outputs.comment == 'true'" in comment["if"]
    assert "-- registry/accounts" in step("tier-changes", "Did the account list change?")["run"]
    assert workflow()["jobs"]["tier-changes"]["permissions"]["pull-requests"] == "write"


def test_every_abmctl_call_names_a_real_command_and_real_options() -> None:
    calls = abmctl_calls()
    assert [call[:2] for call in calls] == [["lint", "--format"], ["tiers", "diff"]]
    root = typer.main.get_command(app)  # the click command tree typer builds
    for call in calls:
        command, args, ctx = root, list(call), None
        while hasattr(command, "resolve_command"):  # a group: the next word is a subcommand
            ctx = command.context_class(command, info_name=command.name, parent=ctx)
            _, command, args = command.resolve_command(ctx, args)
            assert command is not None, call
        # parsing checks every option exists and every choice (e.g. --format github) is offered
        command.make_context(command.name, args, parent=ctx)


def test_the_guide_shows_the_workflow_file_as_it_is() -> None:
    blocks = re.findall(r"```yaml\n(.*?)```", GUIDE.read_text(), flags=re.S)
    assert WORKFLOW.read_text() in blocks


def git(cwd: Path, *args: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True, text=True,
                          env={**os.environ, **GIT_IDENTITY})
    return done.stdout


def pull_request_checkout(tmp_path: Path) -> Path:
    """A registry repo whose main branch is on `origin`, checked out on a branch that demotes
    an account: what actions/checkout with fetch-depth 0 gives the workflow."""
    origin = tmp_path / "origin"
    assert run("init", str(origin)).returncode == 0
    git(origin, "init", "-q", "-b", "main")
    git(origin, "add", "-A")
    git(origin, "commit", "-q", "-m", "abmctl init")
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(origin), str(checkout))
    git(checkout, "checkout", "-q", "-b", "demote-example")
    accounts = checkout / "registry" / "accounts" / "example.yaml"
    accounts.write_text(accounts.read_text().replace("    tier: 1 ", "    tier: 2 "))
    git(checkout, "commit", "-q", "-am", "demote example-corp")
    return checkout


def run_step(script: str, cwd: Path, outputs: Path) -> subprocess.CompletedProcess[str]:
    """A run step as GitHub runs it: bash -e, expressions filled in, abmctl on PATH."""
    path = f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"
    env = {**os.environ, "PATH": path, "GITHUB_OUTPUT": str(outputs)}
    env.pop("ABMCTL_ROOT", None)
    return subprocess.run(["bash", "-e", "-c", expand(script)], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=120, check=False)


def test_the_tier_steps_run_as_written_in_a_pull_request_checkout(tmp_path: Path) -> None:
    checkout = pull_request_checkout(tmp_path)
    outputs = tmp_path / "github-output"
    for name in ("Did the account list change?", "Tier changes"):
        done = run_step(step("tier-changes", name)["run"], checkout, outputs)
        assert done.returncode == 0, done.stderr
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert values["changed"] == "true"
    assert values["exit"] in ("0", "1")  # 1: findings on the change (e.g. outside a window)
    assert values["comment"] == "true"
    comment = (checkout / "tiers-diff.md").read_text()
    assert "example-corp" in comment


def test_the_lint_step_runs_as_written(tmp_path: Path) -> None:
    checkout = pull_request_checkout(tmp_path)
    done = run_step(step("lint", "Lint the registry")["run"], checkout, tmp_path / "out")
    assert done.returncode == 0, done.stdout + done.stderr
