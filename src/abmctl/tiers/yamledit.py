"""Where an account's `tier` and `tier_since` sit, character by character, and the patches
that change only those characters (for `tiers apply`).

ruamel's scanner reads just the account's own lines (a record, not a whole file: fast) and its
tokens give the exact span of each value; a missing `tier_since` is inserted after the tier
value, in the record's own style (block line or flow entry).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from typing import Any

from abmctl.errors import AbmctlError
from abmctl.load.yamlfile import for_ruamel

Patch = tuple[int, int, str]  # replace text[start:end] with the string


@dataclass(frozen=True, slots=True)
class TierEdit:
    """Set `tier` (and `tier_since`) of the account whose record starts at `path:line`."""

    path: str
    line: int
    account: str
    from_tier: int
    to_tier: int
    since: date

    def line_patches(self, lines: list[str], first: int, base: int, eol: str) -> list[Patch] | None:
        """No line-only path: a tier edit always reads the record's tokens."""
        return None

    def patches(self, snippet: str, base: int, record: YamlMap, eol: str) -> list[Patch]:
        return tier_patches(snippet, base, record, self, eol)

    def applied(self, before: dict[str, Any], rel: str) -> dict[str, Any]:
        """The record as the edit leaves it; the tier must still be the one planned from."""
        if before.get("tier") != self.from_tier:
            raise AbmctlError(f"the tier of '{self.account}' changed on disk since it was "
                              "read; nothing was written", path=rel, line=self.line)
        return {**before, "tier": self.to_tier, "tier_since": self.since.isoformat()}


def record_span(lines: list[str], line: int) -> tuple[int, int] | None:
    """0-based first and last line of the block list item starting at `line` (1-based)."""
    first = line - 1
    if not 0 <= first < len(lines):
        return None
    stripped = lines[first].lstrip(" ")
    if not stripped.startswith("-"):
        return None
    col = len(lines[first]) - len(stripped)
    last = first + 1
    while last < len(lines):
        text = lines[last].lstrip(" ")
        if text.strip() and not text.startswith("#") and len(lines[last]) - len(text) <= col:
            break
        last += 1
    return first, last - 1


@dataclass(frozen=True, slots=True)
class Scanned:
    """A record's (or a file's) scanner tokens, its mappings (outermost first) and the
    outermost mapping of each `id`. Positions are indexes into the text; a scalar holding
    NEL, LS or PS has U+FFFD in their place in its token's value (`for_ruamel`)."""

    tokens: list[Any]
    maps: list[YamlMap]
    by_id: dict[str, YamlMap]


def scanned(snippet: str, edit: TierEdit) -> Scanned:
    """`snippet` scanned, once for all the edits of a text (a flow list is the whole file:
    500 moves in it would scan it 500 times)."""
    from ruamel.yaml.error import YAMLError

    try:
        return _scanned(snippet)
    except YAMLError as exc:
        reason = " ".join(str(exc).split())
        raise AbmctlError(f"cannot locate account '{edit.account}' to edit it: {reason}",
                          path=edit.path, line=edit.line) from None


@lru_cache(maxsize=4)
def _scanned(snippet: str) -> Scanned:
    from ruamel.yaml import YAML

    tokens = list(YAML(typ="safe", pure=True).scan(for_ruamel(snippet)))
    maps = _mappings(tokens)
    by_id: dict[str, YamlMap] = {}
    for mapping in maps:
        ident = mapping.entries.get("id")
        if ident is not None and _kind(ident.value) == "ScalarToken":
            by_id.setdefault(str(ident.value.value), mapping)
    return Scanned(tokens, maps, by_id)


@dataclass(slots=True)
class Entry:
    """One `key: value` of a mapping, as scanner tokens (value None: empty or a collection)."""

    key: Any
    colon: Any = None
    anchor: Any = None
    value: Any = None
    collection: bool = False
    opener: Any = None  # the KeyToken: at the `?` of an explicit key (`? tier` / `: 2`)

    @property
    def column(self) -> int:
        """The column the entry starts at (its `?`, else its key): a key added beside it in
        block style goes there."""
        return int((self.opener or self.key).start_mark.column)


@dataclass(slots=True)
class YamlMap:
    flow: bool
    entries: dict[str, Entry] = field(default_factory=dict)


