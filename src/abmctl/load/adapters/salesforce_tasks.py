"""Salesforce activity report, Tasks and Events (`--signals-format salesforce-tasks`).

A report exported as "Details Only" CSV: every value quoted, field labels as headers ("Date",
"Subject", "Account Name", "Assigned", "Type", ...), and a footer after the rows ("Grand Totals
(N records)", "Confidential Information - Do Not Distribute", a copyright line) that is not
data. Dates are in the exporting user's locale: pass `--date-format` (e.g. `%m/%d/%Y`).

Every task or event is something our side did: a `sales_touch`, or `meeting_booked` for a
meeting. The account is matched by the first of these columns the report has: the account's
website, the contact's email, the account name (an account name matches only when it is the
account's id).
"""

from __future__ import annotations

from collections.abc import Iterator

from abmctl.load.adapters import RawRow, SourceFile
from abmctl.load.adapters.canonical import PROBLEM
from abmctl.load.adapters.column_map import Layout, header_key, header_rows

ENCODINGS = ("utf-8-sig", "cp1252")
FOOTER_STARTS = ("grand totals", "confidential information", "copyright")
_FOOTER_INITIALS = frozenset(start[0] for start in FOOTER_STARTS)

LAYOUT = Layout(
    "Salesforce Tasks and Events report",
    {
        "occurred_at": ("Date", "Activity Date", "Due Date", "Start", "Start Date Time"),
        "subject": ("Subject",),
        "website": ("Website", "Account Website", "Account: Website"),
        "email": ("Email", "Contact Email", "Contact: Email"),
        "account_name": ("Account Name", "Company / Account", "Account", "Account: Account Name"),
        "contact": ("Contact", "Name", "Contact Name"),
        "type": ("Type", "Task Type", "Event Type", "Task Subtype", "Event Subtype"),
        "assigned": ("Assigned", "Assigned To"),
    },
    required=("occurred_at", "subject", "account_name"),
)
# Salesforce's Task/Event "Type" picklist; every other value is a sales touch too
MEETINGS = frozenset({"meeting", "event"})


def read_salesforce_tasks(source: SourceFile) -> Iterator[RawRow]:
    """One touch per task or event row; the report footer is left out."""
    for line, cells in header_rows(source, LAYOUT, stop=is_footer):
        if PROBLEM in cells:
            yield line, cells
            continue
        kind = cells.get("type", "")
        yield line, {
            "occurred_at": cells.get("occurred_at", ""),
            "account": _account(cells),
            "type": "meeting_booked" if header_key(kind) in MEETINGS else "sales_touch",
            "contact": cells.get("email") or cells.get("contact", ""),
            "detail": cells.get("subject", ""),
            "source": "salesforce",
        }


def is_footer(cells: list[str]) -> bool:
    """A Salesforce report footer line: one value, such as "Grand Totals (12 records)"."""
    if cells[0].lstrip()[:1].lower() not in _FOOTER_INITIALS:
        return False  # most rows: one character decides
    filled = [cell for cell in cells if cell.strip()]
    return len(filled) == 1 and filled[0].strip().lower().startswith(FOOTER_STARTS)


def _account(cells: dict[str, str]) -> str:
    return cells.get("website") or cells.get("email") or cells.get("account_name", "")
