"""git for the tests: a repository with a fixed identity (whoever runs the tests, wherever),
and commits with the dates a test gives."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

OPS = ("Ops", "ops@example.com")  # the identity unless a test names another


def git(root: Path, *args: str, env: dict[str, str] | None = None,
        author: tuple[str, str] = OPS) -> str:
    """`git ARGS` in `root` as `author` (name, email), with no signing and no line-ending
    conversion; its stdout. `env` adds to (or overrides) the environment, dates included."""
    name, email = author
    done = subprocess.run(
        ["git", "-c", f"user.name={name}", "-c", f"user.email={email}",
         "-c", "commit.gpgsign=false", "-c", "core.autocrlf=false", *args],
        cwd=root, capture_output=True, text=True, check=True,
        env={**os.environ, **identity(author), **(env or {})})
    return done.stdout


def identity(author: tuple[str, str] = OPS) -> dict[str, str]:
    """The environment that makes `author` (name, email) the author and committer of what
    git commits: for a git the test does not call itself (pre-commit's, a `git commit` that
    must run the hooks)."""
    name, email = author
    return {"GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
            "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email}


def init(root: Path, message: str | None = None, *, author: tuple[str, str] = OPS) -> None:
    """A repository on `main` in `root`; with `message`, everything in it committed."""
    git(root, "init", "-q", "-b", "main", author=author)
    if message is not None:
        git(root, "add", "-A", author=author)
        git(root, "commit", "-q", "--no-verify", "-m", message, author=author)


def commit(root: Path, message: str, when: str | None = None, *, author_when: str | None = None,
           files: dict[str, str | None] | None = None, author: tuple[str, str] = OPS) -> str:
    """Write `files` (None: delete), commit everything (even nothing) dated `when` (an ISO
    moment; the author date `author_when`, else the same; none: now); the commit's sha."""
    for rel, text in (files or {}).items():
        path = root / rel
        if text is None:
            path.unlink()
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    env = {} if when is None else {"GIT_AUTHOR_DATE": author_when or when,
                                   "GIT_COMMITTER_DATE": when}
    git(root, "add", "-A", env=env, author=author)
    # --no-verify: a hook of the machine's own (a global core.hooksPath) has no say in a test
    git(root, "commit", "-q", "--no-verify", "--allow-empty", "-m", message, env=env,
        author=author)
    return git(root, "rev-parse", "HEAD", author=author).strip()
