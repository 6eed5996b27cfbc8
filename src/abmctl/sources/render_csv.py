"""`abmctl signals --format csv`: one table, for a spreadsheet: the unmatched values with
--unmatched, the skipped rows with --skipped, else one row per source file."""

from __future__ import annotations

import csv
import io

from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.sources.report import SourcesReport


def render(report: SourcesReport, view: View) -> str:
    out = io.StringIO()
    write = csv.writer(out, lineterminator="\n").writerow
    if report.unmatched is not None:
        write(["value", "rows", "files", "closest", "closest_by"])
        for u in report.unmatched:
            write([terminal(u.value), u.rows, terminal(" ".join(u.files)),
                   terminal(u.closest or ""), u.closest_by or ""])
    elif report.skipped is not None:
        write(["path", "line", "reason"])
        for row in report.skipped:
            write([terminal(row.path), row.line, terminal(row.reason)])
    else:
        types = sorted({t for f in report.files for t in f.signals})
        write(["path", "format", "rows", "matched", "unmatched", "skipped", "duplicates",
               "first", "last", *(f"signals_{t}" for t in types)])
        for f in report.files:
            s = f.summary
            write([terminal(s.path), s.format, s.rows, s.matched, s.unmatched, s.skipped,
                   s.duplicates,
                   s.first.date().isoformat() if s.first else "",
                   s.last.date().isoformat() if s.last else "",
                   *(f.signals.get(t, 0) for t in types)])
    return out.getvalue()
