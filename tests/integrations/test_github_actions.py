"""The example GitHub Actions workflow (docs/abmctl-pr.yml): its steps call real abmctl commands
with real options, and run as written in a pull request's checkout."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import typer
import yaml_rs

from abmctl.cli import app
from tests.support.cli import run
from tests.support.git import git, init
from tests.support.registry import REPO

WORKFLOW = REPO / "docs" / "abmctl-pr.yml"
GUIDE = REPO / "docs" / "github-actions.md"
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


def test_lint_annotates_what_the_pull_request_changed() -> None:
    assert step("lint", "Lint the registry")["run"] == (
        'abmctl lint --format github --changed-since "origin/${{ github.base_ref }}"')
    # --changed-since reads the base branch: the checkout must hold it
    assert steps("lint")[0]["with"]["fetch-depth"] == 0


def test_abmctl_is_pinned_by_a_revision_the_reader_chooses_not_a_tag_that_does_not_exist(
) -> None:
    assert workflow()["env"]["ABMCTL"] == "abmctl @ git+https://github.com/your-org/abmctl@main"
    assert "v0.1.0" not in WORKFLOW.read_text() + GUIDE.read_text()
    assert "commit SHA" in WORKFLOW.read_text()


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


ACCOUNTS = "registry/accounts/example.yaml"
AGREEMENT = "registry/agreements/sales.yaml"


def edit(root: Path, rel: str, old: str, new: str) -> None:
    text = (root / rel).read_text()
    assert old in text, (rel, old)
    (root / rel).write_text(text.replace(old, new))


def pull_request_checkout(tmp_path: Path, change: tuple[str, str] = ("    tier: 1 ",
                                                                    "    tier: 2 "),
                          *, stale_agreement: bool = False) -> Path:
    """A registry repo whose main branch is on `origin`, checked out on a branch that makes
    `change` to the account file (by default: demotes the account): what actions/checkout with
    fetch-depth 0 gives the workflow. `stale_agreement`: main's sales agreement has not had
    its sync for 60 days (an ABM404 warning on a file the pull request does not touch)."""
    origin = tmp_path / "origin"
    assert run("init", str(origin)).returncode == 0
    init(origin, "abmctl init")
    if stale_agreement:
        stale_agreement_on_main(tmp_path)
    checkout = tmp_path / "checkout"
    git(tmp_path, "clone", "-q", str(origin), str(checkout))
    git(checkout, "checkout", "-q", "-b", "the-change")
    edit(checkout, ACCOUNTS, *change)
    git(checkout, "commit", "-q", "-am", "the pull request's change")
    return checkout


def stale_agreement_on_main(tmp_path: Path) -> None:
    """The origin's sales agreement, its sync last held 60 days ago."""
    origin = tmp_path / "origin"
    text = (origin / AGREEMENT).read_text()
    written = next(line for line in text.splitlines() if line.startswith("reviewed:"))
    edit(origin, AGREEMENT, written, f"reviewed: {date.today() - timedelta(days=60)}")
    edit(origin, AGREEMENT, "kickoff: 2026-10-01",
         f"kickoff: {date.today() - timedelta(days=90)}")
    git(origin, "commit", "-q", "-am", "the sales sync has not been held for 60 days")


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


def annotations(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.startswith("::")]


def test_a_pull_request_is_annotated_on_its_new_error_not_on_a_stale_agreement(
    tmp_path: Path,
) -> None:
    # an owner nobody in teams.yaml is: an error on the account the pull request edits
    checkout = pull_request_checkout(
        tmp_path, ("owners: {ae: alex.morgan,", "owners: {ae: alex.morgen,"), stale_agreement=True)
    lint = step("lint", "Lint the registry")["run"]
    everything = run_step(lint.split(" --changed-since")[0], checkout, tmp_path / "out")
    assert f"file={AGREEMENT}" in everything.stdout  # the stale agreement is a finding
    done = run_step(lint, checkout, tmp_path / "out")
    assert done.returncode == 1, done.stdout + done.stderr
    found = annotations(done.stdout)
    assert len(found) == 1, done.stdout
    assert found[0].startswith(f"::error file={ACCOUNTS},line=13") and "alex.morgen" in found[0]
    assert AGREEMENT not in done.stdout
    assert "on records this change did not touch (since origin/main), not shown" in done.stderr


def test_a_pull_request_that_touches_nothing_at_fault_gets_no_annotation(
    tmp_path: Path,
) -> None:
    checkout = pull_request_checkout(
        tmp_path, ("name: Example Corp", "name: Example Corporation"), stale_agreement=True)
    done = run_step(step("lint", "Lint the registry")["run"], checkout, tmp_path / "out")
    assert done.returncode == 0, done.stdout + done.stderr
    assert annotations(done.stdout) == []


def test_no_comment_is_posted_when_no_tier_changed(tmp_path: Path) -> None:
    checkout = pull_request_checkout(tmp_path, ("name: Example Corp", "name: Example Corporation"))
    outputs = tmp_path / "github-output"
    for name in ("Did the account list change?", "Tier changes"):
        done = run_step(step("tier-changes", name)["run"], checkout, outputs)
        assert done.returncode == 0, done.stderr
    values = dict(line.split("=", 1) for line in outputs.read_text().splitlines())
    assert values["changed"] == "true"  # the account file changed, but no tier in it
    assert values["exit"] == "0"
    assert "comment" not in values  # the comment step's `if` is false: nothing is posted
    assert (checkout / "tiers-diff.md").read_text() == ""
