"""`abmctl accounts import --format json`: the change set (stable, version 1)."""

from __future__ import annotations

from typing import Any

from abmctl.crm.changes import ChangeSet
from abmctl.output.formats import View
from abmctl.output.json_text import dump_line


def render(changes: ChangeSet, view: View) -> str:
    return dump_line(document(changes))


def document(changes: ChangeSet) -> dict[str, Any]:
    return {
        "version": 1,
        "source": changes.source,
        "layout": changes.layout,
        "into": changes.into or None,
        "as_of": changes.as_of,
        "rows": changes.rows,
        "new": [{"account": n.account, "row": n.row, "record": n.values} for n in changes.new],
        "updated": [{"account": u.account, "path": u.path, "line": u.line,
                     "matched_by": u.matched_by, "row": u.row,
                     "changes": [{"field": c.field, "before": c.before, "after": c.after}
                                 for c in u.changes]} for u in changes.changed],
        "unchanged": changes.unchanged,
        "name_only": [{"row": t.row, "name": t.name, "account": t.account, "path": t.path,
                       "line": t.line} for t in changes.name_only],
        "notes": [{"row": n.row, "account": n.account, "message": n.message}
                  for n in changes.notes],
        "missing": [{"account": m.account, "path": m.path, "line": m.line}
                    for m in changes.missing],
        "skipped": [{"path": s.path, "line": s.line, "reason": s.reason}
                    for s in changes.skipped],
    }
