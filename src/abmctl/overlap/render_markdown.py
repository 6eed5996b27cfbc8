"""Overlap conflicts as the bi-weekly overlap review's agenda (seed 000 Rule 3): one section
per account, a checkbox per conflict, who decides and the default answer."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from abmctl.findings import Finding
from abmctl.output.escape import markdown, markdown_code
from abmctl.output.formats import View
from abmctl.overlap.groups import OverlapReport, by_account, extra_lists, headline


def render(report: OverlapReport, view: View) -> str:
    return render_markdown(report.conflicts, report.as_of, report.notes)


def render_markdown(conflicts: Sequence[Finding], as_of: date,
                    notes: Sequence[str] = ()) -> str:
    """A paste-ready agenda: tick each conflict once the room agrees the resolution."""
    lines = [f"# Overlap review, as of {as_of.isoformat()}", ""]
    lines += [f"> **Note:** {markdown(note)}" for note in notes]
    if notes:
        lines.append("")
    if not conflicts:
        lines.append("No conflicts between teams: nothing to reconcile this time.")
        return "\n".join(lines) + "\n"
    lines += [
        f"{headline(conflicts)}. Each line carries the default answer (seed 000 Rule 3); "
        "tick it once the room agrees.",
        "",
    ]
    for account, items in by_account(conflicts):
        lines += [f"## {markdown(account)}", ""]
        for conflict in items:
            lines += _item(conflict)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _item(conflict: Finding) -> list[str]:
    lines = [f"- [ ] **{conflict.code}** ({conflict.severity}): {markdown(conflict.message)}"]
    if conflict.decides:
        lines.append(f"  - **Decides:** {markdown(conflict.decides)}")
    if conflict.resolution:
        lines.append(f"  - **Resolution:** {markdown(conflict.resolution)}")
    involved = []
    if conflict.teams:
        involved.append(f"teams {', '.join(conflict.teams)}")
    if conflict.plays:
        involved.append(f"plays {', '.join(conflict.plays)}")
    for name, values in extra_lists(conflict).items():
        involved.append(f"{name} {'; '.join(values)}")
    if involved:
        lines.append(f"  - **Involved:** {markdown(' · '.join(involved))}")
    where = f"{conflict.path}:{conflict.line}" if conflict.path and conflict.line else None
    if where:
        lines.append(f"  - **Where:** {markdown_code(where)}")
    return lines
