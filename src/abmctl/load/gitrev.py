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
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
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


@dataclass(frozen=True, slots=True)
class Unread:
    """An account file of a revision that does not load (not YAML, past a reading bound...):
    left out, as the working tree's would be, with the ids it seems to hold."""

    path: str
    line: int | None
    code: str
    message: str
    ids: frozenset[str]


@dataclass(frozen=True, slots=True)
class TiersAt:
    """The accounts' tiers at a revision (the first of a repeated id), and the account files
    that did not load there."""

    tiers: dict[str, AccountTier]
    unread: tuple[Unread, ...] = ()

    @property
    def unloaded(self) -> frozenset[str]:
        """The ids the files that did not load seem to hold."""
        return frozenset().union(*(item.ids for item in self.unread))


def account_tiers_at(repo: Repo, commit: str) -> TiersAt:
    """Each account's tier at `commit`, read in memory; a file that does not load is left
    out (`TiersAt.unread`), as the loader leaves it out of the working tree.

    Only ids and tiers are needed here, so the files skip the position index and the record
    models (five times faster on a 10,000-account registry); `line` is 0.
    """
    from abmctl.load.registry_files import ids_written

    found: dict[str, AccountTier] = {}
    unread: list[Unread] = []
    for rel, raw in sorted(_files_at(repo, commit, [ACCOUNTS]).items()):
        if not is_account_file(rel):
            continue  # the loader reads the folder's own *.yaml files, not sub-folders
        try:
            data = file_values(raw, rel)
        except YamlProblem as problem:
            fault = problem.finding
            unread.append(Unread(rel, fault.line, fault.code, fault.message,
                                 frozenset(ids_written(raw))))
            continue
        for ident, tier, item in account_records(data):
            if ident not in found:
                found[ident] = AccountTier(ident, tier, rel, 0, _day(item.get("tier_since")))
    return TiersAt(found, tuple(unread))


def is_account_file(rel: str) -> bool:
    """Is the root-relative `rel` a file the loader reads accounts from: a `*.yaml` or
    `*.yml` of `registry/accounts/` itself (not of a sub-folder), not a hidden one."""
    folder, _, name = rel.rpartition("/")
    return folder == ACCOUNTS and name.endswith((".yaml", ".yml")) and not name.startswith(".")


def account_records(data: Any) -> Iterator[tuple[str, int, dict[str, Any]]]:
    """(id, tier, record) of each record of an account file's values that has a text id and
    a whole-number tier, in file order (what a revision's tiers are read from)."""
    items = data.get("accounts") if isinstance(data, dict) else None
    for item in items if isinstance(items, list) else []:
        ident, tier = (item.get("id"), item.get("tier")) if isinstance(item, dict) else (0, 0)
        if isinstance(ident, str) and type(tier) is int:
            yield ident, tier, item


def _day(value: object) -> date | None:
    """A `tier_since` as the loader reads it (an ISO date), else None."""
    try:
        return date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


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


# ---- history: the commits that changed some files, and their blobs (tiers/history.py) -------

