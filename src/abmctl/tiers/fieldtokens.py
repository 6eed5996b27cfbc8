"""The token path of `fieldedit`: the patches of one account record found from its scanner
tokens, for the layouts its line path does not read (a flow record, a block mapping under
`owners:`, a block list under `domains:`, a record spanning lines in flow style)."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from abmctl.tiers.yamledit import Entry, Patch, YamlMap

_LINE_END = re.compile(r"\r\n|\r|\n")
_PLAIN_STYLES = (None, "", '"', "'")


def requote(text: str, quote: str) -> str:
    """`text` (a value as `fieldedit.scalar` writes it: plain, or JSON-quoted) in the quotes
    of the value it replaces (`'` or `"`; else as it is): an edit keeps a file's quoting."""
    if quote not in ("'", '"'):
        return text
    value = json.loads(text) if text.startswith('"') else text
    if quote == "'" and value.isprintable():
        return "'" + value.replace("'", "''") + "'"
    return json.dumps(value, ensure_ascii=False)


@dataclass
class RecordTokens:
    """The patches of one record, found from its scanner tokens (indexes into `snippet`,
    which starts at `base` in the file)."""

    snippet: str
    base: int
    tokens: list[Any]
    record: YamlMap
    eol: str
    maps: list[YamlMap]
    patches: list[Patch] = field(default_factory=list)
    added: list[str] = field(default_factory=list)

    def set_value(self, key: str, text: str) -> bool:
        entry = self.record.entries.get(key)
        if entry is None:
            self.added.append(f"{key}: {text}")
            return True
        if entry.value is not None and entry.anchor is None and \
                getattr(entry.value, "style", None) in _PLAIN_STYLES and \
                type(entry.value).__name__ == "ScalarToken":
            self._replace(entry.value, requote(text, entry.value.style or ""))
            return True
        if entry.value is None and not entry.collection and entry.colon is not None:
            at = self.base + entry.colon.end_mark.index
            self.patches.append((at, at, f" {text}"))
            return True
        return False

    def set_entries(self, key: str, subs: dict[str, str]) -> bool:
        entry = self.record.entries.get(key)
        flow = "{" + ", ".join(f"{s}: {v}" for s, v in subs.items()) + "}"
        if entry is None:
            self.added.append(f"{key}: {flow}")
            return True
        if not entry.collection:
            return entry.anchor is None and self._is_null(entry) and self.set_value(key, flow)
        child = self._child(entry)
        if child is None or not child.entries:
            return False
        new: list[str] = []
        for sub, text in subs.items():
            inner = child.entries.get(sub)
            if inner is None:
                new.append(f"{sub}: {text}")
            elif inner.value is not None and type(inner.value).__name__ == "ScalarToken" and \
                    getattr(inner.value, "style", None) in _PLAIN_STYLES:
                self._replace(inner.value, requote(text, inner.value.style or ""))
            else:
                return False
        return not new or self._add_entries(child, new)

    def append(self, key: str, text: str) -> bool:
        entry = self.record.entries.get(key)
        if entry is None or not entry.collection or entry.colon is None:
            return False
        start = self._after(entry.colon.end_mark.index)
        kind = type(self.tokens[start]).__name__ if start < len(self.tokens) else ""
        if kind == "FlowSequenceStartToken":
            items = self._flow_items(start)
            if items is None:
                return False
            at = items[-1].end_mark.index if items else self.tokens[start].end_mark.index
            self.patches.append((self.base + at, self.base + at,
                                 f", {text}" if items else text))
            return True
        if kind in ("BlockSequenceStartToken", "BlockEntryToken"):
            return self._block_item(start, text)
        return False

    def insert_added(self) -> bool:
        anchor = self.record.entries.get("tier_since") or self.record.entries.get("tier")
        if anchor is None or anchor.value is None or anchor.collection:
            return False
        if self.record.flow:
            at = self.base + anchor.value.end_mark.index
            self.patches.append((at, at, "".join(f", {text}" for text in self.added)))
            return True
        column = anchor.column
        return self._lines_after(anchor.value.end_mark.index,
                                 [" " * column + text for text in self.added])

    def _replace(self, token: Any, text: str) -> None:
        self.patches.append((self.base + token.start_mark.index,
                             self.base + token.end_mark.index, text))

    def _is_null(self, entry: Entry) -> bool:
        value = entry.value
        return value is None or (getattr(value, "style", None) in (None, "") and
                                 str(value.value) in ("", "null", "~", "Null", "NULL"))

    def _child(self, entry: Entry) -> YamlMap | None:
        """The mapping that is `entry`'s value: the first one starting after its colon and
        before the record's next key."""
        colon = entry.colon.end_mark.index if entry.colon is not None else -1
        later = [e.key.start_mark.index for e in self.record.entries.values()
                 if e.key.start_mark.index > colon]
        limit = min(later, default=len(self.snippet) + 1)
        best: tuple[int, YamlMap] | None = None
        for mapping in self.maps:
            if mapping is self.record or not mapping.entries:
                continue
            first = min(e.key.start_mark.index for e in mapping.entries.values())
            if colon < first < limit and (best is None or first < best[0]):
                best = (first, mapping)
        return best[1] if best else None

    def _add_entries(self, child: YamlMap, new: list[str]) -> bool:
        values = [e.value for e in child.entries.values()]
        if any(v is None or type(v).__name__ != "ScalarToken" for v in values):
            return False
        last = max(v.end_mark.index for v in values)
        if child.flow:
            self.patches.append((self.base + last, self.base + last,
                                 "".join(f", {text}" for text in new)))
            return True
        column = min(e.column for e in child.entries.values())
        return self._lines_after(last, [" " * column + text for text in new])

    def _after(self, index: int) -> int:
        return next((n for n, t in enumerate(self.tokens) if t.start_mark.index >= index),
                    len(self.tokens))

    def _flow_items(self, start: int) -> list[Any] | None:
        items: list[Any] = []
        for token in self.tokens[start + 1:]:
            kind = type(token).__name__
            if kind == "FlowSequenceEndToken":
                return items
            if kind == "ScalarToken":
                items.append(token)
            elif kind != "FlowEntryToken":
                return None
        return None

    def _block_item(self, start: int, text: str) -> bool:
        """A `- text` line after the last item of the block list starting at `start`."""
        indentless = type(self.tokens[start]).__name__ == "BlockEntryToken"
        depth = 0 if indentless else -1
        last = None
        for n in range(start, len(self.tokens)):
            kind = type(self.tokens[n]).__name__
            if kind.endswith("StartToken") and kind != "StreamStartToken":
                depth += 1
            elif kind in ("BlockEndToken", "FlowMappingEndToken", "FlowSequenceEndToken"):
                depth -= 1
                if depth < 0:
                    break
            elif kind == "KeyToken" and depth == 0 and indentless:
                break
            elif kind == "BlockEntryToken" and depth == 0:
                last = n
        if last is None or type(self.tokens[last + 1]).__name__ != "ScalarToken":
            return False
        column = self.tokens[last].start_mark.column
        return self._lines_after(self.tokens[last + 1].end_mark.index,
                                 [" " * column + "- " + text])

    def _lines_after(self, index: int, lines: list[str]) -> bool:
        ending = _LINE_END.search(self.snippet, index)
        if ending is None:
            at = self.base + len(self.snippet)
            self.patches.append((at, at, "".join(self.eol + line for line in lines)))
            return True
        at = self.base + ending.end()
        self.patches.append((at, at, "".join(line + ending.group() for line in lines)))
        return True
