"""`abmctl lint --changed-since REV` in a real git repository: a pull request is shown the
findings on the records it added or changed, and one line counting the rest."""

from __future__ import annotations

import re
import subprocess
from datetime import date, timedelta
from pathlib import Path

import pytest

from tests.support.cli import invoke, run
from tests.support.git import git, init

TODAY = date.today()
ACCOUNTS = "registry/accounts/example.yaml"
AGREEMENT = "registry/agreements/sales.yaml"


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text()
    assert old in text, (rel, old)
    path.write_text(text.replace(old, new))


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """`abmctl init`'s registry on main, with the sales agreement's sync 60 days old (an
    ABM404 warning nobody's pull request is about), and a branch `pr` checked out."""
    root = tmp_path / "abm"
    assert invoke("init", str(root)).returncode == 0
    old = (TODAY - timedelta(days=60)).isoformat()
    agreement = (root / AGREEMENT).read_text()
    written = next(line for line in agreement.splitlines() if line.startswith("reviewed:"))
    edit(root, AGREEMENT, written, f"reviewed: {old}")
    edit(root, AGREEMENT, "kickoff: 2026-10-01", f"kickoff: {(TODAY - timedelta(days=90))}")
    init(root, "the registry")
    git(root, "checkout", "-q", "-b", "pr")
    return root


def lint(repo: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return invoke("lint", "--root", str(repo), *args)


def test_the_stale_agreement_is_a_finding_without_changed_since(repo: Path) -> None:
    done = lint(repo, "--format", "github")
    assert f"file={AGREEMENT}" in done.stdout and "ABM404" in done.stdout


def test_a_pull_request_is_annotated_on_its_new_error_only(repo: Path) -> None:
    edit(repo, ACCOUNTS, "owners: {ae: alex.morgan,", "owners: {ae: alex.morgen,")
    git(repo, "commit", "-q", "-am", "a typo in an owner")
    done = lint(repo, "--format", "github", "--changed-since", "main")
    assert done.returncode == 1, done.stderr
    annotations = [line for line in done.stdout.splitlines() if line.startswith("::")]
    assert len(annotations) == 1, done.stdout
    assert annotations[0].startswith(f"::error file={ACCOUNTS},line=13")
    assert "alex.morgen" in annotations[0]
    assert "ABM404" not in done.stdout and AGREEMENT not in done.stdout
    # the stale agreement, at least (the scaffold may hold others no pull request is about)
    assert re.search(r"^\d+ findings? on records this change did not touch \(since main\), "
                     r"not shown$", done.stderr, flags=re.M), done.stderr


def test_nothing_changed_shows_nothing_and_passes(repo: Path) -> None:
    done = lint(repo, "--changed-since", "main", "--fail-on", "warning")
    assert done.returncode == 0, done.stdout
    assert "ABM404" not in done.stdout
    assert "on records this change did not touch (since main), not shown" in done.stderr


def test_uncommitted_changes_count_as_the_change(repo: Path) -> None:
    edit(repo, ACCOUNTS, "    tier: 1 ", "    tier: 7 ")
    done = lint(repo, "--format", "json", "--changed-since", "HEAD")
    assert done.returncode == 1
    assert '"path": "registry/accounts/example.yaml"' in done.stdout
    assert "ABM404" not in done.stdout


def test_editing_the_agreement_shows_its_finding(repo: Path) -> None:
    edit(repo, AGREEMENT, "cadence: weekly", "cadence: monthly")
    done = lint(repo, "--changed-since", "main", "--fail-on", "warning")
    assert done.returncode == 1
    assert "registry/agreements/sales.yaml" in done.stdout and "ABM404" in done.stdout


def test_a_new_account_file_is_all_new(repo: Path) -> None:
    text = (repo / ACCOUNTS).read_text().replace("example-corp", "other-corp").replace(
        "[example.com]", "[other.example]").replace("alex.morgan", "nobody.here")
    (repo / "registry/accounts/other.yaml").write_text(text)
    done = lint(repo, "--format", "github", "--changed-since", "main")
    assert done.returncode == 1
    assert "file=registry/accounts/other.yaml" in done.stdout
    assert f"file={AGREEMENT}" not in done.stdout


def test_a_quiet_run_leaves_out_the_count(repo: Path) -> None:
    done = lint(repo, "--changed-since", "main", "--quiet")
    assert done.stderr == "" and done.stdout == ""


def test_an_unknown_revision_is_exit_2(repo: Path) -> None:
    done = lint(repo, "--changed-since", "no-such-branch")
    assert done.returncode == 2
    assert "unknown revision 'no-such-branch'" in done.stderr


def test_outside_a_git_repository_is_exit_2(tmp_path: Path) -> None:
    assert invoke("init", str(tmp_path / "abm")).returncode == 0
    done = lint(tmp_path / "abm", "--changed-since", "main")
    assert done.returncode == 2
    assert "not inside a git repository; lint --changed-since reads revisions" in done.stderr


def test_the_real_program_reviews_a_pull_request(repo: Path) -> None:
    edit(repo, ACCOUNTS, "    tier: 1 ", "    tier: 7 ")
    git(repo, "commit", "-q", "-am", "an unknown tier")
    done = run("lint", "--format", "github", "--changed-since", "main", cwd=repo)
    assert done.returncode == 1, done.stderr
    assert done.stdout.count("::error") == 1 and "ABM404" not in done.stdout
