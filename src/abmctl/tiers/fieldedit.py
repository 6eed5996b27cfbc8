"""Edits of an account's own fields for `abmctl accounts import`: set a value (`name`,
`region`), set an entry of a mapping (`owners.ae`, `crm.salesforce`), append to a list
(`domains`); a key the record lacks is added after its `tier_since` (or `tier`) line.

The patches come from the record's lines when each key it touches sits on one line of its
own, in the layout abmctl and most editors write (`key: value`, `key: {a: b}`,
`key: [a, b]`): reading the lines is a hundred times faster than scanning the record's
tokens, which an import of thousands of accounts needs. Any other layout (a block mapping
under `owners:`, an anchor, a multi-line value) is read from the scanner's tokens where it
can be, else the account is left to be changed by hand. Either way `writing.verify` re-reads
the file and refuses anything but exactly these changes.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from abmctl.errors import AbmctlError
from abmctl.tiers.fieldtokens import RecordTokens, requote
from abmctl.tiers.yamledit import Patch, YamlMap, scanned

_KEY = re.compile(r"[A-Za-z_][\w-]*")
_INDICATORS = frozenset(",[]{}#&*!|>'\"%@`")
_COMMENT = re.compile(r"[ \t]+#")
_DOUBLE = re.compile(r'"(?:[^"\\]|\\.)*"')
_SINGLE = re.compile(r"'(?:[^']|'')*'")
_QUOTED = r"\"(?:[^\"\\]|\\.)*\"|'(?:[^']|'')*'"
_FLOW_MAP = re.compile(r"\{(?:[^{}\[\]\"'#&*!|>]|" + _QUOTED + r")*\}")
_FLOW_SEQ = re.compile(r"\[(?:[^{}\[\]\"'#&*!|>]|" + _QUOTED + r")*\]")
_MAP_ENTRY = re.compile(r"\s*(?P<key>[A-Za-z_][\w.-]*)\s*:\s*(?P<value>" + _QUOTED
                        + r"|[^,\s\"'][^,]*?)?\s*(?=,|\Z)")
_SAFE_PLAIN = re.compile(r"[A-Za-z][A-Za-z0-9 .&()/+'-]*[A-Za-z0-9.)]|[A-Za-z]")
_NOT_TEXT = frozenset({"null", "true", "false", "yes", "no", "on", "off", "y", "n", "~"})


def scalar(text: str) -> str:
    """`text` as a YAML scalar: plain when it reads back as the same text, else quoted."""
    if _SAFE_PLAIN.fullmatch(text) and text.lower() not in _NOT_TEXT and ": " not in text \
            and " #" not in text:
        return text
    return json.dumps(text, ensure_ascii=False)


@dataclass(frozen=True, slots=True)
class FieldEdit:
    """Set fields of the account whose record starts at `path:line`. Values are given as
    they read (`sets`: key -> text; `entries`: (key, sub) -> text; `appends`: key -> text)."""

    path: str
    line: int
    account: str
    sets: dict[str, str] = field(default_factory=dict)
    entries: dict[tuple[str, str], str] = field(default_factory=dict)
    appends: dict[str, str] = field(default_factory=dict)

    def applied(self, before: dict[str, Any], rel: str) -> dict[str, Any]:
        after = dict(before)
        after.update(self.sets)
        for (key, sub), value in self.entries.items():
            inner = after.get(key)
            after[key] = {**(inner if isinstance(inner, dict) else {}), sub: value}
        for key, value in self.appends.items():
            items = after.get(key)
            after[key] = [*(items if isinstance(items, list) else []), value]
        return after

    def line_patches(self, lines: list[str], first: int, base: int,
                     eol: str) -> list[Patch] | None:
        keys = _key_lines(lines)
        if keys is None:
            return None
        starts = [base]
        for line in lines:
            starts.append(starts[-1] + len(line))
        patches: list[Patch] = []
        added: list[str] = []
        for key, value in self.sets.items():
            if not _set_value(keys, starts, lines, key, scalar(value), patches, added):
                return None
        for key in dict.fromkeys(k for k, _ in self.entries):
            subs = {sub: scalar(v) for (k, sub), v in self.entries.items() if k == key}
            if not _set_entries(keys, starts, lines, key, subs, patches, added):
                return None
        for key, value in self.appends.items():
            if not _append(keys, starts, lines, key, scalar(value), patches):
                return None
        if added:
            anchor = keys.get("tier_since", keys.get("tier"))
            if anchor is None or anchor[2] < 0 or not lines[anchor[0]].endswith(("\n", "\r")) \
                    or _value(lines[anchor[0]], anchor[2]) is None:
                return None
            column = anchor[1]
            at = starts[anchor[0] + 1]
            patches.append((at, at, "".join(" " * column + text + eol for text in added)))
        return patches

    def patches(self, snippet: str, base: int, record: YamlMap, eol: str) -> list[Patch]:
        """From the record's scanner tokens: flow records, block mappings under a key, block
        lists; an anchored or multi-line value is left to be changed by hand."""
        text = scanned(snippet, self)  # type: ignore[arg-type]
        found = text.by_id.get(self.account)
        if found is None:
            raise self._by_hand("it is not where it was read")
        walk = RecordTokens(snippet, base, text.tokens, found, eol, text.maps)
        for key, value in self.sets.items():
            if not walk.set_value(key, scalar(value)):
                raise self._by_hand(f"its {key} is not a plain value")
        for key in dict.fromkeys(k for k, _ in self.entries):
            subs = {sub: scalar(v) for (k, sub), v in self.entries.items() if k == key}
            if not walk.set_entries(key, subs):
                raise self._by_hand(f"its {key} is not a mapping of plain values")
        for key, value in self.appends.items():
            if not walk.append(key, scalar(value)):
                raise self._by_hand(f"its {key} is not a list of plain values")
        if walk.added and not walk.insert_added():
            raise self._by_hand("it has no plain tier line to add keys after")
        return walk.patches

    def _by_hand(self, why: str) -> AbmctlError:
        return AbmctlError(f"account '{self.account}' cannot be edited in place ({why}) to "
                           f"set {self._wanted()}; change it by hand; nothing was written",
                           path=self.path, line=self.line)

    def _wanted(self) -> str:
        shown = [f"{k}: {v}" for k, v in self.sets.items()]
        shown += [f"{k}.{s}: {v}" for (k, s), v in self.entries.items()]
        shown += [f"{k} += {v}" for k, v in self.appends.items()]
        return ", ".join(shown)


def _key_lines(lines: list[str]) -> dict[str, tuple[int, int, int]] | None:
    """Each top-level key of a block list item: (line index, key column, value column in the
    line, -1 when the key has no value on its line); None for a repeated key."""
    head = lines[0]
    dash = len(head) - len(head.lstrip(" "))
    column = dash + 1 + len(head[dash + 1:]) - len(head[dash + 1:].lstrip(" "))
    found: dict[str, tuple[int, int, int]] = {}
    for index, line in enumerate(lines):
        # a key line starts at the key column exactly: deeper lines belong to its values
        if index and (line[column - 1:column] != " " or line[column:column + 1] in " #\r\n"
                      or line[:column].strip()):
            continue
        colon = line.find(":", column)
        key = line[column:colon]
        if colon < 0 or not _KEY.fullmatch(key) or key in found:
            return None  # a quoted or complex key, a flow record, a repeated key: the tokens
        after = line[colon + 1:]
        rest = len(after) - len(after.lstrip(" \t"))
        value = colon + 1 + rest
        has_value = rest > 0 and line[value:value + 1] not in ("", "\r", "\n", "#")
        found[key] = (index, column, value if has_value else -1)
    return found


def _value(line: str, at: int) -> tuple[int, int, str] | None:
    """The single-line value starting at `at`: (start, end, kind) with kind plain, quoted,
    map or seq; None for anything else (anchor, tag, block scalar, open flow)."""
    text = line.rstrip("\r\n")
    for kind, pattern in (("quoted", _DOUBLE), ("quoted", _SINGLE), ("map", _FLOW_MAP),
                          ("seq", _FLOW_SEQ)):
        found = pattern.match(text, at)
        if found is not None:
            rest = text[found.end():].strip()
            if rest and not rest.startswith("#"):
                return None
            return at, found.end(), kind
    if at >= len(text) or text[at] in _INDICATORS or \
            (text[at] in "-?:" and text[at + 1:at + 2] in ("", " ", "\t")):
        return None
    comment = _COMMENT.search(text, at)
    end = comment.start() if comment else len(text.rstrip(" \t"))  # NEL, LS, PS are text
    return at, end, "plain"


def _set_value(keys: dict[str, tuple[int, int, int]], starts: list[int], lines: list[str],
               key: str, text: str, patches: list[Patch], added: list[str]) -> bool:
    where = keys.get(key)
    if where is None:
        added.append(f"{key}: {text}")
        return True
    index, _, at = where
    if at < 0:  # `key:` alone: null, or a value on the lines below
        return False
    found = _value(lines[index], at)
    if found is None or found[2] not in ("plain", "quoted") or \
            (found[2] == "plain" and _continued(lines, index, where[1])):
        return False
    quote = lines[index][found[0]] if found[2] == "quoted" else ""
    patches.append((starts[index] + found[0], starts[index] + found[1], requote(text, quote)))
    return True


def _continued(lines: list[str], index: int, column: int) -> bool:
    """Whether the plain value on line `index` goes on below (a line deeper than its key,
    past blank lines and before any comment): the tokens then give its whole span."""
    for line in lines[index + 1:]:
        body = line.lstrip(" \t")
        if body.strip():
            return not body.startswith("#") and len(line) - len(line.lstrip(" ")) > column
    return False


def _set_entries(keys: dict[str, tuple[int, int, int]], starts: list[int], lines: list[str],
                 key: str, subs: dict[str, str], patches: list[Patch],
                 added: list[str]) -> bool:
    where = keys.get(key)
    if where is None:
        added.append(f"{key}: {{{', '.join(f'{s}: {v}' for s, v in subs.items())}}}")
        return True
    index, _, at = where
    found = _value(lines[index], at) if at >= 0 else None
    if found is None or found[2] != "map":
        return False
    start, end, _ = found
    inner_at = start + 1
    inner = lines[index][inner_at:end - 1]
    present: dict[str, tuple[int, int]] = {}
    last_end = None
    for entry in _MAP_ENTRY.finditer(inner):
        if entry["value"] is None:
            return False
        present[entry["key"]] = (entry.start("value"), entry.end("value"))
        last_end = entry.end("value")
    new: list[str] = []
    for sub, value in subs.items():
        if sub in present:
            a, b = present[sub]
            patches.append((starts[index] + inner_at + a, starts[index] + inner_at + b,
                            requote(value, inner[a])))
        else:
            new.append(f"{sub}: {value}")
    if new:
        body = ", ".join(new)
        if last_end is None:
            at_text = starts[index] + inner_at
            patches.append((at_text, at_text + len(inner), body))
        else:
            at_text = starts[index] + inner_at + last_end
            patches.append((at_text, at_text, ", " + body))
    return True


def _append(keys: dict[str, tuple[int, int, int]], starts: list[int], lines: list[str],
            key: str, text: str, patches: list[Patch]) -> bool:
    where = keys.get(key)
    if where is None or where[2] < 0:
        return False
    index, _, at = where
    found = _value(lines[index], at)
    if found is None or found[2] != "seq":
        return False
    start, end, _ = found
    inner = lines[index][start + 1:end - 1]
    close = starts[index] + end - 1
    if not inner.strip():
        patches.append((starts[index] + start + 1, close, text))
    else:
        stripped = len(inner.rstrip())
        at_text = starts[index] + start + 1 + stripped
        patches.append((at_text, at_text, ", " + text))
    return True