_NO_BLOB = "0" * 40
LINK_MODE = "120000"  # a symbolic link's blob holds where it leads, not a file


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file a commit changed against its first parent (no rename detection: a renamed
    file is a deletion and an addition), by root-relative path."""

    path: str
    old: str | None  # the blob before; None: the commit added the file
    new: str | None  # the blob after; None: the commit deleted it
    mode: str  # the file's mode after (before, when deleted): 100644, 120000 (a link)...


@dataclass(frozen=True, slots=True)
class LoggedCommit:
    sha: str
    when: datetime  # the committer date, with its offset: when the change landed
    author: str
    subject: str
    changes: tuple[FileChange, ...]


def log_changes(repo: Repo, paths: Sequence[str], revision: str = "HEAD") -> list[LoggedCommit]:
    """The commits on `revision`'s first-parent line that changed any of `paths` (relative
    to the root), oldest first, with what each changed against its first parent: a merge is
    the change it brought to the branch. One `git log`; no file is read."""
    options = ["--reverse", "-z", "--raw", "--no-abbrev", "--no-renames", "--relative",
               "--format=%x1e%H%x1f%cI%x1f%aN%x1f%s", revision, "--", *paths]
    result = _run(repo.root, "log", "--first-parent", "--diff-merges=first-parent", *options)
    if result.returncode != 0 and b"diff-merges" in result.stderr:  # git before 2.31
        result = _run(repo.root, "log", "--first-parent", "-m", *options)
    if result.returncode != 0:
        stderr = result.stderr.decode("utf-8", "replace")
        unborn = ("does not have any commits", "unknown revision", "bad revision 'HEAD'")
        if revision == "HEAD" and any(words in stderr for words in unborn):
            return []  # a repository with no commit yet has no history
        raise AbmctlError(f"git log failed: {_first_line(result.stderr)}")
    return [_logged(record) for record in result.stdout.split(b"\x1e") if record.strip()]


def _logged(record: bytes) -> LoggedCommit:
    header, _, raw = record.partition(b"\0")
    sha, when, author, subject = header.decode("utf-8", "replace").split("\x1f", 3)
    tokens = raw.lstrip(b"\n").split(b"\0")
    changes: list[FileChange] = []
    for meta, path in zip(tokens[::2], tokens[1::2], strict=False):
        if not meta.startswith(b":"):
            continue
        old_mode, new_mode, old, new, _status = meta[1:].decode().split(" ", 4)
        changes.append(FileChange(path.decode("utf-8", "surrogateescape"),
                                  None if old == _NO_BLOB else old,
                                  None if new == _NO_BLOB else new,
                                  old_mode if new == _NO_BLOB else new_mode))
    return LoggedCommit(sha, datetime.fromisoformat(when), author, subject, tuple(changes))


class Blobs:
    """Reads blobs by sha through one `git cat-file --batch`, a batch at a time; a blob
    larger than the YAML bound is not kept (None)."""

    def __init__(self, repo: Repo) -> None:
        try:
            self._git = subprocess.Popen(["git", "cat-file", "--batch"], cwd=repo.root,
                                         stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                         stderr=subprocess.DEVNULL, env=_git_env())
        except OSError as exc:
            raise AbmctlError(f"cannot run git: {exc}") from None

    def read(self, shas: Iterable[str]) -> dict[str, bytes | None]:
        wanted = list(dict.fromkeys(shas))
        if not wanted:
            return {}
        stdin, stdout = self._git.stdin, self._git.stdout
        assert stdin is not None and stdout is not None
        stdin.write("".join(f"{sha}\n" for sha in wanted).encode())
        stdin.flush()
        found: dict[str, bytes | None] = {}
        for sha in wanted:
            header = stdout.readline().split()
            if len(header) != 3:  # "<sha> missing": not in this clone
                found[sha] = None
                continue
            size = int(header[2])
            if size <= MAX_YAML_BYTES:
                found[sha] = stdout.read(size + 1)[:size]  # and its newline
                continue
            found[sha] = None
            left = size + 1
            while left > 0:  # passed over a piece at a time, never held whole
                left -= len(stdout.read(min(left, 1 << 20))) or left
        return found

    def close(self) -> None:
        if self._git.stdin is not None:
            self._git.stdin.close()
        if self._git.stdout is not None:
            self._git.stdout.close()
        self._git.wait()

    def __enter__(self) -> Blobs:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def shallow_commits(repo: Repo) -> set[str]:
    """The commits a shallow clone cut its history at (their parents are missing); none
    in a full clone."""
    result = _run(repo.root, "rev-parse", "--git-path", "shallow")
    name = result.stdout.decode("utf-8", "replace").strip()
    path = repo.root / name if name else None
    if result.returncode != 0 or path is None or not path.is_file():
        return set()
    return set(path.read_text(encoding="ascii", errors="replace").split())


def file_values(raw: bytes, rel: str) -> Any:
    """A file's values as the loader reads them (same checks, same limits); raises
    YamlProblem when it does not parse."""
    return load_values(decode(raw, rel), rel)
