"""Overlap conflicts as the bi-weekly overlap review's agenda: one section
per account, a checkbox per conflict, who decides and the default answer."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from datetime import date

from abmctl.findings import Finding
from abmctl.output.escape import markdown, markdown_code
from abmctl.output.formats import View
from abmctl.overlap.groups import (
    Listed,
    OverlapReport,
    by_account,
    extra_lists,
    headline,
    repeats_note,
)


def render(report: OverlapReport, view: View) -> Iterator[str]:
    return markdown_chunks(report.conflicts, report.as_of, report.notes,
                           every=report.every)  # large: written as it is made


def render_markdown(conflicts: Sequence[Finding], as_of: date,
                    notes: Sequence[str] = (), *, every: bool = False) -> str:
    """A paste-ready agenda: tick each conflict once the room agrees the resolution; repeats
    as one unless `every`."""
    return "".join(markdown_chunks(conflicts, as_of, notes, every=every))


def markdown_chunks(conflicts: Sequence[Finding], as_of: date, notes: Sequence[str] = (),
                    *, every: bool = False) -> Iterator[str]:
    """`render_markdown` in pieces, an account's section each: three million activity rows
    make an agenda of tens of megabytes, not to be held twice over."""
    groups = by_account(conflicts, every=every)
    grouped = repeats_note(sum(len(items) for _, items in groups), conflicts)
    notes = [*notes, *([grouped] if grouped else [])]
    lines = [f"# Overlap review, as of {as_of.isoformat()}", ""]
    lines += [f"> **Note:** {markdown(note)}" for note in notes]
    if notes:
        lines.append("")
    if not conflicts:
        lines.append("No conflicts between teams: nothing to reconcile this time.")
        yield "\n".join(lines) + "\n"
        return
    lines.append(
        f"{headline(conflicts)}. Each line carries the default answer (ABM orchestrates, the "
        "region executes, the stage owner decides); tick it once the room agrees.")
    yield "\n".join(lines) + "\n"
    for account, items in groups:  # each section after a blank line
        section = [f"\n## {markdown(account)}", ""]
        for listed in items:
            section += _item(listed)
        yield "\n".join(section) + "\n"


def _item(listed: Listed) -> list[str]:
    conflict = listed.conflict
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
    if listed.alike > 1:
        lines.append(f"  - **Repeats:** the latest of {listed.alike} alike on this account "
                     "(`--all` lists each)")
    return lines
