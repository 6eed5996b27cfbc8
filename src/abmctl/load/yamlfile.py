"""Reading one YAML file: YAML 1.2, safely, once — or one ABM001 finding saying why not.

The values come from yaml-rs (Rust; YAML 1.2 core schema, duplicate keys refused, alias
expansion bounded); positions come from `positions.index_lines`. Refused on top of what the
reader refuses: explicit tags (`!!python/object/apply` and friends), several documents in one
file, binary or non-UTF-8 bytes, and nesting deeper than any registry needs. Every refusal
names a line; docs/yaml.md lists what is refused and why.
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from abmctl.findings import Finding
from abmctl.load.boundary import (
    MAX_ALIAS_CHARS,
    MAX_ALIAS_EVENTS,
    MAX_DEPTH,
    MAX_YAML_BYTES,
    Refused,
    read_bytes,
)
from abmctl.load.positions import Index, index_lines

_ERROR_LINE = re.compile(r"line (\d+)")
# a number too long to write out may be where this many digits (of any base) follow each other
_LONG_RUN = 1000
_LONG_NUMBER = re.compile(rf"[0-9a-fA-F]{{{_LONG_RUN}}}")
# the same search at C speed: digits become 1s, other bytes 0s, then a run of 1s is looked for
# (the pattern walks every character: 1-5 ms a 500-account file)
_DIGIT_BYTES = bytes(chr(byte) in "0123456789abcdefABCDEF" for byte in range(256))
_MAYBE_TAG = re.compile(r"(?:^|[\s\[\{,:-])!")
_FLOW_INDICATOR = re.compile(r"[,\[\]{}]")
_YAML_BREAK = re.compile(r"\r\n|\r|\n")  # YAML's line breaks, the ones the reader counts
# `---` or `...` at the start of a line, then a space, a tab or the line's end
_MARKER = re.compile(r"(?:---|\.\.\.)(?=[ \t]|$)")


_YAML_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+\Z")


# the breaks `str.splitlines` takes that YAML 1.2 does not: inside a value or a comment they
# are text (NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR, VT, FF, FS, GS, RS)
_NOT_YAML_BREAKS = re.compile("[\x0b\x0c\x1c-\x1e\x85\u2028\u2029]")


def yaml_lines(text: str, keepends: bool = True) -> list[str]:
    """`text`'s lines (with their endings unless `keepends` is false), broken where YAML breaks
    lines (CRLF, LF, CR) and nowhere else: how the loader numbers lines, and the writers too."""
    if not (any(mark in text for mark in "\x0b\x0c\x1c\x1d\x1e") if text.isascii()
            else _NOT_YAML_BREAKS.search(text)):  # ASCII text: five scans at C speed
        return text.splitlines(keepends)  # the common case, and the fast one
    lines: list[str] = _YAML_LINE.findall(text)
    return lines if keepends else [line.rstrip("\r\n") for line in lines]


# ruamel's scanner (pure Python, YAML 1.1) breaks lines at NEL, LS and PS too
_TO_RUAMEL = str.maketrans(dict.fromkeys("\x85\u2028\u2029", "\ufffd"))


def for_ruamel(text: str) -> str:
    """`text` for ruamel's scanner to read as YAML 1.2 does: NEL, LS and PS become U+FFFD,
    text to both readers and one character long (every token's index stays an index into
    `text`, and its line and column are those `yaml_lines` gives)."""
    return text if text.isascii() else text.translate(_TO_RUAMEL)


def dominant_eol(text: str) -> str:
    """The line ending most of `text`'s lines have (the first line's on a tie; LF if none):
    what `lint --fix` gives every line of a file that mixes them."""
    crlf = text.count("\r\n")
    counts = {"\r\n": crlf, "\n": text.count("\n") - crlf, "\r": text.count("\r") - crlf}
    best = max(counts.values())
    if best == 0:
        return "\n"
    first = _YAML_BREAK.search(text)
    if first is not None and counts[first.group()] == best:
        return first.group()
    return next(eol for eol, count in counts.items() if count == best)


class YamlProblem(Exception):
    """A file that cannot be read as YAML; carries its ABM001 finding."""

    def __init__(self, finding: Finding) -> None:
        super().__init__(finding.message)
        self.finding = finding


class FileIndex:
    """Where each key of one file sits (`positions.index_lines`), found from the file's text
    the first time a position in it is asked for: a run whose findings name few files indexes
    only those, and a clean run none. The text is kept until then (a file is read once)."""

    __slots__ = ("_text", "_index", "_last_line")

    def __init__(self, text: str) -> None:
        self._text = text
        self._index: Index | None = None
        self._last_line = 0

    @property
    def index(self) -> Index:
        return self._index if self._index is not None else self._build()

    @property
    def last_line(self) -> int:
        """The number of the file's last line (counted when the file is indexed)."""
        if self._index is None:
            self._build()
        return self._last_line

    def _build(self) -> Index:
        lines = yaml_lines(self._text, keepends=False)
        self._index = index_lines(lines)
        self._last_line = len(lines)
        self._text = ""  # no longer needed
        return self._index

    @property
    def indexed(self) -> bool:
        """Whether a position in the file has been asked for."""
        return self._index is not None


