"""Which records a change touched: every registry file at a git revision against the working
tree, record by record (for `abmctl lint --changed-since REV`).

A record is an item of `accounts:` (an account file), of `teams:` or `people:` (teams.yaml), or
the whole of a one-record file (an agreement, play, event or rules/ file). Records are matched
by id within their file, and a record is touched when it is new in its file or its text
differs (trailing blanks, blank lines and comment lines after it do not count). So a record
moved within its file is untouched; moved to another file it is new there, and touched. The
text of a file outside its records (the `accounts:` line, comments above the first record,
`territories:`) counts as one more record of the file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from abmctl.findings import Finding
from abmctl.load.positions import PosNode, index_lines
from abmctl.load.yamlfile import YamlProblem, decode, load_values, yaml_lines

LISTS = ("accounts", "teams", "people")  # the keys whose items are records
OUTSIDE = ""  # the key of a file's text outside its records


@dataclass(frozen=True, slots=True)
class Record:
    first: int  # 1-based lines of the working tree (or of the revision)
    last: int
    text: str


@dataclass(frozen=True, slots=True)
class FileChanges:
    """One file's records as the change left them: touched or not, by working-tree lines."""

    new: bool  # the file is not at the revision
    touched: tuple[tuple[int, int], ...]
    untouched: tuple[tuple[int, int], ...]
    outside_touched: bool

    def touches(self, line: int | None) -> bool:
        if self.new:
            return True
        if line is None:
            return bool(self.touched) or self.outside_touched
        if any(first <= line <= last for first, last in self.touched):
            return True
        if any(first <= line <= last for first, last in self.untouched):
            return False
        return self.outside_touched


@dataclass(frozen=True, slots=True)
class Changes:
    """The files with a touched record since `revision`; findings elsewhere are untouched."""

    revision: str
    files: dict[str, FileChanges]

    def touches(self, finding: Finding) -> bool:
        """Whether the finding points at a record the change touched (a finding that names
        no file points at no record: it is counted with the untouched)."""
        changed = self.files.get(finding.path or "")
        return changed is not None and changed.touches(finding.line)


def changes_since(root: Path, files: list[str], revision: str) -> Changes:
    """The records of `files` (root-relative, as the loader found them) added or changed since
    `revision`, read with git (exit 2: no repository, no such revision)."""
    from abmctl.load import gitrev

    repo = gitrev.open_repo(root, "lint --changed-since")
    commit = gitrev.resolve(repo, revision)
    before = gitrev.registry_files_at(repo, commit)
    found: dict[str, FileChanges] = {}
    for rel in files:
        try:
            now = (root / rel).read_bytes()
        except OSError:
            continue  # the loader has a finding for it; no record of it can be matched
        if rel in before and before[rel] == now:
            continue
        compared = compare(rel, before.get(rel), now)
        if compared.new or compared.touched or compared.outside_touched:
            found[rel] = compared
    return Changes(revision, found)


def compare(rel: str, before: bytes | None, now: bytes) -> FileChanges:
    """The records of one file touched between its text at the revision and now."""
    current = records(rel, now)
    if before is None:
        return FileChanges(True, (), (), True)
    previous = records(rel, before)
    touched: list[tuple[int, int]] = []
    untouched: list[tuple[int, int]] = []
    for key, record in current.items():
        if key == OUTSIDE:
            continue
        same = key in previous and previous[key].text == record.text
        (untouched if same else touched).append((record.first, record.last))
    outside = current.get(OUTSIDE, Record(0, 0, "")).text != previous.get(
        OUTSIDE, Record(0, 0, "")).text
    return FileChanges(False, tuple(touched), tuple(untouched), outside)


def records(rel: str, raw: bytes) -> dict[str, Record]:
    """A file's records by key (`accounts/acme-corp`, `people/dana`), and its text outside
    them under OUTSIDE; a file that does not read as YAML is one record."""
    try:
        text = decode(raw, rel)
        values = load_values(text, rel)
    except YamlProblem:
        return {OUTSIDE: Record(1, 1, raw.decode("utf-8", "replace"))}
    lines = yaml_lines(text, keepends=False)
    root = index_lines(lines).root
    found: dict[str, Record] = {}
    inside: set[int] = set()
    for key in LISTS:
        node = root.nested.get(key)
        items = values.get(key) if isinstance(values, dict) else None
        if node is None or not isinstance(items, list):
            continue
        for number, item in enumerate(node.items):
            record = _record(lines, item)
            found[f"{key}/{_ident(items, number)}"] = record
            inside.update(range(record.first, record.last + 1))
    outside = [line for number, line in enumerate(lines, start=1) if number not in inside]
    found[OUTSIDE] = Record(0, 0, _normal(outside))
    return found


def _record(lines: list[str], item: PosNode) -> Record:
    last = item.end or len(lines)
    return Record(item.line, last, _normal(lines[item.line - 1:last]))


def _ident(items: list[Any], number: int) -> str:
    """The item's id; `#N` for an item without one (matched by its place, then)."""
    item = items[number] if number < len(items) else None
    ident = item.get("id") if isinstance(item, dict) else None
    return ident if isinstance(ident, str) else f"#{number + 1}"


def _normal(lines: list[str]) -> str:
    """The lines as compared: trailing blanks and trailing blank or comment lines left out."""
    kept = [line.rstrip() for line in lines]
    while kept and (not kept[-1] or kept[-1].lstrip().startswith("#")):
        kept.pop()
    return "\n".join(kept)
