"""`abmctl accounts import --format text`: the change set, for a person."""

from __future__ import annotations

from collections.abc import Iterator

from abmctl.crm.changes import ChangeSet
from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.output.text import plural, wrap_listed

SHOWN = 20  # missing accounts listed by name; the rest counted (JSON lists them all)


def render(changes: ChangeSet, view: View) -> str:
    """The change set, each line wrapped to the width under itself."""
    return "".join(part + "\n" for line in _lines(changes)
                   for part in wrap_listed(line, view.width))


def _lines(changes: ChangeSet) -> Iterator[str]:
    yield terminal(f"Import of {changes.source} ({changes.layout}) as of {changes.as_of}: "
                   f"{plural(changes.rows, 'row')}")
    if changes.new:
        yield terminal(f"New accounts ({len(changes.new)}), into {changes.into or '(no --into)'}"
                       ":")
        for new in changes.new:
            values = new.values
            yield terminal(f"  + {new.account}: {values['name']}, {values['domains'][0]}, "
                           f"tier {values['tier']} (row {new.row})")
    changed = changes.changed
    if changed:
        yield f"Updated accounts ({len(changed)}):"
        for update in changed:
            yield terminal(f"  {update.account} ({update.path}:{update.line}, matched by "
                           f"{update.matched_by}, row {update.row})")
            for change in update.changes:
                before = "+" if change.field == "domains" else f"{change.before or '(none)'} →"
                yield terminal(f"      {change.field}: {before} {change.after}")
    if changes.name_only:
        yield f"Matched by name only, not merged ({len(changes.name_only)}):"
        for twin in changes.name_only:
            yield terminal(f"  row {twin.row} '{twin.name}' looks like {twin.account} "
                           f"({twin.path}:{twin.line}): add the row's domain or CRM id to "
                           "the account to merge them")
    if changes.notes:
        yield f"Left as they are ({len(changes.notes)}):"
        for note in changes.notes:
            who = f"{note.account}: " if note.account else ""
            yield terminal(f"  row {note.row}: {who}{note.message}")
    yield from _tail(changes)


def _tail(changes: ChangeSet) -> Iterator[str]:
    if changes.unchanged:
        yield f"Unchanged: {plural(changes.unchanged, 'account')} already as the export says."
    if changes.missing:
        names = ", ".join(m.account for m in changes.missing[:SHOWN])
        more = f" and {len(changes.missing) - SHOWN} more" if len(changes.missing) > SHOWN \
            else ""
        yield terminal(f"Not in the export ({len(changes.missing)}, kept): {names}{more}")
    if changes.skipped:
        yield f"Skipped rows: {len(changes.skipped)} (listed on stderr)."
    if changes.empty:
        yield "Nothing to change."
