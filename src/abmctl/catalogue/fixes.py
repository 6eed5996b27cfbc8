"""`abmctl lint --fix`: the edits that mend what needs no judgement, as minimal text patches.

A finding says what its fix is (`Finding.fix`); this module finds the characters it concerns
and replaces only those, as `tiers apply` does (`tiers.yamledit`): a misspelt key or a domain
is one scalar of its record (found by its text when the record holds it once, else by
ruamel's scanner, which gives a token's exact span, the one at the finding's place when
the text is written more than once; quoting kept), an unused suppression is a
code in a comment, a file's layout is its trailing blanks and line endings. Every result is
re-read, each fix on its record and then the file as a whole: it must hold the same values as
before but for the keys renamed and the domains rewritten, else the fix is left out, with the
reason. Writing is `tiers.writing`'s: all files or none, atomic, refused when a file changed
since it was read.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from abmctl.findings import Finding, Fix
from abmctl.load.yamlfile import dominant_eol, yaml_lines
from abmctl.registry import Registry
from abmctl.tiers.writing import FileChange
from abmctl.tiers.yamledit import Patch, splice

LOAD_ERRORS = ("ABM001", "ABM002")
_LINE_END = re.compile(r"\r\n|\r|\n")


@dataclass(slots=True)
class FixPlan:
    """What `--fix` would write, which findings it mends, and the fixable ones it leaves
    (each with why)."""

    changes: list[FileChange] = field(default_factory=list)
    fixed: list[Finding] = field(default_factory=list)
    left: list[tuple[Finding, str]] = field(default_factory=list)


def plan_fixes(reg: Registry, findings: Iterable[Finding]) -> FixPlan:
    """The file changes that mend the fixable `findings`; nothing is written."""
    plan = FixPlan()
    by_file: dict[str, list[Finding]] = {}
    # a record that does not load may change what the rules report on the others (its own
    # suppressions are not judged): a suppression elsewhere may only look unused
    unloaded = any(f.code in LOAD_ERRORS and f.severity == "error" for f in reg.load_findings)
    for item in findings:
        if item.fix is None:
            continue
        if item.path is None:
            plan.left.append((item, "it names no file"))
        elif item.fix.kind == "suppression" and unloaded:
            plan.left.append((item, "a record does not load (ABM001/ABM002): fix that first"))
        else:
            by_file.setdefault(item.path, []).append(item)
    for rel, found in sorted(by_file.items()):
        _plan_file(reg, rel, found, plan)
    return plan


def _plan_file(reg: Registry, rel: str, found: list[Finding], plan: FixPlan) -> None:
    root = reg.root.resolve()
    path = (reg.root / rel).resolve()  # through a link, to the file it names
    if root not in path.parents:
        plan.left += [(f, "the file is a link to outside the registry root") for f in found]
        return
    try:
        raw = path.read_bytes()
        text = raw.decode("utf-8")  # a BOM stays in the text as U+FEFF, and is written back
    except (OSError, UnicodeDecodeError) as exc:
        plan.left += [(f, f"cannot read the file: {exc}") for f in found]
        return
    source = _Source(reg, rel, text)
    layout = [f for f in found if f.fix is not None and f.fix.kind == "layout"]
    units: list[tuple[list[Finding], list[Patch]]] = []
    for items, unit, why in _token_units(source, [f for f in found if f not in layout]):
        if why:
            plan.left += [(f, why) for f in items]
        else:
            units.append((items, unit))
    new_text, done = _whole_file(text, units, plan)
    if layout:
        tidy = _tidied(text, new_text, done)
        if tidy is None:
            plan.left += [(f, "its blanks are part of a text value") for f in layout]
        else:
            new_text, done = tidy, [*done, *layout]
    if new_text != text:
        plan.changes.append(FileChange(rel, path, raw, new_text.encode("utf-8")))
        plan.fixed += done


ONE_BY_ONE = 100  # at most this many fixes of a file are tried one by one when together fail


def _whole_file(text: str, units: list[tuple[list[Finding], list[Patch]]],
                plan: FixPlan) -> tuple[str, list[Finding]]:
    """`text` with the fixes that keep the whole file reading as meant (each was checked on
    its record; a value shared through an anchor shows only here): all at once, else one by
    one when they are few, else none."""
    done = [f for items, _ in units for f in items]
    new_text = _spliced(text, [p for _, patches in units for p in patches])
    if new_text is not None and _reads_as_meant(text, new_text, done):
        return new_text, done
    kept: list[tuple[list[Finding], list[Patch]]] = []
    new_text = text
    for unit in units if len(units) <= ONE_BY_ONE else []:
        trial = _spliced(text, [p for _, patches in [*kept, unit] for p in patches])
        if trial is not None and _reads_as_meant(text, trial, [
                f for items, _ in [*kept, unit] for f in items]):
            kept.append(unit)
            new_text = trial
    fixed = [f for items, _ in kept for f in items]
    plan.left += [(f, "the file would read differently (a value shared through an anchor?); "
                   "change it by hand") for f in done if f not in fixed]
    return new_text, fixed


def _tidied(text: str, new_text: str, done: list[Finding]) -> str | None:
    """`new_text` without blanks at line ends and with one line ending, when that changes no
    value: blanks inside a multi-line text are kept (found only when needed: it takes the
    scanner over the whole file)."""
    tidy = _tidy_layout(new_text)
    if not _reads_as_meant(text, tidy, done):
        tidy = _tidy_layout(new_text, protected=_multiline_scalars(new_text))
    return tidy if tidy != new_text and _reads_as_meant(text, tidy, done) else None


def _spliced(text: str, patches: list[Patch]) -> str | None:
    from abmctl.errors import AbmctlError

    try:
        return splice(text, patches, "")
    except AbmctlError:  # two fixes of one span
        return None


@dataclass(slots=True)
class _Source:
    """A file's text and its lines' offsets, for finding a record's span."""

    reg: Registry
    rel: str
    text: str
    starts: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.starts = [0]
        for line in yaml_lines(self.text):  # numbered as the loader does
            self.starts.append(self.starts[-1] + len(line))

    def line_text(self, number: int) -> tuple[int, str]:
        """The offset and text (with its ending) of line `number` (1-based)."""
        start, end = self.starts[number - 1], self.starts[number]
        return start, self.text[start:end]

    def record(self, line: int) -> tuple[int, str, bool]:
        """The offset and text of the record holding `line`, and whether it is a record of a
        list (else the whole file: a one-record file, a flow list)."""
        spans = self.reg.spans.get(self.rel)
        first = spans.record_start(line) if spans is not None else None
        if first is None or spans is None or len(spans.starts) < 2:
            base = 1 if self.text.startswith("\ufeff") else 0
            return base, self.text[base:], False
        last = min(spans.ends[bisect_left(spans.starts, first)], len(self.starts) - 1)
        start = self.starts[first - 1]
        return start, self.text[start:self.starts[last]], True

    def file_reads_as_meant(self, patches: list[Patch], fixed: list[Finding]) -> bool:
        """Whether the whole file reads as meant with `patches`."""
        new = _spliced(self.text, patches)
        return new is not None and _reads_as_meant(self.text, new, fixed)

    def reads_as_meant(self, line: int, patches: list[Patch], fixed: list[Finding]) -> bool:
        """Whether the record holding `line` reads as meant with `patches` (a record that is
        the whole file, or that does not read on its own, an alias of an anchor elsewhere, is
        left to the check of the whole file)."""
        base, snippet, listed = self.record(line)
        if not listed or not _readable(snippet):
            return True
        local = [(start - base, end - base, new) for start, end, new in patches]
        if any(start < 0 or end > len(snippet) for start, end, _ in local):
            return False
        new = _spliced(snippet, local)
        return new is not None and _reads_as_meant(snippet, new, fixed)


