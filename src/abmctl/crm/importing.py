"""`abmctl accounts import`: an export's rows -> the change set -> the file changes, each
step checked before anything is written."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from abmctl.crm.changes import ChangeSet
from abmctl.crm.layouts import LAYOUTS, CrmLayout, layout_from_map, read_rows
from abmctl.errors import AbmctlError
from abmctl.findings import Finding
from abmctl.registry import Registry
from abmctl.tiers.plan import BULK_SHARE, is_bulk
from abmctl.tiers.writing import FileChange

# a bulk change (tiers.plan.is_bulk: as `tiers apply`'s guard) to these fields is more likely
# the wrong export, or the wrong --from, than a quarter's drift
BULK_FIELDS = ("name", "domains", "region", "owners")


@dataclass(frozen=True, slots=True)
class Planned:
    """The change set and the file changes that make it (verified, not written)."""

    changes: ChangeSet
    files: list[FileChange]


def layout_of(source: str, map_file: Path | None) -> CrmLayout:
    """The layout --from (and --map) name."""
    if map_file is not None:
        if source != "csv":
            raise AbmctlError(f"--map describes a layout of its own; use it with --from csv, "
                              f"not --from {source}")
        return layout_from_map(map_file)
    return LAYOUTS[source]


def into_rel(reg: Registry, into: Path | None) -> str:
    """`--into` as a path under the registry root: an accounts file (relative paths are
    read from the root)."""
    from abmctl.atomic import resolve
    from abmctl.model.kinds import kind_of

    if into is None:
        return ""
    path = into if into.is_absolute() else reg.root / into
    try:
        rel = resolve(path).relative_to(resolve(reg.root)).as_posix()
    except ValueError:
        raise AbmctlError("--into: not inside the registry root", str(into)) from None
    except OSError as error:  # a link loop
        raise AbmctlError(f"--into: cannot follow it: {error.strerror or error}",
                          into.as_posix()) from None
    kind = kind_of(rel)
    if kind is None or kind.name != "accounts":
        raise AbmctlError("--into: new accounts go into an accounts file, "
                          "registry/accounts/NAME.yaml", rel)
    if not (reg.root / rel).parent.is_dir():
        raise AbmctlError("--into: the folder registry/accounts/ does not exist", rel)
    try:
        (reg.root / rel).lstat()  # it may not exist yet; its name must be one
    except FileNotFoundError:
        pass
    except OSError as error:  # a name too long for the file system
        raise AbmctlError(f"--into: {error.strerror or error}", rel) from None
    return rel


def plan(reg: Registry, path: Path, rel: str, layout: CrmLayout, into: str,
         as_of: date) -> Planned:
    """Read the export, match it, and prepare every file change (nothing written)."""
    from abmctl.crm.edits import field_edits, new_records
    from abmctl.crm.matching import plan_import
    from abmctl.tiers.writing import prepare

    changes = ChangeSet(rel, layout.name, into, as_of.isoformat())
    rows = read_rows(path, rel, layout, changes.skipped)
    changes.rows = len(changes.skipped)  # rows that could not be split are rows too
    plan_import(reg, rows, layout, changes, as_of)
    if not rows and not changes.skipped:
        raise AbmctlError(f"no account rows in it (read as {layout.name}): an empty export?",
                          rel)
    if not rows and changes.skipped:
        raise AbmctlError(f"no row could be read (first: line {changes.skipped[0].line}: "
                          f"{changes.skipped[0].reason})", rel)
    if changes.rows and len(changes.skipped) == changes.rows:
        first = changes.skipped[0]
        raise AbmctlError(f"every one of its {changes.rows:,} rows was skipped (first: line "
                          f"{first.line}: {first.reason}): the wrong file, or the wrong "
                          f"--from (read as {layout.name})", rel)
    if changes.new and not into:
        raise AbmctlError(f"{len(changes.new)} new account(s) and no --into: name the file "
                          "they go into, e.g. --into registry/accounts/crm.yaml")
    files = prepare(reg.root, field_edits(changes), new_records(changes, reg.root))
    return Planned(changes, files)


def bulk(reg: Registry, changes: ChangeSet) -> str | None:
    """Why the change set is a bulk change (name, domain, region or owner of too many existing
    accounts at once), or None. New accounts and CRM ids added are not counted: a first
    import adds an id to every account."""
    touched = sum(1 for u in changes.changed
                  if any(c.field.split(".")[0] in BULK_FIELDS for c in u.changes))
    listed = len(reg.accounts)
    if is_bulk(touched, listed):
        return (f"it changes the name, domain, region or owner of {touched:,} of the list's "
                f"{listed:,} accounts (more than {BULK_SHARE:.0%})")
    return None


def refusal(reg: Registry, files: list[FileChange], as_of: date) -> list[Finding]:
    """The lint errors the import would bring into the registry."""
    from abmctl.crm.checking import new_errors

    return new_errors(reg, files, as_of) if files else []
