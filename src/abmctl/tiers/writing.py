"""Minimal, atomic edits of account files: `tier` and `tier_since` (`tiers apply`), the
fields `accounts import` sets (`fieldedit`), and new account records appended to a file
(created if missing).

Only the characters of those values change (`yamledit` finds them), so comments, quoting,
flow/block style, anchors, blank lines, CRLF endings and a missing final newline stay
byte-for-byte. Every result is re-read and compared with what was meant before anything is
written. Files are written as temp file + fsync + rename, all temps first, so either every file
changes or none does; a file changed on disk since it was read is refused.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import shutil
import stat
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from abmctl.atomic import new_file_mode, temp_beside
from abmctl.errors import AbmctlError
from abmctl.load.yamlfile import yaml_lines
from abmctl.tiers.yamledit import (
    Patch,
    TierEdit,
    YamlMap,
    _kind,
    first_eol,
    record_span,
    scanned,
    splice,
)

__all__ = ["FileChange", "NewRecords", "RecordEdit", "TierEdit", "prepare", "verify",
           "write_all"]


class RecordEdit(Protocol):
    """An edit of one account record: where it is, the patches that make it (from the
    record's lines when its layout allows, else from its scanner tokens), and the record as
    it must read afterwards (for `verify`)."""

    @property
    def path(self) -> str: ...

    @property
    def line(self) -> int: ...

    @property
    def account(self) -> str: ...

    def line_patches(self, lines: list[str], first: int, base: int,
                     eol: str) -> list[Patch] | None: ...

    def patches(self, snippet: str, base: int, record: YamlMap, eol: str) -> list[Patch]: ...

    def applied(self, before: dict[str, Any], rel: str) -> dict[str, Any]: ...


@dataclass(frozen=True, slots=True)
class NewRecords:
    """Account records appended to the `accounts:` list of a file (created when missing):
    their text, in the file's own indentation, and their values (for `verify`)."""

    text: str  # the items, each line ending "\n" (written with the file's line ends)
    values: tuple[dict[str, Any], ...]
    header: str = ""  # the opening comment of a file created for them


@dataclass(frozen=True, slots=True)
class FileChange:
    """A file's bytes as read and as they will be written (`output.file_diff` shows it)."""

    rel: str
    path: Path
    old: bytes
    new: bytes
    created: bool = False  # the file did not exist


def prepare(root: Path, edits: Iterable[RecordEdit],
            additions: Mapping[str, NewRecords] | None = None) -> list[FileChange]:
    """The new bytes of every file the edits touch (and of every file `additions` appends
    new records to), verified by re-reading; nothing written."""
    by_file: dict[str, list[RecordEdit]] = {}
    for edit in edits:
        by_file.setdefault(edit.path, []).append(edit)
    added = dict(additions or {})
    return [_edit_file(root, rel, by_file.get(rel, []), added.get(rel))
            for rel in sorted(set(by_file) | set(added))]


def _edit_file(root: Path, rel: str, edits: list[RecordEdit],
               added: NewRecords | None = None) -> FileChange:
    # through a symbolic link to the file it names: renaming the new text over the link
    # itself would cut it, and leave the shared file without the change
    path = (root / rel).resolve()
    if root.resolve() not in path.parents:
        raise AbmctlError("a symbolic link to a file outside the registry root; abmctl does "
                          "not write through it; nothing was written", path=rel)
    created = added is not None and not edits and not path.exists() and not path.is_symlink()
    try:
        raw = b"" if created else path.read_bytes()
        text = raw.decode("utf-8")  # a BOM stays in the text as U+FEFF, and is written back
    except (OSError, UnicodeDecodeError) as exc:
        raise AbmctlError(f"cannot read the file to edit it: {exc}", path=rel) from None
    lines = yaml_lines(text)  # the loader numbers lines the same way (CR, LF, CR LF)
    starts = [0]
    for line in lines:
        starts.append(starts[-1] + len(line))
    eol = first_eol(text)
    patches: list[Patch] = []
    for edit in edits:
        patches += _record_patches(text, lines, starts, edit, eol)
    if added is not None:
        patches += _appended(text, added, eol, rel)
    new_text = splice(text, patches, rel)
    if created:
        _verify_created(rel, new_text, added)
    else:
        verify(rel, text, new_text, edits, added)
    return FileChange(rel, path, raw, new_text.encode("utf-8"), created)


_FLOW_LIST = re.compile(r"^accounts:([ \t]*\[)([ \t]*\])?", re.MULTILINE)
_NULL_LIST = re.compile(r"^accounts:([ \t]+(?:~|null|Null|NULL))[ \t]*(?:#|$)", re.MULTILINE)
_ACCOUNTS_KEY = re.compile(r"^accounts:", re.MULTILINE)


def _appended(text: str, added: NewRecords, eol: str, rel: str) -> list[Patch]:
    """The new records where the `accounts:` list ends: the end of the file, or before what
    follows the list at the left margin (another key, a closing `...`), after its last item
    (a line end first if that line has none); an empty `accounts: []` (or null) becomes the
    block list they start."""
    body = added.text.replace("\n", eol)
    if not text:
        return [(0, 0, added.header.replace("\n", eol) + "accounts:" + eol + body)]
    patches: list[Patch] = []
    key = _ACCOUNTS_KEY.search(text)
    if key is None:  # a file of comments only: its list starts here
        body = "accounts:" + eol + body
    flow = _FLOW_LIST.search(text)
    if flow is not None and flow.group(2) is None:
        raise AbmctlError("its accounts are a flow list ([...]); new accounts are added to a "
                          "block list (one `- id:` item a line); nothing was written", path=rel)
    if flow is not None:
        patches.append((flow.start(1), flow.end(2), ""))
    elif (null := _NULL_LIST.search(text)) is not None:
        patches.append((null.start(1), null.end(1), ""))
    at = _list_end(text, key.end()) if key is not None else len(text)
    if not text[:at].endswith(("\n", "\r")):
        body = eol + body
    return [*patches, (at, at, body)]


def _list_end(text: str, start: int) -> int:
    """Where the `accounts:` list that starts at `start` ends: after its last line that is
    not blank or a comment, when something follows it at the left margin (not an item of an
    indentless list); else the end of the file."""
    offset, last = start, None
    for line in yaml_lines(text[start:]):
        body = line.rstrip("\r\n")
        if offset > start and body[:1] not in ("", " ", "\t", "#") and not (
                body[:1] == "-" and body[1:2] in ("", " ", "\t")):
            return last if last is not None else offset
        offset += len(line)
        if body.strip() and not body.lstrip(" \t").startswith("#"):
            last = offset
    return len(text)


def _record_patches(text: str, lines: list[str], starts: list[int], edit: RecordEdit,
                    eol: str) -> list[Patch]:
    span = record_span(lines, edit.line)
    if span is not None:
        quick = edit.line_patches(lines[span[0]:span[1] + 1], span[0], starts[span[0]], eol)
        if quick is not None:
            return quick
    if span is None:  # not a block list item (e.g. `accounts: [{...}]`): scan the whole file
        base = 1 if text.startswith("\ufeff") else 0
        snippet = text[base:]
    else:
        base, snippet = starts[span[0]], text[starts[span[0]]:starts[span[1] + 1]]
    found = scanned(snippet, edit)  # type: ignore[arg-type]
    record = found.by_id.get(edit.account)
    if record is None and any(m.entries.get("id") and _kind(m.entries["id"].value) ==
                              "AliasToken" for m in found.maps):
        raise AbmctlError(f"account '{edit.account}' has its id written as an alias (*name); "
                          "abmctl edits a record it finds by its written id; write the id out "
                          "or change it by hand; nothing was written", path=edit.path,
                          line=edit.line)
    if record is None:
        raise AbmctlError(f"account '{edit.account}' is no longer where it was read; the file "
                          "changed on disk; nothing was written", path=edit.path, line=edit.line)
    return edit.patches(snippet, base, record, eol)


def verify(rel: str, old_text: str, new_text: str, edits: Sequence[RecordEdit],
           added: NewRecords | None = None) -> None:
    """Re-read both texts: the new one must equal the old one with exactly the edits made
    (and the new records after the old ones)."""
    old, new = (_read(t, rel) for t in (old_text, new_text))
    if added is not None and (old is None or (isinstance(old, dict) and
                              old.get("accounts") is None)):
        old = {**(old or {}), "accounts": []}  # an empty file or list the new records start
    if not (isinstance(old, dict) and isinstance(new, dict)):
        raise _unsafe(rel, "the file's other content")
    wanted = {e.account: e for e in edits}
    old_list, new_list = old.get("accounts"), new.get("accounts")
    same_rest = {k: v for k, v in old.items() if k != "accounts"} == \
        {k: v for k, v in new.items() if k != "accounts"}
    extra = list(added.values) if added is not None else []
    if not (isinstance(old_list, list) and isinstance(new_list, list)) or not same_rest or \
            len(old_list) + len(extra) != len(new_list):
        raise _unsafe(rel, "the file's other content")
    seen: set[str] = set()
    for before, after in zip(old_list + extra, new_list, strict=True):
        edit = wanted.get(str(before.get("id"))) if isinstance(before, dict) else None
        if edit is not None:
            seen.add(edit.account)
            before = edit.applied(before, rel)
        if before != after:
            name = before.get("id") if isinstance(before, dict) else None
            raise _unsafe(rel, f"account '{name}'" if name else "another record")
    if seen != set(wanted):
        raise _unsafe(rel, "accounts it could not find")


def _verify_created(rel: str, new_text: str, added: NewRecords | None) -> None:
    found = _read(new_text, rel)
    if not isinstance(found, dict) or added is None or \
            found != {"accounts": list(added.values)}:
        raise _unsafe(rel, "the new file")


def _read(text: str, rel: str) -> Any:
    import yaml_rs

    try:
        return yaml_rs.loads(text.removeprefix("\ufeff"), parse_datetime=False)
    except yaml_rs.YAMLDecodeError as exc:
        line = str(exc).splitlines()[0]
        raise AbmctlError(f"the edit would not read back as YAML ({line}); nothing was "
                          "written", path=rel) from None


def _unsafe(rel: str, what: str) -> AbmctlError:
    return AbmctlError(f"editing the file here would also change {what} (a value shared "
                       "through a YAML anchor?); change it by hand; nothing was written",
                       path=rel)


def write_all(changes: Sequence[FileChange]) -> None:
    """Write every change or none: all temps first, then renames, undone on any failure."""
    remove_leftovers({change.path.parent for change in changes})
    temps: dict[Path, Path] = {}
    backups: dict[Path, Path] = {}
    done: list[FileChange] = []
    current = changes[0].rel if changes else ""
    try:
        for change in changes:
            current = change.rel
            temps[change.path] = _write_temp(change)
        for change in changes:
            _still_as_read(change)
        for change in changes:
            current = change.rel
            if not change.created:
                backups[change.path] = _backup(change.path)
        for change in changes:
            current = change.rel
            os.replace(temps[change.path], change.path)
            done.append(change)
    except OSError as exc:
        kept = _restore(done, backups)
        note = f"; originals kept at {', '.join(kept)}" if kept else "; nothing was changed"
        raise AbmctlError(f"could not write the file: {exc.strerror or exc}{note}",
                          path=current) from None
    finally:
        for leftover in (*temps.values(), *backups.values()):
            leftover.unlink(missing_ok=True)
    _sync_folders({change.path.parent for change in changes})


def _write_temp(change: FileChange) -> Path:
    mode = new_file_mode() if change.created else stat.S_IMODE(change.path.stat().st_mode)
    return temp_beside(change.path, [change.new], mode)


def _still_as_read(change: FileChange) -> None:
    now: bytes | None
    try:
        now = change.path.read_bytes()
    except OSError:
        now = None if change.created else b""
    if now != (None if change.created else change.old):
        raise AbmctlError("the file changed on disk since abmctl read it; nothing was written; "
                          "run the command again", path=change.rel)


def _backup(path: Path) -> Path:
    backup = path.with_name(f".{path.name}.{os.getpid()}.{secrets.token_hex(4)}.abmctl-backup")
    try:
        os.link(path, backup)
    except OSError:
        shutil.copy2(path, backup)
    return backup


# `.<file>.<pid>.<random>.abmctl-tmp` / `.abmctl-backup`: what a write in progress keeps
_LEFTOVER = re.compile(r"\.(?:(\d+)\.)?[^.]+\.abmctl-(?:tmp|backup)\Z")


def remove_leftovers(folders: Iterable[Path]) -> list[Path]:
    """Remove the temporary and backup files an apply that was killed left in `folders`
    (those of a run still going are kept); the files removed."""
    removed: list[Path] = []
    for folder in folders:
        try:
            names = [p for p in folder.iterdir() if p.name.startswith(".")]
        except OSError:
            continue
        for path in names:
            found = _LEFTOVER.search(path.name)
            if found is None or (found.group(1) and _running(int(found.group(1)))):
                continue
            with contextlib.suppress(OSError):
                path.unlink()
                removed.append(path)
    return removed


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False  # an earlier run of this very process id: it is over
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except OSError:
        return True  # someone else's process
    return True


def _restore(done: list[FileChange], backups: dict[Path, Path]) -> list[str]:
    """Put back the files already renamed; the paths of any backup that could not be."""
    kept: list[str] = []
    for change in reversed(done):
        try:
            if change.created:
                change.path.unlink()
                continue
            os.replace(backups[change.path], change.path)
        except OSError:
            kept.append(str(backups.pop(change.path)))
    return kept


def _sync_folders(folders: set[Path]) -> None:
    for folder in folders:
        try:
            handle = os.open(folder, os.O_RDONLY)
        except OSError:
            continue
        try:
            os.fsync(handle)
        except OSError:
            pass
        finally:
            os.close(handle)