@dataclass(slots=True)
class YamlDoc:
    """A parsed file: its values, its text, and where each key sits (found when first asked)."""

    rel: str
    data: Any
    text: str
    positions: FileIndex

    @property
    def index(self) -> Index:
        return self.positions.index

    @property
    def lines(self) -> list[str]:
        """The file's lines, without their endings, as positions number them."""
        return yaml_lines(self.text, keepends=False)


def problem(rel: str, line: int | None, message: str, column: int | None = None) -> YamlProblem:
    return YamlProblem(Finding("ABM001", "error", message, rel, line, column=column))


def decode(raw: bytes, rel: str) -> str:
    """UTF-8 (with or without BOM) text, or a finding naming the line of the first bad byte."""
    if (nul := raw.find(b"\x00")) >= 0:
        line = raw.count(b"\n", 0, nul) + 1
        if nul < 8192:
            raise problem(rel, line, "binary file, not YAML text")
        # the reader would stop at it and drop the rest of the file without a word
        raise problem(rel, line, "a NUL byte (\\0) in the text; YAML text cannot hold one")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise problem(
            rel, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}); save the file as UTF-8"
        ) from None


def read_yaml(path: Path, rel: str, root: Path | None = None) -> YamlDoc:
    """Read and parse `path` once; `rel` is the name findings use; a file named inside `root`
    must lie inside it (`boundary.read_bytes`)."""
    try:
        raw = read_bytes(path, MAX_YAML_BYTES, root)
    except Refused as refused:
        raise problem(rel, None, str(refused)) from None
    return parse_yaml(decode(raw, rel), rel)


def parse_yaml(text: str, rel: str) -> YamlDoc:
    """The values of `text` and where each key sits, or the YamlProblem saying why not."""
    positions = FileIndex(text)
    return YamlDoc(rel, load_values(text, rel, positions), text, positions)


def load_values(text: str, rel: str, positions: FileIndex | None = None) -> Any:
    """The values of the one document in `text`, read under every check and limit above.

    `positions` (the file's, when the caller has them) only speeds up naming the line of a
    duplicate key."""
    import yaml_rs

    if "!" in text:
        _refuse_tags(text, rel)
    _bound_aliases(text, rel)
    try:
        data = _loads(text)
    except yaml_rs.YAMLDecodeError as exc:
        raise _decode_problem(str(exc), text, rel, positions) from None
    except RecursionError:
        raise _too_deep(text, rel) from None
    if isinstance(data, list) and _several_documents(text):
        raise problem(rel, _second_document_line(text),
                      "several YAML documents in one file; keep one", 1)
    if _deeper_than_allowed(data):
        raise _too_deep(text, rel)
    if _long_digit_run(text) and (long := _LONG_NUMBER.search(text)) is not None \
            and _huge_number(data):
        raise problem(rel, text.count("\n", 0, long.start()) + 1,
                      f"a number with more than {sys.get_int_max_str_digits():,} digits")
    return data


