"""Reading the registry at a git revision, with the real `git` (for `tiers diff`).

`git archive` hands over the revision's `registry/` and `rules/` in one process. The full
registry is extracted into a temporary folder and read by `load_registry`, the same loader the
working tree goes through; the base side of a diff only needs each account's tier, so its
account files are parsed in memory by the loader's own YAML reader, values only.
"""

from __future__ import annotations

import io
import posixpath
import subprocess
import tarfile
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from abmctl.errors import AbmctlError
from abmctl.load.boundary import MAX_YAML_BYTES
from abmctl.load.yamlfile import YamlProblem, decode, load_values
from abmctl.registry import Registry

ACCOUNTS = "registry/accounts"


@dataclass(frozen=True, slots=True)
class Repo:
    """The git work tree holding a registry root, and the root's place inside it."""

    root: Path
    top: Path  # the top of the work tree
    prefix: str  # the root relative to the top: "" or "ops/abm/"


@dataclass(frozen=True, slots=True)
class AccountTier:
    """What a diff compares: an account's tier and `tier_since`, and where the tier is
    written."""

    account: str
    tier: int
    path: str
    line: int
    tier_since: date | None = None


def open_repo(root: Path, command: str = "tiers diff") -> Repo:
    """The repository holding `root`; exit 2 with a clear message when there is none."""
    result = _run(root, "rev-parse", "--show-toplevel", "--show-prefix")
    lines = result.stdout.decode("utf-8", "replace").splitlines()
    if result.returncode != 0 or not lines:
        raise AbmctlError(f"{root} is not inside a git repository; {command} reads revisions "
                          "with git (run it in the registry's clone)")
    prefix = lines[1].strip() if len(lines) > 1 else ""
    return Repo(root, Path(lines[0]), prefix)


def resolve(repo: Repo, revision: str) -> str:
    """The commit a revision names (a branch, tag, sha, `HEAD~1`...), or exit 2."""
    if not revision or revision.startswith("-"):
        raise AbmctlError(f"{revision!r} is not a git revision")
    result = _run(repo.root, "rev-parse", "--verify", "--quiet", "--end-of-options",
                  f"{revision}^{{commit}}")
    if result.returncode != 0:
        raise AbmctlError(f"unknown revision {revision!r}: no such commit, branch or tag in "
                          "this repository (fetch it first?)")
    return result.stdout.decode().strip()


def account_tiers_at(repo: Repo, commit: str) -> dict[str, AccountTier]:
    """Each account's tier at `commit` (the first of a repeated id), read in memory.

    Only ids and tiers are needed here, so the files skip the position index and the record
    models (five times faster on a 10,000-account registry); `line` is 0.
    """
    found: dict[str, AccountTier] = {}
    for rel, raw in sorted(_files_at(repo, commit, [ACCOUNTS]).items()):
        if rel.count("/") != 2 or not rel.endswith((".yaml", ".yml")):
            continue  # the loader reads the folder's own *.yaml files, not sub-folders
        data = _values(raw, rel, commit)
        items = data.get("accounts") if isinstance(data, dict) else None
        for item in items if isinstance(items, list) else []:
            ident, tier = (item.get("id"), item.get("tier")) if isinstance(item, dict) else (0, 0)
            if isinstance(ident, str) and type(tier) is int and ident not in found:
                found[ident] = AccountTier(ident, tier, rel, 0, _day(item.get("tier_since")))
    return found


def _day(value: object) -> date | None:
    """A `tier_since` as the loader reads it (an ISO date), else None."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _values(raw: bytes, rel: str, commit: str) -> Any:
    """A file's values, read as the loader reads them (same checks, same limits)."""
    try:
        return load_values(decode(raw, rel), rel)
    except YamlProblem as problem:
        message, line = problem.finding.message, problem.finding.line
    raise AbmctlError(f"cannot read it at {commit[:12]}: {message}", path=rel, line=line)


