"""ABM001 for a syntax error, in plain words: the line at fault (often above the one where the
reader gave up), its column, and what to write instead."""

from __future__ import annotations

import re
from dataclasses import dataclass

_AT = re.compile(r"line (\d+), column (\d+)")
# `key:value`: a key, a colon and no space, then a value (not `http://`, not `a::b`)
_NO_SPACE = re.compile(r"^(\s*(?:-\s+)?)([A-Za-z0-9_][A-Za-z0-9_.-]*):(?![\s/:])(\S.*)$")
_PLAIN = {
    "mapping values are not allowed in this context":
        "a ': ' where no key can start; a value holding ': ' needs quotes (\"a: b\"), and a "
        "key on its own line needs the indentation of its neighbours",
    "did not find expected key":
        "this line's indentation does not match the keys above it",
    "did not find expected '-' indicator":
        "a list item was expected here: start it with '- ' at the indentation of the others",
    "found character that cannot start any plain token":
        "a value cannot start with this character (@, `, %, ...): put the value in quotes",
    "found undefined tag handle": "an unknown '!' tag: remove it",
    "unexpected character":
        "a value cannot start with this character (@, `): put the value in quotes",
}


@dataclass(frozen=True, slots=True)
class SyntaxFault:
    """Where a syntax error is (1-based line and column) and what to do about it."""

    line: int
    column: int | None
    message: str


def plain_fault(said: str, lines: list[str]) -> SyntaxFault | None:
    """The fault the reader's message `said` points at, in plain words; None when the message
    gives no position."""
    found = _AT.search(said)
    if found is None:
        return None
    line, column = int(found.group(1)), int(found.group(2))
    reason = said.strip().splitlines()[-1].strip()
    earlier = _missing_space(lines, line) or _unclosed(lines, line)
    if earlier is None and "quoted scalar" in reason:
        earlier = _open_quote(lines, line)
    if earlier is not None:
        return earlier
    for phrase, plain in _PLAIN.items():
        if phrase in reason:
            return SyntaxFault(line, column, f"invalid YAML: {plain}")
    return SyntaxFault(line, column, f"invalid YAML: {reason}")


def _missing_space(lines: list[str], line: int) -> SyntaxFault | None:
    """`region:na-east` is one piece of text, not a key and a value: the next key then fails."""
    for number in range(min(line, len(lines)), max(line - 3, 0), -1):
        match = _NO_SPACE.match(lines[number - 1].split(" #", 1)[0])
        if match is not None:
            indent, key, value = match.groups()
            return SyntaxFault(number, len(indent) + len(key) + 2,
                               f"invalid YAML: no space after the colon in '{key}:{value}'; "
                               f"write '{key}: {value}'")
    return None


def _open_quote(lines: list[str], line: int) -> SyntaxFault | None:
    """The line above `line` whose quoted value never ends (an odd number of its quotes)."""
    for number in range(min(line - 1, len(lines)), 0, -1):
        text = lines[number - 1]
        for quote in "\"'":
            if text.count(quote) % 2 == 1:
                return SyntaxFault(number, text.index(quote) + 1, "invalid YAML: the quoted "
                                   f"value opened here ({quote}) is not closed on this line; "
                                   f"end it with {quote}")
    return None


def _unclosed(lines: list[str], line: int) -> SyntaxFault | None:
    """A `[` or `{` not closed before the reader gave up: the line and column that opened it."""
    opened: list[tuple[int, int, str]] = []
    for number, text in enumerate(lines[:line], start=1):
        quote = ""
        for column, char in enumerate(text, start=1):
            if quote:
                quote = "" if char == quote else quote
            elif char in "\"'" and (column == 1 or text[column - 2] in " [{,:"):
                quote = char
            elif char == "#" and (column == 1 or text[column - 2] in " \t"):
                break
            elif char in "[{":
                opened.append((number, column, char))
            elif char in "]}" and opened:
                opened.pop()
    if not opened:
        return None
    number, column, char = opened[-1]
    close = "]" if char == "[" else "}"
    if number == line:
        return None  # still open on the line the reader stopped at: its own words say more
    return SyntaxFault(number, column, f"invalid YAML: the '{char}' opened here is not closed; "
                       f"end the list with '{close}' on this line (or continue it with ',')")