def _token_units(source: _Source,
                 found: list[Finding]) -> Iterable[tuple[list[Finding], list[Patch], str]]:
    """Per finding (per suppression comment), its patches, or why it has none."""
    comments: dict[int, list[Finding]] = {}
    for item in found:
        fix = item.fix
        assert fix is not None
        if fix.kind == "suppression" and item.line is not None:
            comments.setdefault(item.line, []).append(item)
        elif item.line is None:
            yield [item], [], "it names no line"
        else:
            patch = _text_patch(source, item.line, fix, item.column)
            if patch is None or not source.reads_as_meant(item.line, [patch], [item]):
                patch, why = _scalar_patch(source, item.line, fix, item.column)
                if patch is not None and not source.reads_as_meant(item.line, [patch], [item]):
                    patch, why = None, "the record would read differently; change it by hand"
            yield [item], [patch] if patch else [], "" if patch else why
    for line, items in sorted(comments.items()):
        patch, why = _comment_patch(source, line, {str(f.fix.old) for f in items if f.fix})
        if patch is not None and not source.reads_as_meant(line, [patch], []):
            patch, why = None, "the record would read differently; change it by hand"
        yield items, [patch] if patch else [], why


def _text_patch(source: _Source, line: int, fix: Fix, column: int | None) -> Patch | None:
    """The quick way, for a record of a list: `fix.old` written once in the record's text
    (10,000 URLs in a 10,000-account file are fixed in a second, not in the minute the
    scanner takes), at the finding's place: a key where the finding is, a domain inside the
    value of the key where it is (re-reading cannot tell a domain from a note holding the
    same text); whether it was the key or value is then checked by re-reading."""
    base, snippet, listed = source.record(line)
    if not listed or column is None or snippet.count(fix.old) != 1:
        return None
    at = base + snippet.index(fix.old)
    place = source.starts[line - 1] + column - 1
    if not (place <= at <= place + 1 if fix.kind == "key" else
            place < at and _inside_value(source.text[place:at], column - 1)):
        return None
    return at, at + len(fix.old), fix.new


