"""The change set as edits for the one account-file writer (`tiers/writing.py`): field edits
of the matched accounts, and the new accounts' records appended to the `--into` file."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from abmctl.crm.changes import ChangeSet
from abmctl.tiers.fieldedit import FieldEdit, scalar
from abmctl.tiers.writing import NewRecords

_ITEM = re.compile(r"^( *)- ", re.MULTILINE)
HEADER = ("# Accounts added by `abmctl accounts import` (at the lowest tier: the next review\n"
          "# decides where they belong).\n")


def field_edits(changes: ChangeSet) -> list[FieldEdit]:
    """One edit per matched account the export changes."""
    edits: list[FieldEdit] = []
    for update in changes.changed:
        sets: dict[str, str] = {}
        entries: dict[tuple[str, str], str] = {}
        appends: dict[str, str] = {}
        for change in update.changes:
            key, _, sub = change.field.partition(".")
            if key == "domains":
                appends[key] = change.after
            elif sub:
                entries[(key, sub)] = change.after
            else:
                sets[key] = change.after
        edits.append(FieldEdit(update.path, update.line, update.account, sets, entries,
                               appends))
    return edits


def new_records(changes: ChangeSet, root: Path) -> dict[str, NewRecords]:
    """The new accounts' records for the `--into` file, indented like its own items."""
    if not changes.new:
        return {}
    indent = _item_indent(root / changes.into)
    text = "".join(record_text(new.values, indent) for new in changes.new)
    values = tuple(dict(new.values) for new in changes.new)
    return {changes.into: NewRecords(text, values, HEADER)}


def record_text(values: dict[str, Any], indent: str = "    ") -> str:
    """One account as a block list item, one key a line (lists and maps in flow style);
    `indent`: the column of its keys."""
    lines = [f"{indent if n else indent[:-2] + '- '}{key}: {_yaml(key, v)}"
             for n, (key, v) in enumerate(values.items())]
    return "\n".join(lines) + "\n"


def _yaml(key: str, value: Any) -> str:
    if isinstance(value, bool) or value is None:
        raise TypeError(f"{key}: {value!r}")
    if isinstance(value, int) or key == "tier_since":
        return str(value)
    if isinstance(value, list):
        return "[" + ", ".join(scalar(str(v)) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {scalar(str(v))}" for k, v in value.items()) + "}"
    return scalar(str(value))


def _item_indent(path: Path) -> str:
    """The indentation of a list item's keys in the file (`  - id:` -> 4 spaces); 4 for a
    new file."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return "    "
    found = _ITEM.search(text)
    return " " * (len(found.group(1)) + 2) if found else "    "
