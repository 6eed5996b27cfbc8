"""`abmctl handoff --format csv`: a row per handoff, the JSON document's `handoffs` records
with the route spread over three columns, `signals` as how many made the crossing, and no
packet (`--format json` or `--details` has it)."""

from __future__ import annotations

from abmctl.handoff.report import HandoffReport
from abmctl.output.csv_text import table
from abmctl.output.formats import View
from abmctl.output.text import iso_stamp

HEADER = ("account", "tier", "stage", "transition", "route_to", "route_person", "route_alert",
          "signals", "at", "due", "sla_breached", "sla_status", "first_touch")


def render(report: HandoffReport, view: View) -> str:
    return table(HEADER, (
        (h.account.id, h.account.tier, h.account.stage, h.transition, h.route.to,
         h.route.person, h.route.alert, len(h.signals), iso_stamp(h.at), iso_stamp(h.due),
         h.sla_breached, h.sla_status,
         iso_stamp(h.followed_up) if h.followed_up is not None else None)
        for h in report.handoffs
    ))