def _long_digit_run(text: str) -> bool:
    """Whether `text` holds `_LONG_RUN` digits in a row (what `_LONG_NUMBER` finds): UTF-8
    writes any other character as bytes that are not ASCII digits."""
    if len(text) < _LONG_RUN:
        return False
    digits = text.encode("utf-8", "surrogatepass").translate(_DIGIT_BYTES)
    return b"\x01" * _LONG_RUN in digits


def _huge_number(data: Any) -> bool:
    """Whether any integer has more digits than Python will write out (it could not be
    shown in a message, nor in a report)."""
    stack = [data]
    bits = sys.get_int_max_str_digits() * 3  # a digit is more than three bits
    while stack:
        value = stack.pop()
        if isinstance(value, dict):
            stack += value.keys()
            stack += value.values()
        elif isinstance(value, list):
            stack += value
        elif isinstance(value, int) and value.bit_length() > bits:
            return True
    return False


def _bound_aliases(text: str, rel: str) -> None:
    """Aliases adding more than MAX_ALIAS_CHARS are refused before the reader expands them."""
    from abmctl.load.yaml_aliases import expansion

    found = expansion(text, MAX_ALIAS_CHARS)
    if found.line:
        # the lines before expand within this bound, so the reader may try them: where they
        # pass its bound on replayed values (a billion laughs), that line is the first to fix
        before = "\n".join(_YAML_BREAK.split(text)[: found.line - 1])
        said = _error_of(before)
        if "alias" in said.split("\n")[0]:
            raise _decode_problem(said, before, rel, None)
        raise problem(rel, found.line,
                      f"aliases expand too far (to more than {MAX_ALIAS_CHARS:,} characters); "
                      "see docs/limits.md")


def _loads(text: str) -> Any:
    import yaml_rs

    limits = yaml_rs.AliasLimits(max_total_replayed_events=MAX_ALIAS_EVENTS)
    return yaml_rs.loads(text, parse_datetime=False, alias_limits=limits)


def _error_of(text: str) -> str:
    """What the reader says about `text` under our limits ("" when it reads it)."""
    import yaml_rs

    try:
        data = _loads(text)
    except yaml_rs.YAMLDecodeError as exc:
        return str(exc)
    except RecursionError:
        return "nesting"
    return "nesting" if _deeper_than_allowed(data) else ""


def _decode_problem(message: str, text: str, rel: str,
                    positions: FileIndex | None) -> YamlProblem:
    first = message.strip().splitlines()[0] if message.strip() else "invalid YAML"
    if first.startswith("duplicate mapping key"):
        column = None
        index = positions.index if positions is not None else None
        if index is not None and index.duplicates:
            key, key_line = index.duplicates[0]
            column = _YAML_BREAK.split(text)[key_line - 1].find(key) + 1 or None
        else:  # a flow mapping or a complex key: the line index only knows block keys
            key_line = _first_line_refused(text, lambda said: said.startswith(first))
        return problem(rel, key_line, f"{first}; each key may appear once per mapping", column)
    if "alias" in first:
        alias_line = _first_line_refused(text, lambda said: "alias" in said.split("\n")[0])
        return problem(rel, alias_line, f"{first} (aliases expand too far)")
    if "tab" not in message.lower():
        from abmctl.load.yaml_errors import plain_fault

        fault = plain_fault(message, _YAML_BREAK.split(text))
        if fault is not None:
            return problem(rel, fault.line, fault.message, fault.column)
    found = _ERROR_LINE.search(first)
    reason = message.strip().splitlines()[-1].strip() if "\n" in message.strip() else first
    line = int(found.group(1)) if found else _first_line_refused(text, bool)
    if "tab" in reason.lower():
        reason += "; indent with spaces"
        # the reader names the line where the scalar it was reading began; the tab may be
        # on a later line that the scalar ran on into, and that is the line to fix
        line = _first_tab_line(_YAML_BREAK.split(text), line) or line
    return problem(rel, line, f"invalid YAML: {reason}")


