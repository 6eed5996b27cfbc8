"""Handoffs as Markdown (a wiki page, a Slack post, a weekly-sync agenda): a table, most urgent
first, the summary line, and with details each account's packet."""

from __future__ import annotations

from abmctl.handoff.render_text import by_account, route_text, sla_text, summary
from abmctl.handoff.report import Handoff, HandoffReport
from abmctl.output.escape import markdown
from abmctl.output.formats import View
from abmctl.output.text import column_stamp, stamp


def render(report: HandoffReport, view: View) -> str:
    return render_markdown(report, details=view.details)


def render_markdown(report: HandoffReport, *, details: bool = False) -> str:
    lines = [f"## Handoffs as of {report.as_of.isoformat()}", ""]
    if report.handoffs:
        lines += [
            "| Account | Tier | Stage | Transition | Since (UTC) | Route | Alert | Due (UTC) "
            "| SLA |",
            "|---|---|---|---|---|---|---|---|---|",
        ]
        lines += [_row(h) for h in report.handoffs]
    else:
        lines.append("No account needs a handoff.")
    lines += ["", f"**{summary(report)}**", ""]
    if details:
        for group in by_account(report.handoffs):
            lines += _section(group)
    return "\n".join(lines).rstrip("\n") + "\n"


def _row(handoff: Handoff) -> str:
    sla = sla_text(handoff)
    cells = [
        f"`{handoff.account.id}`", str(handoff.account.tier), handoff.account.stage,
        handoff.transition, column_stamp(handoff.at), route_text(handoff),
        ", ".join(handoff.route.alert) or "-", column_stamp(handoff.due),
        f"**{sla}**" if handoff.sla_breached else sla,
    ]
    # ids, people and stages are checked when loaded: no cell holds free text
    return "| " + " | ".join(cells) + " |"


def _section(group: list[Handoff]) -> list[str]:
    account = group[0].account
    packet = group[0].packet
    lines = [f"### {markdown(account.name)} (`{account.id}`), Tier {account.tier}, "
             f"{account.stage}", ""]
    for handoff in group:
        alert = f"; alert {', '.join(handoff.route.alert)}" if handoff.route.alert else ""
        lines.append(f"- **{handoff.transition}** since {stamp(handoff.at)} → "
                     f"{route_text(handoff)}{alert}; due {stamp(handoff.due)}, SLA "
                     f"{sla_text(handoff)}")
        lines += [f"  - {stamp(s.occurred_at)} {s.type}"
                  + "".join(f" {markdown(f)}" for f in (s.contact, s.detail) if f)
                  for s in handoff.signals]
    if packet is None:
        return [*lines, ""]
    lines += ["", f"**Suggested approach.** {markdown(packet.suggested_approach)}", ""]
    if packet.research:
        lines += [f"**Research.** {markdown(packet.research)}", ""]
    if packet.content_consumed:
        lines.append("**Content consumed.** " + "; ".join(
            f"{markdown(c.detail)} ×{c.count} (last {stamp(c.last)})"
            for c in packet.content_consumed))
        lines.append("")
    if packet.intent_topics:
        lines.append("**Intent topics.** " + "; ".join(
            f"{markdown(t.topic)} ({markdown(t.source)}"
            f"{f' {t.score:g}' if t.score is not None else ''})"
            for t in packet.intent_topics))
        lines.append("")
    history = packet.engagement_history  # the last entries: --history says how many
    if history:
        lines.append(f"**Engagement history** (last {len(history)} of "
                     f"{history.total}; ✱ = qualifying signal)")
        lines.append("")
        lines += [f"- {stamp(e.occurred_at)} {e.type}{' ✱' if e.qualifying else ''}"
                  + "".join(f" {markdown(f)}" for f in (e.contact, e.detail) if f)
                  for e in history]
        lines.append("")
    return lines