def _inside_value(text: str, indent: int) -> bool:
    """Whether `text`, from a key at column `indent` on, stays within that key's value: no
    line after the key's own starts at or left of the key (blank and comment lines aside)."""
    for line in yaml_lines(text)[1:]:
        body = line.lstrip(" ")
        if body.strip() and not body.startswith("#") and len(line) - len(body) <= indent:
            return False
    return True


def _scalar_patch(source: _Source, line: int, fix: Fix,
                  column: int | None = None) -> tuple[Patch | None, str]:
    """The patch that writes the one key (or value) `fix.old` of the record at `line` as
    `fix.new`, in the same quoting; none when it is not there once (or, written more than
    once, when the finding's place, `line`:`column`, does not say which)."""
    from ruamel.yaml.error import YAMLError

    from abmctl.tiers.yamledit import _scanned

    base, snippet, _ = source.record(line)
    try:  # scanned once for all its findings (a one-record file or a flow list: the file)
        tokens = _scanned(snippet).tokens
    except YAMLError:
        return None, "the record cannot be read on its own; change it by hand"
    want_key = fix.kind == "key"
    hits = [token for token, is_key in _scalars(tokens)
            if is_key == want_key and token.value == fix.old]
    if len(hits) > 1 and column is not None:
        at = source.starts[line - 1] + column - 1 - base
        hits = _at_place(tokens, hits, at, want_key, len(snippet)) or hits
    if len(hits) > 1:  # the one whose rewriting reads as the fix (a domain, not a note)
        hits = [token for token in hits if source.file_reads_as_meant(
            [_rewritten(token, base, fix)], [Finding("", "info", "", fix=fix)])] or hits
    if len(hits) != 1:
        return None, f"'{fix.old}' is written {len(hits)} times in the record; change it by hand"
    if (getattr(hits[0], "style", None) or "") not in ("", "'", '"'):
        return None, f"'{fix.old}' is a block text; change it by hand"
    return _rewritten(hits[0], base, fix), ""


def _rewritten(token: Any, base: int, fix: Fix) -> Patch:
    """The patch writing the scalar `token` as `fix.new`, in its quoting."""
    style = getattr(token, "style", None) or ""
    style = style if style in ("'", '"') else ""
    return base + token.start_mark.index, base + token.end_mark.index, f"{style}{fix.new}{style}"


def _at_place(tokens: list[Any], hits: list[Any], at: int, want_key: bool,
              end: int) -> list[Any]:
    """The `hits` the finding at index `at` is about: the key written there, or the values of
    the key written there (a domain's finding is at its `domains` key)."""
    if want_key:
        return [token for token in hits if token.start_mark.index == at]
    from abmctl.tiers.yamledit import _mappings

    for mapping in _mappings(tokens):
        keys = sorted(e.key.start_mark.index for e in mapping.entries.values())
        if at in keys:
            stop = next((index for index in keys if index > at), end)
            return [token for token in hits if at < token.start_mark.index < stop]
    return []


def _scalars(tokens: Sequence[Any]) -> Iterable[tuple[Any, bool]]:
    """Each scalar token, and whether it is a mapping's key."""
    previous = ""
    for token in tokens:
        kind = type(token).__name__
        if kind == "ScalarToken":
            yield token, previous == "KeyToken"
        if kind not in ("TagToken", "AnchorToken"):
            previous = kind