@contextmanager
def registry_at(repo: Repo, commit: str) -> Iterator[Registry]:
    """The whole registry at `commit`, loaded from a temporary copy of its files."""
    from abmctl.load.registry_files import load_registry

    with tempfile.TemporaryDirectory(prefix="abmctl-rev-") as folder:
        root = Path(folder)
        (root / "registry").mkdir()
        archive = _archive(repo, commit, ["registry", "rules"])
        if archive is not None:
            with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
                _extract(tar, root, commit)
        yield load_registry(root)


def _extract(tar: tarfile.TarFile, root: Path, commit: str) -> None:
    """The archive's files under `root`. A symbolic link out of the registry (absolute, or
    up and out) is made as it is: the loader refuses it with a finding, as in the work tree."""
    for member in tar:
        try:
            tar.extract(member, root, filter="data")
        except tarfile.FilterError as exc:
            outside = member.name.startswith("/") or ".." in member.name.split("/")
            if not member.issym() or outside:
                raise AbmctlError(f"cannot read it at {commit[:12]}: {exc}",
                                  path=member.name) from None
            (root / member.name).parent.mkdir(parents=True, exist_ok=True)
            (root / member.name).symlink_to(member.linkname)


def registry_files_at(repo: Repo, commit: str) -> dict[str, bytes]:
    """Every file under `registry/` and `rules/` at `commit`, by root-relative path."""
    return _files_at(repo, commit, ["registry", "rules"])


def _files_at(repo: Repo, commit: str, paths: list[str]) -> dict[str, bytes]:
    archive = _archive(repo, commit, paths)
    if archive is None:
        return {}
    files: dict[str, bytes] = {}
    links: dict[str, str] = {}
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        for member in tar:
            if member.issym():  # followed below when it leads to a file of the archive
                links[member.name] = posixpath.normpath(
                    posixpath.join(posixpath.dirname(member.name), member.linkname))
            handle = tar.extractfile(member) if member.isfile() else None
            if handle is not None:
                if member.size > MAX_YAML_BYTES:
                    raise AbmctlError(f"cannot read it at {commit[:12]}: larger than "
                                      f"{MAX_YAML_BYTES >> 20} MiB (docs/limits.md)",
                                      path=member.name)
                files[member.name] = handle.read()
    for name, target in links.items():
        if target in files:  # a link out of the archive, or to nothing, is left out
            files[name] = files[target]
    return files


def _archive(repo: Repo, commit: str, paths: list[str]) -> bytes | None:
    """A tar of those of `paths` that exist at `commit` (None: none of them does)."""
    present = [p for p in paths if _exists(repo, commit, p)]
    if not present:
        return None
    result = _run(repo.top, "archive", "--format=tar", f"{commit}:{repo.prefix}", "--",
                  *present)
    if result.returncode != 0:
        raise AbmctlError(f"git archive failed at {commit[:12]}: {_first_line(result.stderr)}")
    return result.stdout


def _exists(repo: Repo, commit: str, path: str) -> bool:
    result = _run(repo.root, "cat-file", "-e", f"{commit}:{repo.prefix}{path}")
    return result.returncode == 0


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[bytes]:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, check=False,
                              env=_git_env())
    except FileNotFoundError:
        raise AbmctlError("git is not installed (or not on PATH); reading a revision needs "
                          "it") from None
    except OSError as exc:
        raise AbmctlError(f"cannot run git: {exc}") from None


def _git_env() -> dict[str, str]:
    import os

    env = dict(os.environ)
    env.update({"LC_ALL": "C", "GIT_TERMINAL_PROMPT": "0"})
    return env


def _first_line(raw: bytes) -> str:
    text = raw.decode("utf-8", "replace").strip()
    return text.splitlines()[0] if text else "no message"


def same_tree(first: Path, second: Path) -> bool:
    """Do two folders hold the same files with the same bytes (a revision's extracted
    folder against the working tree's)?"""
    if not second.is_dir():
        return False

    def files(folder: Path) -> dict[str, Path]:
        return {p.relative_to(folder).as_posix(): p for p in folder.rglob("*") if p.is_file()}

    ours, theirs = files(first), files(second)
    return ours.keys() == theirs.keys() and all(
        ours[name].stat().st_size == theirs[name].stat().st_size
        and ours[name].read_bytes() == theirs[name].read_bytes() for name in ours)
