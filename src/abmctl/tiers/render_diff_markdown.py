"""`tiers diff` as a pull-request comment: the moves, what is wrong with them, capacity."""

from __future__ import annotations

from abmctl.findings import count_by_severity
from abmctl.output.escape import markdown, markdown_code
from abmctl.output.formats import View
from abmctl.output.text import plural
from abmctl.tiers.diff import TierChange, TierDiff
from abmctl.tiers.render_plan_markdown import capacity_table, tier_cell
from abmctl.tiers.render_plan_text import window_line

ICON = {"error": "❌", "warning": "⚠️", "info": "ℹ️"}
ARROW = {"promoted": "⬆️ promoted", "demoted": "⬇️ demoted", "added": "➕ added",
         "removed": "➖ removed"}


def headline(diff: TierDiff) -> str:
    """`3 tier changes (1 promoted, 1 demoted, 1 added, 0 removed)`."""
    counts = {kind: sum(c.kind == kind for c in diff.changes) for kind in ARROW}
    return f"{plural(len(diff.changes), 'tier change')} (" + ", ".join(
        f"{n} {kind}" for kind, n in counts.items()) + ")"


def plan_said(diff: TierDiff, change: TierChange) -> str:
    """The plan's verdict on `change`, and which plan: `proposed (plan at main as of
    2026-10-05)`; empty for a change no plan was asked about."""
    verdict = change.verdict
    if verdict is None:
        return ""
    if verdict.plan_as_of is None:
        return str(verdict)
    return f"{verdict} (plan at {diff.base} as of {verdict.plan_as_of})"


def scores_said(change: TierChange) -> str:
    """`tier 1 promote: fit 55 < 80, intent 0 < 60`, each set of thresholds asked."""
    return "; ".join(map(str, change.verdict.scores)) if change.verdict else ""


def render(diff: TierDiff, view: View) -> str:
    return render_markdown(diff)


def render_markdown(diff: TierDiff) -> str:
    """The comment; empty when no tier changed, so CI posts none."""
    if not diff.changes:
        return ""
    counts = count_by_severity(diff.findings)
    verdict = " · ".join(f"{ICON[s]} {plural(n, s)}"
                         for s, n in counts.items() if n) or "✅ no findings"
    lines = [f"### abmctl tiers diff: {markdown_code(diff.base)} → {markdown_code(diff.head)}",
             "",
             f"Checked as of {diff.as_of}. {window_line(diff.window, diff.as_of)}", "",
             f"**{headline(diff)}** · {verdict}", ""]
    lines += ["| account | change | from | to | where | scores | plan | findings |",
              "|---|---|---:|---:|---|---|---|---|"]
    for c in diff.changes:
        found = ", ".join(f"{ICON[f.severity]} {f.code}" for f in diff.findings_of(c))
        where = markdown_code(f"{c.path}:{c.line}" if c.line else c.path)
        lines.append(f"| {markdown_code(c.account)} | {ARROW[c.kind]} | {tier_cell(c.from_tier)} "
                     f"| {tier_cell(c.to_tier)} | {where} | {markdown(scores_said(c))} | "
                     f"{markdown(plan_said(diff, c))} | {found} |")
    lines.append("")
    if diff.findings:
        lines += ["#### Findings", "", "| | code | account | finding | where |",
                  "|---|---|---|---|---|"]
        for f in diff.findings:
            where = markdown_code(f.where) if f.path else ""
            account = markdown_code(f.account) if f.account else ""
            lines.append(f"| {ICON[f.severity]} | {f.code} | {account} | {markdown(f.message)} | "
                         f"{where} |")
        lines.append("")
    lines += ["#### Capacity", "", *capacity_table(diff.capacity)]
    return "\n".join(lines) + "\n"
