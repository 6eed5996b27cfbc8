"""What an account import would do to the registry: the change set, plain data.

`matching.plan_import` makes it, `commands/accounts.py` checks and writes it, the renderers
print it (`--dry-run`, and the summary after writing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from abmctl.engine.activity import SkippedRow


@dataclass(frozen=True, slots=True)
class FieldChange:
    """One field of an existing account: `owners.ae`, `crm.salesforce`, `domains` (+ one)."""

    field: str
    before: str | None
    after: str


@dataclass(frozen=True, slots=True)
class Update:
    """An existing account the export matched, and what changes in it."""

    account: str
    path: str
    line: int
    matched_by: str  # "crm id", "domain" or "id"
    row: int
    changes: tuple[FieldChange, ...]


@dataclass(frozen=True, slots=True)
class NewAccount:
    """An account the list does not have yet, as it will be written."""

    account: str
    row: int
    values: dict[str, Any]  # the record, key by key, as it will read


@dataclass(frozen=True, slots=True)
class NameOnly:
    """A row whose only likeness to a list account is its name: reported, never merged."""

    row: int
    name: str
    account: str
    path: str
    line: int


@dataclass(frozen=True, slots=True)
class Note:
    """Something the import left as it was, and why (a conflicting id, an unknown owner)."""

    row: int
    account: str | None
    message: str


@dataclass(frozen=True, slots=True)
class Missing:
    """A list account no row of the export matched (it is kept)."""

    account: str
    path: str
    line: int


@dataclass
class ChangeSet:
    """The import of one export into the registry."""

    source: str
    layout: str
    into: str
    as_of: str
    rows: int = 0
    updates: list[Update] = field(default_factory=list)
    new: list[NewAccount] = field(default_factory=list)
    name_only: list[NameOnly] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    missing: list[Missing] = field(default_factory=list)
    skipped: list[SkippedRow] = field(default_factory=list)
    unchanged: int = 0  # matched accounts the export changes nothing in

    @property
    def changed(self) -> list[Update]:
        return [u for u in self.updates if u.changes]

    @property
    def empty(self) -> bool:
        """Nothing to write."""
        return not self.changed and not self.new
