"""`abmctl signals --format csv`: one table, for a spreadsheet: the unmatched values with
--unmatched, the skipped rows with --skipped, else one row per source file (written as every
CSV report is: output/csv_text.py)."""

from __future__ import annotations

from abmctl.output.csv_text import table
from abmctl.output.formats import View
from abmctl.sources.report import SourcesReport


def render(report: SourcesReport, view: View) -> str:
    if report.unmatched is not None:
        return table(("value", "rows", "files", "closest", "closest_by"), (
            (u.value, u.rows, " ".join(u.files), u.closest or "", u.closest_by or "")
            for u in report.unmatched))
    if report.skipped is not None:
        return table(("path", "line", "reason"),
                     ((row.path, row.line, row.reason) for row in report.skipped))
    types = sorted({t for f in report.files for t in f.signals})
    return table(
        ("path", "format", "rows", "matched", "unmatched", "skipped", "duplicates", "first",
         "last", *(f"signals_{t}" for t in types)),
        ((f.summary.path, f.summary.format, f.summary.rows, f.summary.matched,
          f.summary.unmatched, f.summary.skipped, f.summary.duplicates,
          f.summary.first.date().isoformat() if f.summary.first else "",
          f.summary.last.date().isoformat() if f.summary.last else "",
          *(f.signals.get(t, 0) for t in types)) for f in report.files))
