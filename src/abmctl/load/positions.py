"""Where each key and list item of a block-style YAML file sits, by line.

The fast YAML reader gives values without positions, so one pass over the lines recovers the
block structure (mappings and sequences by indentation). Flow collections (`{a: 1}`) are not
descended into: their keys take the line of the collection, which is where a reader looks.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

_KEY = re.compile(
    r"""(?:"([^"]*)"|'([^']*)'|([^\s#'"{\[\]&*!|>%@`-][^#]*?|-[^\s#][^#]*?))\s*:(?:\s+(.*))?$"""
)
_BLOCK_SCALAR = re.compile(r"^(?:&\S+\s+)?[|>][+-]?\d?\s*(?:#.*)?$")
# the common case, `plain_key: value`: the same key and value `_KEY` finds, without backtracking
_PLAIN_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?:\s+(.*))?$")


@dataclass(slots=True)
class PosNode:
    """A key or list item's line, and what sits under it."""

    line: int
    keys: dict[str, PosNode] = field(default_factory=dict)
    items: list[PosNode] = field(default_factory=list)
    end: int = 0  # last line of this node's block (for items: the record's span)

    def find(self, loc: Sequence[str | int]) -> int:
        """The line of the deepest known node along `loc` (a pydantic error location)."""
        node = self
        for part in loc:
            child: PosNode | None = None
            if isinstance(part, int) and 0 <= part < len(node.items):
                child = node.items[part]
            else:
                child = node.keys.get(str(part))
            if child is None:
                break
            node = child
        return node.line

    def field_lines(self) -> dict[str, int]:
        return {key: node.line for key, node in self.keys.items()}


@dataclass(slots=True)
class _Open:
    col: int
    node: PosNode
    is_seq: bool


@dataclass(slots=True)
class Index:
    root: PosNode
    duplicates: list[tuple[str, int]]


def index_lines(lines: Sequence[str]) -> Index:
    """Build the position tree of a block-style YAML document."""
    root = PosNode(line=1)
    stack: list[_Open] = [_Open(0, root, False)]
    duplicates: list[tuple[str, int]] = []
    pending: tuple[PosNode, int] | None = None  # a `key:` whose value is on later lines
    scalar_col = -1  # inside a block scalar (`|`, `>`) deeper than this column
    for number, raw in enumerate(lines, start=1):
        text = raw.lstrip(" ")
        if not text or text[0] == "#" or text.isspace():
            continue
        col = len(raw) - len(text)
        if scalar_col >= 0:
            if col > scalar_col:
                continue
            scalar_col = -1
        if col == 0 and (text.startswith("---") or text.startswith("...") or text[0] == "%"):
            continue
        is_dash = text.startswith("- ") or text.rstrip() == "-"
        if pending is not None:
            owner, owner_col = pending
            pending = None
            if col > owner_col or (col == owner_col and is_dash):
                stack.append(_Open(col, owner, is_dash))
        while len(stack) > 1 and (
            stack[-1].col > col or (stack[-1].col == col and stack[-1].is_seq != is_dash)
        ):
            stack[-1].node.end = number - 1
            stack.pop()
        top = stack[-1]
        if is_dash:
            if not top.is_seq:
                continue
            item = PosNode(line=number)
            items = top.node.items
            if items:
                items[-1].end = number - 1
            items.append(item)
            rest = text[1:].lstrip(" ")
            inner_col = col + (len(text) - len(rest))
            stack.append(_Open(inner_col, item, False))
            if rest:
                pending, scalar_col = _take_key(item, rest, number, inner_col, duplicates)
            continue
        if top.is_seq or top.col != col:
            continue
        pending, scalar_col = _take_key(top.node, text, number, col, duplicates)
    last = len(lines)
    for open_ in stack:
        open_.node.end = last
        if open_.node.items:
            open_.node.items[-1].end = last
    return Index(root, duplicates)


def _take_key(
    mapping: PosNode, text: str, number: int, col: int, duplicates: list[tuple[str, int]]
) -> tuple[tuple[PosNode, int] | None, int]:
    line = text.rstrip()
    plain = _PLAIN_KEY.match(line)
    if plain is not None:
        key, rest = plain.groups()
    else:
        match = _KEY.match(line)
        if not match:
            return None, -1
        double, single, bare, rest = match.groups()
        key = (double if double is not None else single if single is not None else bare).strip()
    value = rest.strip() if rest else ""
    if key in mapping.keys:
        duplicates.append((key, number))
    node = PosNode(line=number)
    mapping.keys[key] = node
    first = value[:1]
    if first in ("|", ">", "&") and _BLOCK_SCALAR.match(value):
        return None, col
    if not first or first == "#" or (first == "&" and " " not in value):
        return (node, col), -1
    return None, -1
