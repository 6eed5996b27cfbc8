"""Reading one YAML file: YAML 1.2, safely, once — or one ABM001 finding saying why not.

The values come from yaml-rs (Rust; YAML 1.2 core schema, duplicate keys refused, alias
expansion bounded); positions come from `positions.index_lines`. Refused on top of what the
reader refuses: explicit tags (`!!python/object/apply` and friends), several documents in one
file, binary or non-UTF-8 bytes, and nesting deeper than any registry needs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from abmctl.findings import Finding
from abmctl.load.positions import Index, index_lines

MAX_DEPTH = 32
_MAX_ALIAS_EVENTS = 100_000  # far above any registry; a billion laughs stops here
_ERROR_LINE = re.compile(r"line (\d+)")
_MAYBE_TAG = re.compile(r"(?:^|[\s\[\{,:-])!")
_DOC_START = re.compile(r"^(?:---|\.\.\.)(?:\s|$)")
# `---` or `...` opening any line but the first (after any break `str.splitlines` splits at)
_LATER_MARKER = re.compile(r"[\n\r\v\f\x1c-\x1e\x85\u2028\u2029](?:---|\.\.\.)")


class YamlProblem(Exception):
    """A file that cannot be read as YAML; carries its ABM001 finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


@dataclass(slots=True)
class YamlDoc:
    """A parsed file: its values, its text and lines, and where each key sits."""

    rel: str
    data: Any
    lines: list[str]
    index: Index
    text: str


def problem(rel: str, line: int | None, message: str) -> YamlProblem:
    return YamlProblem(Finding("ABM001", "error", message, rel, line))


def decode(raw: bytes, rel: str) -> str:
    """UTF-8 (with or without BOM) text, or a finding naming the line of the first bad byte."""
    if b"\x00" in raw[:8192]:
        raise problem(rel, None, "binary file, not YAML text")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise problem(
            rel, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None


def read_yaml(path: Path, rel: str) -> YamlDoc:
    """Read and parse `path` once; `rel` is the name findings use."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise problem(rel, None, f"cannot read file: {exc.strerror or exc}") from None
    return parse_yaml(decode(raw, rel), rel)


def parse_yaml(text: str, rel: str) -> YamlDoc:
    import yaml_rs

    lines = text.splitlines()
    _refuse_several_documents(text, lines, rel)
    if "!" in text:
        _refuse_tags(text, rel)
    index = index_lines(lines)
    try:
        limits = yaml_rs.AliasLimits(max_total_replayed_events=_MAX_ALIAS_EVENTS)
        data = yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)
    except yaml_rs.YAMLDecodeError as exc:
        raise _decode_problem(str(exc), rel, index, lines) from None
    except RecursionError:
        raise problem(rel, None, f"nesting deeper than {MAX_DEPTH} levels") from None
    _refuse_deep_nesting(data, rel)
    return YamlDoc(rel, data, lines, index, text)


def _decode_problem(message: str, rel: str, index: Index, lines: list[str]) -> YamlProblem:
    first = message.strip().splitlines()[0] if message.strip() else "invalid YAML"
    if first.startswith("duplicate mapping key"):
        key_line = index.duplicates[0][1] if index.duplicates else None
        return problem(rel, key_line, f"{first}; each key may appear once per mapping")
    if "alias" in first:
        alias_line = next((n for n, s in enumerate(lines, 1) if "*" in s), None)
        return problem(rel, alias_line, f"{first} (aliases expand too far)")
    found = _ERROR_LINE.search(first)
    reason = message.strip().splitlines()[-1].strip() if "\n" in message.strip() else first
    line = int(found.group(1)) if found else None
    if "tab" in reason.lower():
        reason += "; indent with spaces"
        # the reader names the line where the scalar it was reading began; the tab may be
        # on a later line that the scalar ran on into, and that is the line to fix
        line = _first_tab_line(lines, line or 1) or line
    return problem(rel, line, f"invalid YAML: {reason}")


def _first_tab_line(lines: list[str], start: int) -> int | None:
    """The first line from `start` on whose indentation holds a tab."""
    for number in range(start, len(lines) + 1):
        text = lines[number - 1]
        if "\t" in text[: len(text) - len(text.lstrip(" \t"))]:
            return number
    return None


def _refuse_several_documents(text: str, lines: list[str], rel: str) -> None:
    if not _LATER_MARKER.search(text):
        return  # the common case: a marker on the first line can only open the one document
    seen_content = False
    for number, line in enumerate(lines, start=1):
        if line[:3] in ("---", "...") and _DOC_START.match(line):
            if seen_content:
                raise problem(rel, number, "several YAML documents in one file; keep one")
            continue
        if not seen_content:
            stripped = line.strip()
            if stripped and not stripped.startswith("#") and not line.startswith("%"):
                seen_content = True


def _refuse_tags(text: str, rel: str) -> None:
    """Explicit tags can construct objects in other readers; a registry never needs one."""
    if not _MAYBE_TAG.search(text):
        return
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.tokens import TagToken

    try:
        for token in YAML(typ="safe", pure=True).scan(text):
            if isinstance(token, TagToken):
                value = token.value
                tag = "".join(p for p in value if p) if isinstance(value, tuple) else value
                line = token.start_mark.line + 1
                raise problem(rel, line, f"explicit YAML tag {tag!r} is not allowed")
    except YAMLError:
        return  # the real reader reports the syntax error with its own line


def _refuse_deep_nesting(data: Any, rel: str) -> None:
    """Any non-empty container at depth MAX_DEPTH or deeper (scalars end a branch).

    Walked a level at a time: one comprehension per level costs far less than a step per
    container (an accounts file holds some 2,500 containers per 500 accounts)."""
    level = [data] if isinstance(data, (dict, list)) else []
    for _ in range(MAX_DEPTH):
        level = [
            child
            for value in level
            for child in (value.values() if isinstance(value, dict) else value)
            if isinstance(child, (dict, list))
        ]
    if any(level):
        raise problem(rel, None, f"nesting deeper than {MAX_DEPTH} levels")
