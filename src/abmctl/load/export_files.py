"""Finding and reading activity export files: each read once, as bytes, and decoded (UTF-8
with or without BOM). What cannot be read as text becomes a skipped row, not a crash."""

from __future__ import annotations

import os
import sys
import zlib
from pathlib import Path

from abmctl.engine.activity import SkippedRow
from abmctl.errors import AbmctlError
from abmctl.load.adapters import Adapter, SourceFile
from abmctl.load.boundary import (
    MAX_EXPORT_BYTES,
    Refused,
    check_regular,
    folder_entries,
    gunzip,
    leads_to,
    read_bytes,
)

# the exports a folder is read for (each optionally .gz); Parquet's own: `adapters.parquet`
SUFFIXES = (".csv", ".tsv", ".txt", ".jsonl", ".ndjson", ".parquet", ".pq")


def export_files(paths: list[Path], option: str = "--signals") -> list[Path]:
    """Files as named; folders expand to their exports (not recursive), sorted by name.
    `option`: what named them, for the messages ("" for registry/signals/ itself)."""
    found: list[Path] = []
    said = f"{option}: " if option else ""
    for path in paths:
        try:
            missing = not path.exists() and not path.is_symlink()
        except OSError as exc:  # a folder on its way cannot be searched
            raise AbmctlError(f"{said}cannot read it: {exc.strerror or exc}",
                              path.as_posix()) from None
        if missing:
            raise AbmctlError(f"{said}{path}: no such file or folder")
        try:
            check_regular(path)  # a FIFO or a device named on the command line: not opened
            entries = folder_entries(path) if path.is_dir() else None
        except Refused as refused:
            raise AbmctlError(f"{said}{refused}", path.as_posix()) from None
        if entries is None:
            found.append(path)
        else:  # every export name, so a folder, FIFO or broken link so named is reported
            found += [p for p in entries if not p.name.startswith(".")
                      and p.name.lower().removesuffix(".gz").endswith(SUFFIXES)]
    unique = {leads_to(p): p for p in reversed(found)}  # a file named twice is read once
    return [p for p in found if unique.get(leads_to(p)) is p]




def relative(path: Path, root: Path | None) -> str:
    """The name rows and messages use: relative to the registry root when inside it."""
    if root is not None:
        named = Path(os.path.normpath(path.absolute()))  # a link inside is named as it is
        for place, home in ((named, root.absolute()), (leads_to(path), root.resolve())):
            try:
                return place.relative_to(home).as_posix()
            except ValueError:
                pass
    return path.as_posix()


def layout_encodings(read: Adapter) -> tuple[str, ...]:
    """The encodings a layout's module declares beyond UTF-8 (`ENCODINGS`; vendor exports
    saved by Excel may be cp1252); the canonical layout declares none."""
    module = sys.modules.get(getattr(read, "__module__", "") or "")
    declared = getattr(module, "ENCODINGS", ())
    return tuple(e for e in declared if e.replace("-", "").lower() not in ("utf8", "utf8sig"))


def read_source(path: Path, rel: str, skipped: list[SkippedRow],
                encodings: tuple[str, ...] = (), root: Path | None = None) -> SourceFile | None:
    """The file's text; None (with a skipped row saying why) when it is no text export, or
    one abmctl will not read (`boundary`: a link out of `root`, a FIFO, past the size bound)."""
    raw = read_export(path, rel, skipped, root)
    return None if raw is None else text_source(path, rel, raw, skipped, encodings)


def read_export(path: Path, rel: str, skipped: list[SkippedRow],
                root: Path | None = None) -> bytes | None:
    """The file's bytes (a gzip file's decompressed); None (with a skipped row saying why)
    when abmctl will not read it (`read_source`)."""
    try:
        raw = read_bytes(path, MAX_EXPORT_BYTES, root)
        if raw[:2] == b"\x1f\x8b":
            raw = gunzip(raw, MAX_EXPORT_BYTES)
    except Refused as refused:
        skipped.append(SkippedRow(rel, 1, str(refused), unread=True))
        return None
    except (OSError, EOFError, zlib.error) as exc:
        skipped.append(SkippedRow(rel, 1, f"damaged gzip file ({exc})"))
        return None
    return raw


def text_source(path: Path, rel: str, raw: bytes, skipped: list[SkippedRow],
                encodings: tuple[str, ...] = ()) -> SourceFile | None:
    """The export's bytes decoded (`decode`); None (with a skipped row) when they are no text."""
    json_lines = path.name.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson"))
    text = decode(raw, rel, skipped, header=not json_lines, encodings=encodings)
    return None if text is None else SourceFile(rel, path.name.removesuffix(".gz"), text)


def decode(raw: bytes, rel: str, skipped: list[SkippedRow], header: bool,
           encodings: tuple[str, ...] = ()) -> str | None:
    """UTF-8 with or without BOM (UTF-16 with a BOM too: Excel's "Unicode text"), else, line by
    line, UTF-8 or the layout's own `encodings`. Lines that are none of these are skipped one by
    one and the rest
    of the file still counts (a CSV header that is not UTF-8 stops the run: without it no row
    can be read)."""
    if raw[:2] in (b"\xff\xfe", b"\xfe\xff"):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:8192]:
        kind = "a zip or Excel workbook" if raw[:2] == b"PK" else "binary file"
        skipped.append(SkippedRow(rel, 1, f"{kind}, not CSV/JSON Lines; export it as CSV"))
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    # line by line: a UTF-8 export with one line saved by Excel in cp1252 keeps its other
    # lines' accents (decoding the whole file as cp1252 would garble every one of them)
    lines = raw.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    texts: list[str] = []
    for number, line in enumerate(lines):
        try:
            texts.append(line.decode("utf-8"))
            continue
        except UnicodeDecodeError as exc:
            fault = exc
        for encoding in encodings:
            try:
                texts.append(line.decode(encoding))
                break
            except UnicodeDecodeError:
                pass
        else:
            if number == 0 and header:
                raise AbmctlError(
                    f"not UTF-8 (byte 0x{line[fault.start]:02x}); re-save the file as UTF-8",
                    rel, 1,
                ) from None
            skipped.append(SkippedRow(
                rel, number + 1, f"not UTF-8 (byte 0x{line[fault.start]:02x}); re-save as UTF-8"
            ))
            texts.append("")
    return "\n".join(texts)
