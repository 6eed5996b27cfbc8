"""Salesforce Campaign Member report (`--signals-format salesforce-campaign-members`).

Exported like any Salesforce report ("Details Only" CSV, labels as headers, a footer after the
rows). Each member's status says what they did: Registered -> `event_registration`,
Attended -> `event_attendance`, Responded -> `outbound_response` (Salesforce counts it as a
response; sentiment positive); any other status (Sent, Invited, ...) -> `marketing_touch`: the
member was in a campaign we ran. detail = the campaign name; dates need `--date-format` when
they are not ISO.
"""

from __future__ import annotations

from collections.abc import Iterator

from abmctl.load.adapters import RawRow, SourceFile
from abmctl.load.adapters.canonical import PROBLEM
from abmctl.load.adapters.column_map import Layout, header_key, header_rows
from abmctl.load.adapters.salesforce_tasks import is_footer

ENCODINGS = ("utf-8-sig", "cp1252")

LAYOUT = Layout(
    "Salesforce Campaign Member report",
    {
        "campaign": ("Campaign Name", "Campaign", "Campaign: Campaign Name"),
        "status": ("Member Status", "Status", "Campaign Member Status"),
        "responded_on": ("First Responded Date", "First Responded"),
        "added_on": ("Created Date", "Member First Associated Date", "Date", "Last Modified Date"),
        "website": ("Website", "Account Website"),
        "email": ("Email", "Contact Email", "Lead Email"),
        "company": ("Company / Account", "Account Name", "Company"),
    },
    required=("campaign", "status", "added_on"),
)
# event registrations and attendance are buying signals; a response to outreach too
STATUS_TYPES = {
    "registered": "event_registration",
    "no show": "event_registration",  # they registered; they did not come
    "attended": "event_attendance",
    "responded": "outbound_response",
}


def read_salesforce_campaign_members(source: SourceFile) -> Iterator[RawRow]:
    """One row per campaign member, typed by the member's status."""
    for line, cells in header_rows(source, LAYOUT, stop=is_footer):
        if PROBLEM in cells:
            yield line, cells
            continue
        kind = STATUS_TYPES.get(header_key(cells.get("status", "")), "marketing_touch")
        row = {
            "occurred_at": _when(cells, kind),
            "account": cells.get("website") or cells.get("email") or cells.get("company", ""),
            "type": kind,
            "contact": cells.get("email", ""),
            "detail": cells.get("campaign", ""),
            "source": "salesforce",
        }
        if kind == "outbound_response":
            row["sentiment"] = "positive"
        yield line, row


def _when(cells: dict[str, str], kind: str) -> str:
    """The response date for a response, else when the member joined the campaign."""
    if kind != "marketing_touch" and cells.get("responded_on"):
        return cells["responded_on"]
    return cells.get("added_on", "")
