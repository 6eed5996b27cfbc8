"""`tiers history` as Markdown, for the quarterly review's notes."""

from __future__ import annotations

from abmctl.output.escape import markdown, markdown_code
from abmctl.output.formats import View
from abmctl.tiers.diff import KIND_ORDER
from abmctl.tiers.history import HistoryReport, TierEvent, by_commit


def render(report: HistoryReport, view: View) -> str:
    if report.account is not None:
        lines = [f"## Tier history of {markdown_code(report.account)}", "",
                 "| date | change | from | to | commit | author | subject |",
                 "|---|---|---:|---:|---|---|---|"]
        lines += [_event_row(e) for e in report.events]
        return "\n".join(lines) + "\n"
    first, last = report.periods[0].label, report.periods[-1].label
    tiers = sorted({s.tier for p in report.periods for s in p.sizes})
    lines = [f"## Tier history by {report.by}, {first} to {last}", "",
             f"As of {report.as_of}. Tier columns: accounts at the {report.by}'s end / "
             "`max_accounts` then (⚠️ over it).", "",
             "| " + " | ".join([report.by, *KIND_ORDER, *(f"tier {t}" for t in tiers)]) + " |",
             "|---|" + "---:|" * (len(KIND_ORDER) + len(tiers))]
    for period in report.periods:
        sizes = {s.tier: s for s in period.sizes}
        cells = []
        for tier in tiers:
            size = sizes.get(tier)
            if size is None:
                cells.append("—")
                continue
            limit = "" if size.max_accounts is None else f" / {size.max_accounts:,}"
            cells.append(f"{size.accounts:,}{limit}{' ⚠️' if size.over else ''}")
        counts = [f"{n:,}" for n in period.counts.values()]
        lines.append("| " + " | ".join([period.label, *counts, *cells]) + " |")
    for period in report.periods:
        commits = by_commit(period.events)
        if commits:
            lines += ["", f"### {period.label}", ""]
            for c in commits:
                moves = ", ".join(f"{n:,} {kind}" for kind, n in c.counts)
                lines.append(f"- {c.day} {markdown_code(c.commit[:12])} "
                             f"{markdown(c.author)}: {markdown(c.subject)} — {moves}")
    return "\n".join(lines) + "\n"


def _event_row(event: TierEvent) -> str:
    before = "—" if event.before is None else str(event.before)
    after = "—" if event.after is None else str(event.after)
    return (f"| {event.day} | {event.kind} | {before} | {after} | "
            f"{markdown_code(event.commit[:12])} | {markdown(event.author)} | "
            f"{markdown(event.subject)} |")
