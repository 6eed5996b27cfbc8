"""`abmctl signals` for a person at a terminal: a paragraph per source file, then the
unmatched account values and the skipped rows when asked for."""

from __future__ import annotations

from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.output.run_info import source_line
from abmctl.output.text import plural, wrap_listed
from abmctl.sources.report import SourcesReport

_KEEP = "\xa0"  # a space a wrapped line does not break at (a signal type and its count)


def render(report: SourcesReport, view: View) -> str:
    lines = [f"Activity sources as of {report.as_of.isoformat()}", ""]
    if not report.files:
        lines.append("No activity file: registry/signals/ is empty or absent, and no "
                     "--signals was given.")
    for item in report.files:
        lines.append(source_line(item.summary))
        made = ", ".join(f"{t}{_KEEP}{n:,}" for t, n in item.signals.items()) or "none"
        lines.append(f"  qualifying signals: {made}")
    if report.freshness is not None:
        lines += ["", report.freshness.reason + (
            f" (stale after {report.freshness.stale_after_days} days)")]
    if report.unmatched is not None:
        lines += ["", f"Unmatched account values ({plural(len(report.unmatched), 'value')}):"]
        width = max((len(u.value) for u in report.unmatched), default=0)
        for u in report.unmatched:
            hint = f"   closest: {u.closest} ({u.closest_by})" if u.closest else ""
            lines.append(f"  {u.value:<{width}}  {plural(u.rows, 'row'):>10}{hint}")
    if report.skipped is not None:
        lines += ["", f"Skipped rows ({len(report.skipped):,}):"]
        lines += [f"  {s}" for s in report.skipped]
    # paths, account values and reasons come from the files read: no control character of
    # theirs reaches the terminal
    return "".join(part.replace(_KEEP, " ") + "\n"
                   for line in lines for part in wrap_listed(terminal(line), view.width))

