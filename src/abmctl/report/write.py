"""Writing the site into DIR: whole, or (on failure) not at all, and never over a user's files.

- DIR does not exist: the site is written into a temporary folder beside it, which is then
  renamed to DIR (one atomic step).
- DIR exists: it must be empty or hold a site abmctl wrote (its list of files,
  `.abmctl-report.json`, is there); anything else is refused (exit 2), so a mistyped DIR
  cannot overwrite a folder of other files. The site is written into a temporary folder
  inside DIR, then each page is renamed over its old version; pages the last run wrote and
  this one does not (an account taken off the list) are removed; files abmctl did not write
  (a CNAME for GitHub Pages, a README) are left as they are. A run that fails before that
  step leaves DIR as it was. A folder of the site that has become a symbolic link is
  refused (exit 2): no page is written or removed through it.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path, PurePosixPath

from abmctl.errors import AbmctlError

MANIFEST = ".abmctl-report.json"
TEMP_SUFFIX = ".abmctl-tmp"


def write_site(target: Path, make: Callable[[Path], list[str]]) -> int:
    """The site in `target`, made by `make(folder)`, which writes every page into the (new,
    empty) `folder` and returns their paths in it; how many pages."""
    try:
        return _write(target, make)
    except OSError as exc:
        raise AbmctlError(f"--html: cannot write the site: {exc.strerror or exc}",
                          path=str(target)) from None


def _write(target: Path, make: Callable[[Path], list[str]]) -> int:
    previous = _previous_files(target)
    if previous is None:
        _refuse_file_above(target)
    parent = target.parent if previous is None else target
    parent.mkdir(parents=True, exist_ok=True)
    temp = Path(tempfile.mkdtemp(prefix=f".{target.name}.{os.getpid()}.", suffix=TEMP_SUFFIX,
                                 dir=parent))
    temp.chmod(0o777 & ~_umask())  # as a folder made by mkdir: the site is for others to read
    try:
        written = make(temp)
        (temp / MANIFEST).write_text(json.dumps(
            {"written_by": "abmctl report --html", "files": written}, indent=1) + "\n",
            encoding="utf-8")
        if previous is None:
            os.rename(temp, target)
            return len(written)
        _refuse_links(target, [*written, *previous])
        _move_in(temp, target, written, previous)
        os.replace(temp / MANIFEST, target / MANIFEST)
    finally:
        if temp.exists():
            shutil.rmtree(temp, ignore_errors=True)
    return len(written)


def _previous_files(target: Path) -> list[str] | None:
    """The files the last run wrote into `target` ([] when it is empty); None when it does not
    exist. A folder of other files is refused."""
    if not target.exists() and not target.is_symlink():
        return None
    if not target.is_dir():
        raise AbmctlError("--html: is not a folder; give a folder for the site",
                          path=str(target))
    manifest = target / MANIFEST
    if manifest.is_file():
        try:
            files = json.loads(manifest.read_text(encoding="utf-8"))["files"]
        except (ValueError, KeyError, TypeError, UnicodeDecodeError):
            raise AbmctlError(f"--html: {MANIFEST} is not the list of files abmctl wrote; "
                              "remove the folder or give another", path=str(target)) from None
        return [f for f in files if isinstance(f, str) and _inside(f)]
    if any(True for _ in target.iterdir()):
        raise AbmctlError("--html: the folder holds files abmctl did not write; give a new or "
                          "empty folder (abmctl replaces only a site it wrote)",
                          path=str(target))
    return []


def _refuse_file_above(target: Path) -> None:
    """A new DIR under a file (`notes.txt/site`) is refused naming the file (the system's
    word for it is 'File exists')."""
    for above in target.parents:
        if above.exists():
            if not above.is_dir():
                raise AbmctlError(f"--html: {above} is a file, not a folder; give a folder for "
                                  "the site", path=str(target))
            return


def _inside(name: str) -> bool:
    """A relative path with no `..`: a list edited by hand cannot reach outside the site."""
    path = PurePosixPath(name)
    return not path.is_absolute() and ".." not in path.parts and bool(path.parts)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_pages(folder: Path, pages: Iterable[tuple[str, str]]) -> list[str]:
    """Each (path in the site, HTML) written under `folder`; the paths."""
    written: list[str] = []
    made: set[Path] = set()
    for name, text in pages:
        path = folder / name
        if path.parent not in made:
            path.parent.mkdir(parents=True, exist_ok=True)
            made.add(path.parent)
        path.write_bytes(text.encode("utf-8", "surrogateescape"))
        written.append(name)
    return written


def _refuse_links(target: Path, names: Iterable[str]) -> None:
    """A folder of the site that is now a symbolic link (to anywhere) is refused before any
    page is moved: a page renamed or a page removed through it would land outside the site."""
    folders = {parent for name in names for parent in PurePosixPath(name).parents
               if parent != PurePosixPath(".")}
    for folder in sorted(folders, key=lambda p: (len(p.parts), str(p))):
        if (target / folder).is_symlink():
            raise AbmctlError(f"--html: {folder.as_posix()} in the site is a symbolic link; "
                              "abmctl writes and removes pages only in the site's own folders: "
                              "remove the link, or give another folder", path=str(target))


def _move_in(temp: Path, target: Path, written: list[str], previous: list[str]) -> None:
    """Each new page renamed over its old version; the last run's pages this run did not
    write removed (only files, only those it listed), and the folders they leave empty."""
    made: set[Path] = set()
    for name in written:
        destination = target / name
        if destination.parent not in made:
            destination.parent.mkdir(parents=True, exist_ok=True)
            made.add(destination.parent)
        os.replace(temp / name, destination)
    kept = set(written)
    emptied: set[Path] = set()
    for name in previous:
        old = target / name
        if name not in kept and old.is_file() and not old.is_symlink():
            old.unlink()
            emptied.add(old.parent)
    for folder in sorted(emptied, key=lambda p: len(p.parts), reverse=True):
        if folder != target and not any(folder.iterdir()):
            folder.rmdir()
