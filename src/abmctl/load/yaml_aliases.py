"""How much YAML aliases would add to a file when expanded, bounded from the text alone, before
the reader expands anything: the reader counts replayed values, and one alias of a 4 MB
scalar is a single value.

Each alias adds a copy of its anchored node, and with it the copies of the aliases inside that
node. A node's extent is bounded from above by indentation: a node anchored on a line ends
before the next content line indented less (or as much, unless that line carries on a
sequence the node is the value of), since the reader refuses content indented less than its
parent; under a flow collection at the top of a document, it may run to the end of the text.
Overestimating is safe: the bound (`boundary.MAX_ALIAS_CHARS`) is far above what aliases of
shared owners or settings add.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

# `&name` / `*name` after the start of a line, a blank or a flow indicator (YAML 1.2 names:
# any characters but blanks and flow indicators)
_MARK = re.compile(r"(?:(?<=^)|(?<=[\s,\[{]))([&*])([^\s,\[\]{}]+)", re.MULTILINE)
_FLOW_ROOT = re.compile(r"\A(?:(?:[ \t]*(?:#.*)?|%.*|---[ \t]*)\n)*(?:---[ \t]+)?[ \t]*"
                        r"(?:[&!]\S*[ \t]+)*[\[{]")
_DASH = re.compile(r"-(?:[ \t]|$)")


@dataclass(frozen=True, slots=True)
class Expansion:
    """What the aliases of a text add: characters, and the line of the alias that passed
    `limit` (0 when none did)."""

    chars: int
    line: int


def expansion(text: str, limit: int) -> Expansion:
    """An upper bound of the characters the aliases of `text` add, counted alias by alias
    until it passes `limit`."""
    if "*" not in text or "&" not in text:
        return Expansion(0, 0)
    anchors: dict[str, list[int]] = {}
    aliases: list[tuple[int, str]] = []
    for found in _MARK.finditer(text):
        if found.group(1) == "&":
            anchors.setdefault(found.group(2), []).append(found.start())
        elif found.group(2) in anchors:
            aliases.append((found.start(), found.group(2)))
    if not aliases:
        return Expansion(0, 0)
    ends = _Extents(text)
    positions = [position for position, _ in aliases]
    total_before = [0]  # characters the aliases before each one add
    for position, name in aliases:
        start, to_alias = _meant(anchors[name], position)
        added = ends.added(start, position, to_alias, positions, total_before)
        total_before.append(total_before[-1] + added)
        if total_before[-1] > limit:
            return Expansion(total_before[-1], text.count("\n", 0, position) + 1)
    return Expansion(total_before[-1], 0)


def _meant(starts: list[int], before: int) -> tuple[int, bool]:
    """The anchor an alias at `before` means, and whether to count all the way to the alias:
    the one anchor of its name before it, or, when there are several (one may be text that
    only looks like an anchor, inside a quoted value), the first, counted up to the alias,
    which holds any later one's node."""
    count = bisect_left(starts, before)
    return (starts[0], count > 1)


class _Extents:
    """Where a node anchored at a character position ends, from the lines' indentation."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.flow_root = _FLOW_ROOT.match(text) is not None
        self.starts: list[int] = []  # start of each line
        indents: list[int] = []
        dashes: list[bool] = []
        position = 0
        for line in text.split("\n"):
            self.starts.append(position)
            position += len(line) + 1
            body = line.lstrip(" \t")
            if not body.strip() or body.startswith("#"):
                indents.append(-1)  # blank or comment: ends no node
            else:
                indents.append(len(line) - len(body))
            dashes.append(_DASH.match(body) is not None)
        self.ends = _node_ends(indents, dashes)

    def added(self, start: int, alias: int, to_alias: bool, positions: list[int],
              total_before: list[int]) -> int:
        """The characters one copy of the node anchored at `start` holds, its aliases'
        copies included, as seen by the alias at `alias` (the node ends before it)."""
        if self.flow_root or to_alias:
            end = alias
        else:
            line = bisect_left(self.starts, start + 1) - 1
            end = min(alias, self.starts[self.ends[line]] if self.ends[line] < len(
                self.starts) else len(self.text))
        first, last = bisect_left(positions, start), bisect_left(positions, end)
        return max(end - start, 0) + total_before[last] - total_before[first]


def _node_ends(indents: list[int], dashes: list[bool]) -> list[int]:
    """For each line, the first later line that ends a node opened on it: indented less, or
    as much unless it is a `- ` entry carrying on a mapping value's sequence (a `- ` line
    ends at the next line as indented as it is, entry or not)."""
    count = len(indents)
    ends = [count] * count
    next_at: list[tuple[int, int, bool]] = []  # (indent, line, dash) of content lines after
    for line in range(count - 1, -1, -1):
        indent = indents[line]
        if indent < 0:
            continue
        # lines after, kept as a stack of strictly increasing indents from the top down
        while next_at and next_at[-1][0] > indent:
            next_at.pop()
        end = count
        for later_indent, later, dash in reversed(next_at):
            if later_indent < indent or not (dash and not dashes[line]):
                end = later
                break
        ends[line] = end
        next_at.append((indent, line, dashes[line]))
    return ends