def _comment_patch(source: _Source, line: int, codes: set[str]) -> tuple[Patch | None, str]:
    """The patch that takes `codes` out of the suppression comment on `line` (the whole
    comment, and the blanks before it, when it names nothing else)."""
    from abmctl.load.registry_files import SUPPRESSION

    offset, text = source.line_text(line)
    body = _LINE_END.sub("", text)
    match = SUPPRESSION.search(body)
    if match is None:
        return None, "the suppression is no longer where it was read"
    parts = match.group(1).split(",")
    kept = [part for part in parts if part.strip() and part.strip().upper() not in codes]
    if kept:
        listed = ",".join(kept).strip()
        start, end = offset + match.start(1), offset + match.end(1)
        return (start, end, listed), ""
    start = len(body[: match.start()].rstrip(" \t"))
    return (offset + start, offset + len(body), ""), ""


def _tidy_layout(text: str, protected: frozenset[int] = frozenset()) -> str:
    """`text` with no blanks at its line ends (but on the `protected` lines, 0-based) and
    every line ending the way most of its lines do."""
    eol = dominant_eol(text)
    out: list[str] = []
    for number, line in enumerate(yaml_lines(text)):
        body = line.rstrip("\r\n")
        ending = line[len(body):]
        if number not in protected:
            body = body.rstrip(" \t")
        out.append(body + (eol if ending else ""))
    return "".join(out)


def _multiline_scalars(text: str) -> frozenset[int]:
    """The 0-based lines a scalar spanning several lines covers (a `|` text, a folded
    quote): blanks at their ends are part of a value."""
    from ruamel.yaml import YAML
    from ruamel.yaml.error import YAMLError

    try:
        tokens = list(YAML(typ="safe", pure=True).scan(text.removeprefix("\ufeff")))
    except YAMLError:
        return frozenset(range(text.count("\n") + 1))
    lines: set[int] = set()
    for token in tokens:
        if type(token).__name__ == "ScalarToken" and token.end_mark.line > token.start_mark.line:
            lines.update(range(token.start_mark.line, token.end_mark.line + 1))
    return frozenset(lines)


def _readable(text: str) -> bool:
    import yaml_rs

    try:
        yaml_rs.loads(text, parse_datetime=False)
    except (yaml_rs.YAMLDecodeError, RecursionError):
        return False
    return True


def _reads_as_meant(old_text: str, new_text: str, fixed: Sequence[Finding]) -> bool:
    """Whether `new_text` holds `old_text`'s values but for the keys renamed and the values
    rewritten by `fixed`'s fixes, each exactly as often as they are fixed."""
    import yaml_rs

    try:
        old, new = (yaml_rs.loads(t.removeprefix("\ufeff"), parse_datetime=False)
                    for t in (old_text, new_text))
    except (yaml_rs.YAMLDecodeError, RecursionError):
        return False
    meant = Counter((f.fix.kind, f.fix.old, f.fix.new) for f in fixed
                    if f.fix is not None and f.fix.kind in ("key", "domain"))
    found: Counter[tuple[str, Any, Any]] = Counter()
    return _differences(old, new, found) and found == meant


def _differences(old: Any, new: Any, found: Counter[tuple[str, Any, Any]],
                 under: Any = None) -> bool:
    """Count the keys and scalars `new` writes differently from `old` into `found` (a
    scalar of a `domains` list as a "domain", any other as a "value": a note holding a
    domain's text is not that domain); False when their shapes differ."""
    if isinstance(old, dict) and isinstance(new, dict):
        if len(old) != len(new):
            return False
        for (old_key, old_value), (new_key, new_value) in zip(old.items(), new.items(),
                                                              strict=True):
            if old_key != new_key or type(old_key) is not type(new_key):
                found[("key", old_key, new_key)] += 1
            if not _differences(old_value, new_value, found, new_key):
                return False
        return True
    if isinstance(old, list) and isinstance(new, list):
        return len(old) == len(new) and all(
            _differences(a, b, found, under) for a, b in zip(old, new, strict=True))
    if isinstance(old, (dict, list)) or isinstance(new, (dict, list)):
        return False
    if old != new or type(old) is not type(new):
        found[("domain" if under == "domains" else "value", old, new)] += 1
    return True