def _mappings(tokens: list[Any]) -> list[YamlMap]:
    """Every mapping in the token stream, outermost first, with its keys' tokens."""
    found: list[YamlMap] = []
    stack: list[YamlMap | None] = []
    state, entry, opener = "", None, None
    for token in tokens:
        kind = _kind(token)
        if kind in ("BlockMappingStartToken", "FlowMappingStartToken"):
            if state == "value" and entry is not None:
                entry.collection = True
            mapping = YamlMap(flow=kind == "FlowMappingStartToken")
            stack.append(mapping)
            found.append(mapping)
            state = ""
        elif kind in ("BlockSequenceStartToken", "FlowSequenceStartToken", "BlockEntryToken"):
            if state == "value" and entry is not None:
                entry.collection = True
            if kind != "BlockEntryToken":
                stack.append(None)
            state = ""
        elif kind in ("BlockEndToken", "FlowMappingEndToken", "FlowSequenceEndToken"):
            if stack:
                stack.pop()
            state = ""
        elif kind == "KeyToken":
            state, opener = "key", token
        elif kind == "ScalarToken" and state == "key" and stack and stack[-1] is not None:
            entry = Entry(token, opener=opener)
            stack[-1].entries.setdefault(str(token.value), entry)
            state = "after_key"
        elif kind == "ValueToken" and state == "after_key" and entry is not None:
            entry.colon, state = token, "value"
        elif kind == "AnchorToken" and state == "value" and entry is not None:
            entry.anchor = token
        elif kind in ("ScalarToken", "AliasToken") and state == "value" and entry is not None:
            entry.value, state = token, ""
        elif kind != "TagToken":
            state = ""
    return found


def _kind(token: Any) -> str:
    return type(token).__name__


def tier_patches(
    snippet: str, base: int, record: YamlMap, edit: TierEdit, eol: str
) -> list[Patch]:
    """The replacements that set `tier` and `tier_since` in one record."""
    tier = record.entries.get("tier")
    if tier is None or tier.value is None or getattr(tier.value, "style", None):
        raise AbmctlError(f"the tier of '{edit.account}' is not a plain value in its own record "
                          "(merge key or quoted?); change it by hand", path=edit.path,
                          line=edit.line)
    value = tier.value
    patches: list[Patch] = [
        (base + value.start_mark.index, base + value.end_mark.index, str(edit.to_tier))
    ]
    day = edit.since.isoformat()
    since = record.entries.get("tier_since")
    if since is not None:
        patches.append(_since_value(since, base, day, edit))
    elif record.flow:
        at = base + value.end_mark.index
        patches.append((at, at, f", {_styled_key('tier_since', tier.key)}: {day}"))
    else:
        patches.append(_since_line(snippet, base, tier, day, eol))
    return patches


def _since_value(since: Entry, base: int, day: str, edit: TierEdit) -> Patch:
    value = since.value
    if value is None and not since.collection and since.colon is not None:
        at = base + since.colon.end_mark.index
        return at, at, f" {day}"  # `tier_since:` with no value (null)
    style = getattr(value, "style", None) or ""
    if value is None or style not in ("", '"', "'"):
        raise AbmctlError(f"the tier_since of '{edit.account}' is not a plain date; change it "
                          "by hand", path=edit.path, line=edit.line)
    return base + value.start_mark.index, base + value.end_mark.index, f"{style}{day}{style}"


_LINE_END = re.compile(r"\r\n|\r|\n")


def _since_line(snippet: str, base: int, tier: Entry, day: str, eol: str) -> Patch:
    """A `tier_since:` line right after the tier line: same indentation, key quoting and value
    column (when the values are aligned)."""
    key = _styled_key("tier_since", tier.key)
    col = tier.column
    value_col = (tier.anchor or tier.value).start_mark.column
    spaces = max(1, value_col - (col + len(key) + 1))
    body = " " * col + key + ":" + " " * spaces + day
    ending = _LINE_END.search(snippet, tier.value.end_mark.index)  # CR only, too
    if ending is None:  # the tier line is the file's last and has no final newline
        at = base + len(snippet)
        return at, at, eol + body
    at = base + ending.end()
    return at, at, body + ending.group()


def _styled_key(name: str, like: Any) -> str:
    quote = getattr(like, "style", None) or ""
    return f"{quote}{name}{quote}" if quote in ('"', "'") else name


def first_eol(text: str) -> str:
    newline = text.find("\n")
    if newline < 0 and "\r" in text:  # a file with CR line ends only (classic Mac)
        return "\r"
    return "\r\n" if newline > 0 and text[newline - 1] == "\r" else "\n"


def splice(text: str, patches: list[Patch], rel: str) -> str:
    pieces: list[str] = []
    at = 0
    for start, end, replacement in sorted(patches):
        if start < at:
            raise AbmctlError("two edits overlap (an account listed twice?); nothing was written",
                              path=rel)
        pieces += [text[at:start], replacement]
        at = end
    pieces.append(text[at:])
    return "".join(pieces)
