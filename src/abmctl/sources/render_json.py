"""`abmctl signals --format json`."""

from __future__ import annotations

from typing import Any

from abmctl.output.formats import View
from abmctl.output.json_text import dump_line
from abmctl.output.run_info import source_json
from abmctl.sources.report import SourcesReport


def render(report: SourcesReport, view: View) -> str:
    fresh = report.freshness
    document: dict[str, Any] = {
        "version": 1, "as_of": report.as_of.isoformat(),
        "stale": None if fresh is None else fresh.stale,
        "freshness": None if fresh is None else fresh.reason,
        "sources": [{**source_json(f.summary), "signals": f.signals} for f in report.files],
    }
    if report.unmatched is not None:
        document["unmatched"] = [
            {"value": u.value, "rows": u.rows, "files": list(u.files), "closest": u.closest,
             "closest_by": u.closest_by} for u in report.unmatched]
    if report.skipped is not None:
        document["skipped"] = [{"path": s.path, "line": s.line, "reason": s.reason}
                               for s in report.skipped]
    return dump_line(document)
