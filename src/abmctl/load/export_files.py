"""Finding and reading activity export files: each read once, as bytes, and decoded (SPEC §2.3:
UTF-8 with or without BOM). What cannot be read as text becomes a skipped row, not a crash."""

from __future__ import annotations

import gzip
import sys
import zlib
from pathlib import Path

from abmctl.engine.activity import SkippedRow
from abmctl.errors import AbmctlError
from abmctl.load.adapters import Adapter, SourceFile

SUFFIXES = (".csv", ".tsv", ".txt", ".jsonl", ".ndjson")


def export_files(paths: list[Path]) -> list[Path]:
    """Files as named; folders expand to their exports (not recursive), sorted by name."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found += sorted(
                p for p in path.iterdir()
                if p.is_file() and not p.name.startswith(".")
                and p.name.lower().removesuffix(".gz").endswith(SUFFIXES)
            )
        elif path.is_file():
            found.append(path)
        else:
            raise AbmctlError(f"--signals: {path}: no such file or folder")
    unique = {p.resolve(): p for p in reversed(found)}  # a file named twice is read once
    return [p for p in found if unique.get(p.resolve()) is p]


def relative(path: Path, root: Path | None) -> str:
    """The name rows and messages use: relative to the registry root when inside it."""
    if root is not None:
        try:
            return path.resolve().relative_to(root.resolve()).as_posix()
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
                encodings: tuple[str, ...] = ()) -> SourceFile | None:
    """The file's text; None (with a skipped row saying why) when it is no text export."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise AbmctlError(f"cannot read file: {exc.strerror or exc}", rel) from None
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError, zlib.error) as exc:
            skipped.append(SkippedRow(rel, 1, f"damaged gzip file ({exc})"))
            return None
    json_lines = path.name.lower().removesuffix(".gz").endswith((".jsonl", ".ndjson"))
    text = decode(raw, rel, skipped, header=not json_lines, encodings=encodings)
    return None if text is None else SourceFile(rel, path.name.removesuffix(".gz"), text)


def decode(raw: bytes, rel: str, skipped: list[SkippedRow], header: bool,
           encodings: tuple[str, ...] = ()) -> str | None:
    """UTF-8 with or without BOM (UTF-16 with a BOM too: Excel's "Unicode text"), else the
    layout's own `encodings`. Lines that are none of these are skipped one by one and the rest
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
    for encoding in ("utf-8-sig", *encodings):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    lines = raw.removeprefix(b"\xef\xbb\xbf").split(b"\n")
    for number, line in enumerate(lines):
        try:
            line.decode("utf-8")
        except UnicodeDecodeError as exc:
            if number == 0 and header:
                raise AbmctlError(
                    f"not UTF-8 (byte 0x{line[exc.start]:02x}); re-save the file as UTF-8",
                    rel, 1,
                ) from None
            skipped.append(SkippedRow(
                rel, number + 1, f"not UTF-8 (byte 0x{line[exc.start]:02x}); re-save as UTF-8"
            ))
            lines[number] = b""
    return b"\n".join(lines).decode("utf-8")
