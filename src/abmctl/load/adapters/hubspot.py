"""HubSpot activity export (`--signals-format hubspot`).

HubSpot exports a records view with property labels as headers and "Record ID" as the first
column. An activity export (calls, emails, meetings, ...) has "Activity date" and either an
"Activity type" column or the columns of one activity kind ("Call title", "Email subject",
"Meeting name"). Calls, sales emails and other one-to-one messages are `sales_touch`; meetings
`meeting_booked`; incoming emails `outbound_response` (a reply); marketing emails
`marketing_touch`. Notes and tasks are internal and left out.

The account is matched by the company's domain when the export has it, else by the email in
"Associated Contact" ("Ana Lima (ana@northwind.com)"), else by the associated company's name.
"""

from __future__ import annotations

from collections.abc import Iterator

from abmctl.errors import AbmctlError
from abmctl.load.adapters import RawRow, SourceFile
from abmctl.load.adapters.canonical import PROBLEM
from abmctl.load.adapters.column_map import Layout, header_key, header_rows

ENCODINGS = ("utf-8-sig", "cp1252")

LAYOUT = Layout(
    "HubSpot activity",
    {
        "record_id": ("Record ID",),
        "occurred_at": ("Activity date", "Create Date", "Created at", "Timestamp"),
        "kind": ("Activity type", "Engagement type", "Type"),
        "direction": ("Email direction", "Direction"),
        "domain": ("Company Domain Name", "Company domain", "Website URL",
                   "Associated Company Domain"),
        "contact": ("Associated Contact", "Associated Contacts", "Email", "Contact email"),
        "company": ("Associated Company", "Associated Companies", "Company name"),
        "subject": ("Email subject", "Call title", "Meeting name", "Subject", "Activity title",
                    "Title"),
        "call": ("Call title", "Call outcome", "Call notes"),
        "email": ("Email subject", "Email direction"),
        "meeting": ("Meeting name", "Meeting outcome", "Meeting start time"),
    },
    required=("record_id", "occurred_at"),
)
TYPES: dict[str, str | None] = {
    "call": "sales_touch",
    "email": "sales_touch",
    "outgoing email": "sales_touch",
    "forwarded email": "sales_touch",
    "incoming email": "outbound_response",
    "email reply": "outbound_response",
    "meeting": "meeting_booked",
    "linkedin message": "sales_touch",
    "sms": "sales_touch",
    "whatsapp": "sales_touch",
    "whats app": "sales_touch",
    "postal mail": "sales_touch",
    "marketing email": "marketing_touch",
    "note": None,
    "task": None,
}


def read_hubspot(source: SourceFile) -> Iterator[RawRow]:
    """One touch per activity; notes and tasks are left out."""
    kind_from_columns: str | None = None
    for line, cells in header_rows(source, LAYOUT):
        if PROBLEM in cells:
            yield line, cells
            continue
        if kind_from_columns is None:
            kind_from_columns = _kind_of_export(cells, source, line)
        raw = cells.get("kind") or _directed(kind_from_columns, cells.get("direction", ""))
        kind = TYPES.get(header_key(raw), raw)
        if kind is None:
            continue
        email = contact_email(cells.get("contact", ""))
        yield line, {
            "occurred_at": cells.get("occurred_at", ""),
            "account": cells.get("domain") or email or cells.get("company", ""),
            "type": kind,
            "contact": email,
            "detail": cells.get("subject", ""),
            "source": "hubspot",
        }


def contact_email(text: str) -> str:
    """The first contact's email: "Ana Lima (ana@x.com); Bo (bo@x.com)" -> "ana@x.com"."""
    first = text.split(";", 1)[0].strip()
    if "(" in first and first.endswith(")"):
        first = first.rsplit("(", 1)[1][:-1].strip()
    return first if "@" in first else ""


def _kind_of_export(cells: dict[str, str], source: SourceFile, line: int) -> str:
    """An export of one activity kind says which by its columns."""
    for kind in ("meeting", "call", "email"):
        if kind in cells:
            return kind
    if "kind" in cells:
        return ""
    raise AbmctlError(
        "not a HubSpot activity export: expected an 'Activity type' column, or the columns of "
        "one activity kind ('Call title', 'Email subject', 'Meeting name'); found none of them",
        source.rel, line,
    )


def _directed(kind: str, direction: str) -> str:
    if kind == "email" and direction:
        return direction  # "Incoming email" / "Outgoing email" / "Forwarded email"
    return kind
