"""The `abmctl-lint` pre-commit hook (.pre-commit-hooks.yaml), run for real with
`pre-commit try-repo`, and set up exactly as docs/github-actions.md says (config, autoupdate
--freeze to pin a commit, install, commit).

try-repo installs the hook repository into a fresh virtualenv with pip, from the package index
(about 10 seconds a test): those tests are marked `slow`, left out of the default run, and run
by `.ci/run` as its second step (`python -m pytest -m slow`). try-repo installs a repository's
committed HEAD, and untracked files of a working tree are not part of it, so the tests give it
a snapshot of this working tree committed into a scratch repository: from a fresh clone that is
exactly HEAD.
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
from pre_commit.clientlib import load_manifest

from tests.support.cli import run
from tests.support.git import commit, git, identity, init
from tests.support.registry import REPO

# what `pip install .` needs of the hook repository
PACKAGE_FILES = ("pyproject.toml", ".pre-commit-hooks.yaml", "README.md", "LICENSE")


@pytest.fixture(scope="module")
def hook_repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """This repository's package files, committed into a scratch git repository on `main`."""
    dest = tmp_path_factory.mktemp("hook-repo") / "abmctl"
    dest.mkdir()
    for name in PACKAGE_FILES:
        if (REPO / name).is_file():
            shutil.copy2(REPO / name, dest / name)
    shutil.copytree(REPO / "src", dest / "src",
                    ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
    init(dest, "snapshot of the abmctl working tree")
    yield dest


def registry_repo(tmp_path: Path) -> Path:
    """A team's registry repository, as `abmctl init` starts it, committed."""
    made = run("init", str(tmp_path / "abm"))
    assert made.returncode == 0, made.stderr
    init(tmp_path / "abm", "abmctl init")
    return tmp_path / "abm"


def try_repo(hook_repo: Path, cwd: Path, home: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, **identity(), "PRE_COMMIT_HOME": str(home)}
    env.pop("ABMCTL_ROOT", None)
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "abmctl-lint",
         "--all-files"],
        cwd=cwd, capture_output=True, text=True, timeout=900, check=False, env=env,
    )


def test_the_hook_manifest_declares_abmctl_lint_on_registry_and_rules_files() -> None:
    hooks = load_manifest(str(REPO / ".pre-commit-hooks.yaml"))
    assert [hook["id"] for hook in hooks] == ["abmctl-lint"]
    hook = hooks[0]
    assert (hook["language"], hook["entry"], hook["pass_filenames"], hook["files"]) == (
        "python", "abmctl lint", False, "^(registry|rules)/"
    )


@pytest.mark.slow  # pip builds the hook's virtualenv from the package index
def test_the_hook_passes_on_a_registry_fresh_from_init(hook_repo: Path, tmp_path: Path) -> None:
    repo = registry_repo(tmp_path)
    done = try_repo(hook_repo, repo, tmp_path / "pre-commit-home")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "abmctl lint" in done.stdout and "Passed" in done.stdout


@pytest.mark.slow  # pip builds the hook's virtualenv from the package index
def test_the_hook_fails_on_a_broken_registry_and_shows_the_finding(
    hook_repo: Path, tmp_path: Path,
) -> None:
    repo = registry_repo(tmp_path)
    accounts = repo / "registry" / "accounts" / "example.yaml"
    accounts.write_text(accounts.read_text().replace("    tier: 1 ", '    tier: "one" '))
    commit(repo, "a typo in a tier")
    done = try_repo(hook_repo, repo, tmp_path / "pre-commit-home")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "Failed" in done.stdout
    assert "registry/accounts/example.yaml" in done.stdout and "ABM002" in done.stdout


# the documented setup: the config block and the two commands after it, in docs/github-actions.md
GUIDE = REPO / "docs" / "github-actions.md"
DOCUMENTED_URL = "https://github.com/your-org/abmctl"


def documented_config() -> str:
    """The `.pre-commit-config.yaml` the guide shows (the README shows the same)."""
    section = GUIDE.read_text().split("## pre-commit", 1)[1]
    return re.findall(r"```yaml\n(.*?)```", section, flags=re.S)[0]


def documented_commands() -> list[list[str]]:
    """The `pre-commit ...` lines of the shell block after the config, as argv lists."""
    section = GUIDE.read_text().split("## pre-commit", 1)[1]
    block = re.findall(r"```sh\n(.*?)```", section, flags=re.S)[0]
    return [shlex.split(line, comments=True) for line in block.splitlines() if line.strip()]


def test_the_readme_shows_the_guide_s_config_and_no_tag_that_does_not_exist() -> None:
    readme = (REPO / "README.md").read_text()
    assert documented_config() in readme
    assert "v0.1.0" not in readme + GUIDE.read_text()
    assert "pre-commit autoupdate --bleeding-edge --freeze" in readme
    assert [words[:2] for words in documented_commands()] == [
        ["pre-commit", "autoupdate"], ["pre-commit", "install"]]


def pre_commit_env(home: Path) -> dict[str, str]:
    env = {**os.environ, **identity(), "PRE_COMMIT_HOME": str(home)}
    env["PATH"] = f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}"
    env.pop("ABMCTL_ROOT", None)
    return env


@pytest.mark.slow  # pip builds the hook's virtualenv from the package index
def test_the_pre_commit_setup_works_exactly_as_documented(hook_repo: Path, tmp_path: Path) -> None:
    repo = registry_repo(tmp_path)
    env = pre_commit_env(tmp_path / "pre-commit-home")
    config = documented_config().replace(DOCUMENTED_URL, str(hook_repo))
    (repo / ".pre-commit-config.yaml").write_text(config)
    for words in documented_commands():  # autoupdate --bleeding-edge --freeze, then install
        done = subprocess.run([sys.executable, "-m", "pre_commit", *words[1:]], cwd=repo,
                              env=env, capture_output=True, text=True, timeout=900, check=False)
        assert done.returncode == 0, done.stdout + done.stderr
    # rev is now the commit the hook repository's main is at: a revision that exists
    pinned = re.search(r"rev: (\S+)", (repo / ".pre-commit-config.yaml").read_text())
    assert pinned is not None and pinned[1] == git(hook_repo, "rev-parse", "HEAD").strip()
    git(repo, "add", ".pre-commit-config.yaml")

    accounts = repo / "registry" / "accounts" / "example.yaml"
    accounts.write_text(accounts.read_text().replace("    tier: 1 ", '    tier: "one" '))
    git(repo, "add", "-A")
    refused = subprocess.run(["git", "commit", "-m", "a typo in a tier"], cwd=repo, env=env,
                             capture_output=True, text=True, timeout=900, check=False)
    assert refused.returncode != 0, refused.stdout + refused.stderr
    shown = refused.stdout + refused.stderr
    assert "abmctl lint" in shown and "Failed" in shown
    assert "registry/accounts/example.yaml" in shown and "ABM002" in shown

    fixed = accounts.read_text().replace('    tier: "one" ', "    tier: 1 ")
    accounts.write_text(fixed.replace("name: Example Corp", "name: Example Corporation"))
    git(repo, "add", "-A")
    passed = subprocess.run(["git", "commit", "-m", "a new name"], cwd=repo, env=env,
                            capture_output=True, text=True, timeout=900, check=False)
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"abmctl lint\.+Passed", passed.stdout + passed.stderr)