def _too_deep(text: str, rel: str) -> YamlProblem:
    line = _first_line_refused(text, lambda said: said == "nesting")
    return problem(rel, line, f"nesting deeper than {MAX_DEPTH} levels")


def _first_line_refused(text: str, same: Callable[[str], bool]) -> int:
    """The line on which the reader first refuses `text` the way it refuses the whole: the
    shortest run of opening lines it already refuses so, found by halving (only ever run on
    a refused file, for the refusals whose message carries no line)."""
    lines = _YAML_BREAK.split(text)
    low, high = 1, len(lines)
    while low < high:
        middle = (low + high) // 2
        if same(_error_of("\n".join(lines[:middle]))):
            high = middle
        else:
            low = middle + 1
    return low


def _first_tab_line(lines: list[str], start: int) -> int | None:
    """The first line from `start` on whose indentation holds a tab."""
    for number in range(start, len(lines) + 1):
        text = lines[number - 1]
        if "\t" in text[: len(text) - len(text.lstrip(" \t"))]:
            return number
    return None


def _several_documents(text: str) -> bool:
    """Whether the list the reader returned is several documents, not one top-level list.

    The reader returns both as a list; one more document after the text tells them apart:
    one document and it read back as two values, several as three or more."""
    import yaml_rs

    try:
        values = _loads(text + "\n...\n--- x\n")
    except (yaml_rs.YAMLDecodeError, RecursionError):
        return False
    return isinstance(values, list) and len(values) != 2


def _second_document_line(text: str) -> int:
    """Where the second document begins: the first `---` after the first document began,
    or after a `...` the first line that is not blank, a comment, a directive or a `...`.

    Only asked once the reader has found several documents in `text`, and in a stream it
    reads, no scalar may hold a line opening with `---` or `...`: each such line is a marker."""
    started = ended = False
    for number, line in enumerate(_YAML_BREAK.split(text), start=1):
        marker = _MARKER.match(line)
        if marker is not None:
            if marker.group() == "---" and started:
                return number
            started = started or marker.group() == "---"
            ended = started and marker.group() == "..."
            continue
        stripped = line.strip()
        if ended or not started:
            if not stripped or stripped[0] == "#" or line[0] == "%":
                continue  # directives come before their document's `---`
            if ended:
                return number
            started = True
    return 1


def _refuse_tags(text: str, rel: str) -> None:
    """Explicit tags can construct objects in other readers; a registry never needs one."""
    if not _MAYBE_TAG.search(text):
        return
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError
    from ruamel.yaml.tokens import TagToken

    try:
        for token in YAML(typ="safe", pure=True).scan(for_ruamel(text)):
            if isinstance(token, TagToken):
                start, end = token.start_mark, token.end_mark
                raise problem(rel, start.line + 1,
                              f"explicit YAML tag {_tag_written(text[start.index:end.index])!r} "
                              "is not allowed", start.column + 1)
    except YAMLError:
        return  # the real reader reports the syntax error with its own line


def _tag_written(token: str) -> str:
    """The tag as written: a shorthand tag ends before a flow indicator (`!!str,` in a flow
    collection is the tag `!!str` and a comma); a verbatim `!<...>` tag holds any."""
    return token if token.startswith("!<") else _FLOW_INDICATOR.split(token, maxsplit=1)[0]


def _deeper_than_allowed(data: Any) -> bool:
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
    return any(level)
