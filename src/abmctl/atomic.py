"""Writing a file whole or not at all: a temporary file beside it, flushed to disk, renamed over
it. `tiers apply` (all of its files or none) and every report's `--output FILE` write this way,
so a reader never sees half a file, and a run that fails leaves the old one in place.
"""

from __future__ import annotations

import errno
import os
import stat
import tempfile
from collections.abc import Iterable
from pathlib import Path

TEMP_SUFFIX = ".abmctl-tmp"


def temp_beside(path: Path, pieces: Iterable[bytes], mode: int) -> Path:
    """A temporary file in `path`'s folder holding `pieces`, on disk, with permissions `mode`;
    named `.<name>.<pid>.<random>.abmctl-tmp` so a killed run's leftover is recognised.
    Nothing is left behind when writing fails."""
    handle, name = tempfile.mkstemp(prefix=f".{path.name}.{os.getpid()}.", suffix=TEMP_SUFFIX,
                                    dir=path.parent)
    temp = Path(name)
    try:
        with os.fdopen(handle, "wb") as out:
            for piece in pieces:
                out.write(piece)
            out.flush()
            os.fsync(out.fileno())
        os.chmod(temp, mode)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise
    return temp


def resolve(path: Path) -> Path:
    """`path.resolve()`, a link loop raised as the OSError it is (ELOOP: "Too many levels of
    symbolic links"), which Python before 3.13 raises as a RuntimeError."""
    try:
        return path.resolve()
    except RuntimeError:
        raise OSError(errno.ELOOP, os.strerror(errno.ELOOP), str(path)) from None


def replace_file(path: Path, pieces: Iterable[bytes]) -> None:
    """`path` holds `pieces` once this returns, and what it held before if it raises (OSError).
    A link is written through to the file it names; a device or pipe (`/dev/null`) is
    written to directly, as there is nothing to rename over."""
    target = resolve(path)
    try:
        mode = target.stat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not stat.S_ISREG(mode):
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(21, "is a folder, not a file")
        with target.open("wb") as out:
            for piece in pieces:
                out.write(piece)
        return
    temp = temp_beside(target, pieces, new_file_mode() if mode is None else stat.S_IMODE(mode))
    try:
        os.replace(temp, target)
    except BaseException:
        temp.unlink(missing_ok=True)
        raise


def new_file_mode() -> int:
    """What `open(path, "w")` would give a new file: 0o666 less the process's umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask
