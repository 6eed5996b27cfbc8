"""`tiers history --format csv`: one table, for a spreadsheet. A row per period (its counts,
then each tier's accounts and `max_accounts` at the period's end), or with --account a row
per event; each row holds the values of the JSON record it stands for."""

from __future__ import annotations

from abmctl.output.csv_text import Cell, table
from abmctl.output.formats import View
from abmctl.tiers.diff import KIND_ORDER
from abmctl.tiers.history import HistoryReport
from abmctl.tiers.render_history_json import event_json, period_json

EVENT_COLUMNS = ("account", "name", "when", "kind", "from", "to", "commit", "author", "subject",
                 "path")
PERIOD_COLUMNS = ("period", "start", "end", *KIND_ORDER, "commit")


def render(report: HistoryReport, view: View) -> str:
    if report.account is not None:
        return table(EVENT_COLUMNS, ([event[c] for c in EVENT_COLUMNS]
                                    for event in map(event_json, report.events)))
    tiers = sorted({s.tier for p in report.periods for s in p.sizes})
    header = [*PERIOD_COLUMNS, *(f"tier_{t}_{what}" for t in tiers
                                 for what in ("accounts", "max_accounts"))]
    rows: list[list[Cell]] = []
    for period in map(period_json, report.periods):
        sizes = {s["tier"]: s for s in period["tiers"]}
        rows.append([*(period[c] for c in PERIOD_COLUMNS),
                     *(sizes[t][what] if t in sizes else None for t in tiers
                       for what in ("accounts", "max_accounts"))])
    return table(header, rows)
