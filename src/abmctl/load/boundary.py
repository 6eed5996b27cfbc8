"""The trust boundary for reading: every registry, rules, activity export and column-map file
abmctl reads comes through here, and so does every bound on what reading may cost.

A file named inside the registry root must resolve inside it (a symbolic link out of the root,
a link loop or a link to nothing is refused, never skipped); only regular files are opened (a
folder, FIFO or device named like a file is refused before it is opened, so nothing hangs);
no file, and no decompressed export, is read past its bound. docs/limits.md lists the bounds
and what each one costs.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path

from abmctl.findings import Finding

MIB = 1 << 20

# ---- the bounds: the one home of every reading limit (docs/limits.md) -----------------------
MAX_YAML_BYTES = 32 * MIB  # one registry, rules or column-map file; 10,000 accounts are ~3 MB
MAX_EXPORT_BYTES = 256 * MIB  # one activity export, after decompression: ~2 million rows
# rows of one Parquet export, read off its footer before its data: its bytes are compressed,
# so MAX_EXPORT_BYTES bounds the text of its values once read, and this what reading costs
MAX_PARQUET_ROWS = 4 * MIB
MAX_DEPTH = 32  # nesting of a YAML value or a JSON Lines row
MAX_ALIAS_EVENTS = 100_000  # values YAML aliases may replay in one file (a billion laughs)
MAX_ALIAS_CHARS = 16 * MIB  # characters YAML aliases may add to one file when expanded
MAX_FINDINGS_PER_CODE = 1_000  # then one "and N more" finding for the code
_CHUNK = 1 * MIB  # bytes read or decompressed at a time
_MORE = "abmctl-more"  # `more`'s mark in a finding's extra


class Refused(Exception):
    """A file (or folder) abmctl will not read; the message says why, for its finding."""


def read_bytes(path: Path, limit: int, root: Path | None = None) -> bytes:
    """The bytes of the regular file `path`, at most `limit` of them; `root`: when `path` is
    named inside it, it must also resolve inside it. Raises Refused."""
    target = _resolved(path, root)
    _regular(target)
    try:
        handle = os.open(target, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_BINARY", 0))
    except OSError as exc:
        raise Refused(f"cannot read file: {exc.strerror or exc}") from None
    try:
        if not stat.S_ISREG(os.fstat(handle).st_mode):  # swapped since it was looked at
            raise Refused("not a regular file; not read")
        with os.fdopen(handle, "rb", closefd=False) as stream:
            raw = stream.read(limit + 1)
    except OSError as exc:
        raise Refused(f"cannot read file: {exc.strerror or exc}") from None
    finally:
        os.close(handle)
    if len(raw) > limit:
        raise Refused(f"larger than {_size(limit)}; not read (docs/limits.md)")
    return raw


def gunzip(raw: bytes, limit: int) -> bytes:
    """The decompressed bytes of a gzip file (every member), at most `limit` of them: a
    bomb is refused once it passes the limit, before it takes more memory than that."""
    import zlib

    parts: list[bytes] = []
    size = 0
    rest = raw
    while rest:
        inflate = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
        pending = rest
        while pending and not inflate.eof:
            part = inflate.decompress(pending, _CHUNK)
            pending = inflate.unconsumed_tail
            size += len(part)
            if size > limit:
                raise Refused(f"decompresses to more than {_size(limit)}; not read "
                              "(docs/limits.md)")
            parts.append(part)
        if not inflate.eof:
            raise Refused("damaged gzip file (it ends before its data does)")
        rest = inflate.unused_data.lstrip(b"\x00")  # members may follow; padding may too
    return b"".join(parts)


def folder_entries(folder: Path) -> list[Path]:
    """The entries of `folder`, sorted by name; an unreadable folder is Refused."""
    try:
        return sorted(folder.iterdir())
    except OSError as exc:
        raise Refused(f"cannot list the folder: {exc.strerror or exc}") from None


def check_regular(path: Path) -> None:
    """`path` (followed if a link) is a regular file or a folder, or Refused; for the
    files and folders a user names on the command line, which may lie anywhere."""
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise Refused(_missing(path, exc)) from None
    if not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
        raise Refused(f"{_kind(mode)}, not a regular file or folder; not read")


def more(code: str, count: int, path: str | None) -> Finding:
    """Stands for `count` findings of `code` that were counted but not made (`capped` adds
    them up)."""
    return Finding(code, "error", "", path, None, extra=((_MORE, str(count)),))


def capped(findings: Iterable[Finding]) -> list[Finding]:
    """At most MAX_FINDINGS_PER_CODE findings of each code, in the order given, then one
    finding per code saying how many more there were (the first ones say where)."""
    kept: list[Finding] = []
    seen: dict[str, int] = {}
    first: dict[str, Finding] = {}
    for finding in findings:
        counted = finding.extra[0][1] if finding.extra and finding.extra[0][0] == _MORE else ""
        count = seen.get(finding.code, 0) + (int(counted) if counted else 1)
        seen[finding.code] = count
        if not counted and count <= MAX_FINDINGS_PER_CODE:
            kept.append(finding)
            first.setdefault(finding.code, finding)
    for code, count in seen.items():
        if count > MAX_FINDINGS_PER_CODE and code in first:
            shown = first[code]
            kept.append(Finding(code, shown.severity,
                                f"and {count - MAX_FINDINGS_PER_CODE} more {code} finding(s) "
                                f"not listed (at most {MAX_FINDINGS_PER_CODE:,} per code are)",
                                shown.path, None))
    return kept


def leads_to(path: Path) -> Path:
    """Where `path` leads, links followed; itself (absolute) when it leads nowhere (a link
    loop, a broken link): for telling two names of one file apart, never for reading."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):  # RuntimeError: a link loop, before Python 3.13
        return path.absolute()


def _resolved(path: Path, root: Path | None) -> Path:
    """Where `path` leads; inside `root` when it is named inside it."""
    try:
        target = Path(os.path.realpath(path, strict=True))
    except OSError as exc:
        raise Refused(_missing(path, exc)) from None
    if root is not None and _within(path.absolute(), root.absolute()):
        home = Path(os.path.realpath(root))
        if not _within(target, home):
            raise Refused("a symbolic link to a file outside the registry root; not read "
                          "(copy the file into the registry instead)")
    return target


def _within(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _missing(path: Path, exc: OSError) -> str:
    import errno

    if exc.errno == errno.ELOOP:
        return "a symbolic link loop; not read"
    try:
        link = path.is_symlink()
    except OSError:  # a name too long, a folder on the way that cannot be searched
        link = False
    if link:
        return "a symbolic link to a file that does not exist; not read"
    return f"cannot read file: {exc.strerror or exc}"


def _regular(target: Path) -> None:
    try:
        mode = os.stat(target).st_mode
    except OSError as exc:
        raise Refused(f"cannot read file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(mode):
        raise Refused(f"{_kind(mode)} named like a file, not a regular file; not read")


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "a special file"


def _size(limit: int) -> str:
    return f"{limit // MIB} MiB" if limit >= MIB else f"{limit} bytes"
