"""Where each key and list item of a block-style YAML file sits, by line.

The fast YAML reader gives values without positions, so one pass over the lines recovers the
block structure (mappings and sequences by indentation). Flow collections (`{a: 1}`) are not
descended into: their keys take the line of the collection, which is where a reader looks.

A file is indexed the first time a position in it is asked for (`Part`: a record holds its
part of the file and its place in it), so a run indexes only the files its findings or its
output name. Speed still matters (a 10,000-account registry is 130,000 lines): one regular
expression splits every line into its parts in a single pass, and a plain `key: value` line
inside the mapping being read (nine lines in ten) costs one dict store. Everything else takes
the careful path, line by line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from sys import intern  # one `segment` string for 100,000 accounts' keys, not 100,000
from typing import NamedTuple, Protocol

_KEY = re.compile(
    r"""(?:"([^"]*)"|'([^']*)'|([^\s#'"{\[\]&*!|>%@`-][^#]*?|-[^\s#][^#]*?))\s*:(?:\s+(.*))?$"""
)
_BLOCK_SCALAR = re.compile(r"^(?:&\S+\s+)?[|>][+-]?\d?\s*(?:#.*)?$")
# the common case, `plain_key: value`: the same key and value `_KEY` finds, without backtracking
_PLAIN_KEY = re.compile(r"([A-Za-z0-9_][A-Za-z0-9_.-]*):(?:\s+(.*))?$")
# One match per line, over the whole text at once: the indentation, then either a plain key
# line (an optional `- `, the key, and the first character of a value that is not a comment,
# an anchor or a block scalar, or "" when nothing follows the colon), or any other text
# (group 5), which takes the careful path. Most registry lines are plain key lines.
_LINE = re.compile(
    r"^( *)(?:(- +)?([A-Za-z0-9_][A-Za-z0-9_.-]*):(?: +([^\s#|>&]).*| *)$|(.*))$", re.MULTILINE
)
Shape = tuple[str, str, str, str, str]


@dataclass(slots=True)
class PosNode:
    """A mapping's or list item's line, the line of each of its keys, and what nests under
    them. A key holding a scalar or a flow collection is a line and nothing more, not a node
    of its own: 10,000 accounts hold some 120,000 such keys."""

    line: int
    lines: dict[str, int] = field(default_factory=dict)  # every key's line
    nested: dict[str, PosNode] = field(default_factory=dict)  # keys with block content
    items: list[PosNode] = field(default_factory=list)
    end: int = 0  # last line of this node's block (for items: the record's span)
    col: int = -1  # 0-based column of this block's keys (-1: not known)

    def child(self, key: str) -> PosNode | None:
        """The node of `key`: its nested block, or just its line."""
        node = self.nested.get(key)
        if node is None and (line := self.lines.get(key)) is not None:
            node = PosNode(line)
        return node

    def find(self, loc: Sequence[str | int]) -> int:
        """The line of the deepest known node along `loc` (a pydantic error location)."""
        return self.where(loc)[0]

    def where(self, loc: Sequence[str | int]) -> tuple[int, int | None]:
        """The line and 1-based column (None when not known) of the deepest known node along
        `loc`: a key's own column, or the column of the keys of the block it ends in."""
        node = self
        for part in loc:
            if isinstance(part, int) and 0 <= part < len(node.items):
                node = node.items[part]
                continue
            key = str(part)
            child = node.nested.get(key)
            if child is None:
                line = node.lines.get(key)
                return (node.line, _column(node)) if line is None else (line, _column(node))
            node = child
        return node.line, _column(node)

    def field_lines(self) -> dict[str, int]:
        """Each key's line (the index's own dict: read, never change it)."""
        return self.lines


def _column(node: PosNode) -> int | None:
    return node.col + 1 if node.col >= 0 else None


@dataclass(slots=True)
class _Open:
    col: int
    node: PosNode
    is_seq: bool


@dataclass(slots=True)
class Index:
    root: PosNode
    duplicates: list[tuple[str, int]]


class Indexed(Protocol):
    """A file whose position tree is built the first time it is asked for
    (`yamlfile.FileIndex`)."""

    @property
    def index(self) -> Index: ...

    @property
    def last_line(self) -> int: ...


class Part:
    """The records of one block of a file, placed before the file's position tree is built:
    the list under `key` (the whole file when it holds no such block), or the file's one
    record (`whole`: its line is its first key's). A record holds its part and its place in
    the list; the tree is built when a position in the file is first asked for (`place`), so a
    run whose findings name few files indexes only those."""

    __slots__ = ("file", "rel", "key", "whole", "_node")

    def __init__(self, file: Indexed, rel: str, key: str | None = None,
                 whole: bool = False) -> None:
        self.file = file
        self.rel = rel
        self.key = key
        self.whole = whole
        self._node: PosNode | None = None

    def node(self) -> PosNode:
        """The block's node (the file's root when it holds no `key`)."""
        node = self._node
        if node is None:
            root = self.file.index.root
            node = root if self.key is None else root.child(self.key) or root
            if self.whole and root.lines:
                root.line = min(root.lines.values())
            self._node = node
        return node

    def item(self, position: int | None) -> PosNode:
        """The node of the list's item at `position` (the block's own when the index does not
        know that item: a flow list); None: the block's."""
        node = self.node()
        if position is None:
            return node
        items = node.items
        return items[position] if position < len(items) else node

    def place(self, position: int | None) -> tuple[str, int, dict[str, int], int]:
        """A record's path, line, each field's line and its keys' 0-based column (-1: not
        known): what `Record._position` keeps."""
        node = self.item(position)
        return self.rel, node.line, node.field_lines(), node.col

    def records(self) -> list[PosNode]:
        """The nodes of the block's records: the list's items, or the block itself."""
        return self.node().items if self.key is not None else [self.node()]


class Spot(NamedTuple):
    """One record of a `Part`: the list's item at `position`, or the block (None)."""

    part: Part
    position: int | None

    def node(self) -> PosNode:
        return self.part.item(self.position)


def index_lines(lines: Sequence[str]) -> Index:
    """Build the position tree of a block-style YAML document (`lines` as
    `yamlfile.yaml_lines(text, keepends=False)` gives them)."""
    tree = _Tree()
    # most lines are the next `key: value` of the open mapping: while that mapping stays open
    # (only `tree.line` opens or closes blocks), such a line at its keys' column is one store
    mapping, column = tree.root, 0
    for number, (indent, dash, key, value, text) in enumerate(_shapes(lines), start=1):
        if value and len(indent) == column and not dash:  # a value: a plain key line
            lines_of = mapping.lines
            if key in lines_of:
                tree.duplicate(mapping, key, number)
            lines_of[intern(key)] = number
            continue
        tree.line(number, len(indent), dash, key, value, text)
        top = tree.stack[-1]
        mapping = top.node
        column = -1 if top.is_seq or tree.pending is not None or tree.scalar_col >= 0 \
            else top.col
    return tree.finish(len(lines))


def _shapes(lines: Sequence[str]) -> list[Shape]:
    """`_LINE`'s groups for each line, found in one pass over the joined text."""
    shapes: list[Shape] = _LINE.findall("\n".join(lines))
    if len(shapes) != len(lines):  # a line holding "\n" (not split by `str.splitlines`)
        shapes = [(line[: len(line) - len(text)], "", "", "", text)
                  for line in lines for text in [line.lstrip(" ")]]
    return shapes


class _Tree:
    """The position tree as it grows, line by line: the open blocks, innermost last."""

    def __init__(self) -> None:
        self.root = PosNode(line=1, col=0)
        self.stack = [_Open(0, self.root, False)]
        self.duplicates: list[tuple[str, int]] = []
        # a `key:` whose value is on later lines: its mapping, key, line and column
        self.pending: tuple[PosNode, str, int, int] | None = None
        self.scalar_col = -1  # inside a block scalar (`|`, `>`) deeper than this column

    def take_key(self, mapping: PosNode, key: str, number: int, col: int, value: str) -> None:
        """`key` of `mapping` is on line `number`; an empty value may open a block below."""
        if key in mapping.lines:
            self.duplicate(mapping, key, number)
        mapping.lines[intern(key)] = number
        if not value or value[0] == "#":
            self.pending = (mapping, key, number, col)

    def duplicate(self, mapping: PosNode, key: str, number: int) -> None:
        """A key given again: noted, and it is the later one that counts."""
        self.duplicates.append((key, number))
        mapping.nested.pop(key, None)

    def line(self, number: int, col: int, dash: str, key: str, value: str, text: str) -> None:
        """Any line: `key` (with `dash` and `value`) for a plain key line, else its `text`."""
        if key:
            is_dash = dash != ""
        else:
            if not text or text[0] == "#" or text.isspace():
                return
            is_dash = text.startswith("- ") or text.rstrip() == "-"
        if self.scalar_col >= 0:
            if col > self.scalar_col:
                return
            self.scalar_col = -1
        if not key and col == 0 and (text.startswith(("---", "...")) or text[0] == "%"):
            return
        top = self._close_blocks(number, col, is_dash)
        if is_dash:
            if not top.is_seq:
                return
            mapping = self._open_item(top.node, number)
            if key:
                col += len(dash)
            else:
                rest = text[1:].lstrip(" ")
                col, text = col + len(text) - len(rest), rest
            mapping.col = col
            self.stack.append(_Open(col, mapping, False))
        elif top.is_seq or top.col != col:
            return
        else:
            mapping = top.node
        if key:
            self.take_key(mapping, key, number, col, value)
        elif text:
            self._take_text(mapping, text, number, col)

    def _close_blocks(self, number: int, col: int, is_dash: bool) -> _Open:
        """Open the pending key's block if this line is in it, close the blocks it ends."""
        stack = self.stack
        if self.pending is not None:
            mapping, key, line, key_col = self.pending
            self.pending = None
            if col > key_col or (col == key_col and is_dash):
                node = mapping.nested[key] = PosNode(line=line, col=col)
                stack.append(_Open(col, node, is_dash))
        while len(stack) > 1 and (
            stack[-1].col > col or (stack[-1].col == col and stack[-1].is_seq != is_dash)
        ):
            stack[-1].node.end = number - 1
            stack.pop()
        return stack[-1]

    def _open_item(self, sequence: PosNode, number: int) -> PosNode:
        item = PosNode(line=number)
        if sequence.items:
            sequence.items[-1].end = number - 1
        sequence.items.append(item)
        return item

    def _take_text(self, mapping: PosNode, text: str, number: int, col: int) -> None:
        """A line the fast pattern left alone: quoted keys, anchors, block scalars, comments."""
        key, value = _key_of(text)
        if key is None:
            return
        if value[:1] in ("|", ">", "&") and _BLOCK_SCALAR.match(value):
            self.scalar_col = col
            value = "|"  # the scalar's text follows; no block opens under the key
        elif value[:1] == "&" and " " not in value:
            value = ""  # `key: &anchor` alone: the anchored block follows
        self.take_key(mapping, key, number, col, value)

    def finish(self, last: int) -> Index:
        for open_ in self.stack:
            open_.node.end = last
            if open_.node.items:
                open_.node.items[-1].end = last
        return Index(self.root, self.duplicates)


def _key_of(text: str) -> tuple[str | None, str]:
    """The key of a `key: value` line (plain or quoted) and its value, stripped."""
    line = text.rstrip()
    plain = _PLAIN_KEY.match(line)
    if plain is not None:
        key, rest = plain.groups()
    else:
        match = _KEY.match(line)
        if not match:
            return None, ""
        double, single, bare, rest = match.groups()
        key = (double if double is not None else single if single is not None else bare).strip()
    return key, rest.strip() if rest else ""
