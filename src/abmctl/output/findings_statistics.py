"""`abmctl lint --statistics`: how many findings each rule code has, most first (ruff's
`--statistics`), as text or JSON."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from abmctl.findings import Finding
from abmctl.output.findings import FindingsReport
from abmctl.output.formats import View
from abmctl.output.json_text import dump_line


def counts(findings: Sequence[Finding]) -> list[tuple[str, str, int]]:
    """(code, severity, count) for each code found, most findings first, then by code."""
    by_code = Counter((f.code, f.severity) for f in findings)
    return sorted(((code, severity, n) for (code, severity), n in by_code.items()),
                  key=lambda row: (-row[2], row[0], row[1]))


def render_text(report: FindingsReport, view: View) -> str:
    """One line per code: the count, the code, its severity and the rule's summary."""
    from abmctl.catalogue import catalogue

    rules = catalogue()
    rows = counts(report.findings)
    if not rows:
        return "No problems.\n" if view.summary else ""
    width = max(len(f"{n:,}") for _, _, n in rows)
    lines = []
    for code, severity, n in rows:
        summary = rules[code].summary if code in rules else ""
        line = f"{n:>{width},}  {code}  {severity:<7}  {summary}".rstrip()
        lines.append(_fitted(line, view.width, width + 19) + "\n")
    return "".join(lines)


def _fitted(line: str, width: int, indent: int) -> str:
    """`line` as is when it fits `width`, else its summary wrapped under itself."""
    if len(line) <= width:
        return line
    from abmctl.output.text import wrap

    return "\n".join(wrap(line, width, " " * indent, first="", break_long=True))


def render_json(report: FindingsReport, view: View) -> str:
    """`{"version": 1, "as_of": ..., "statistics": [{"code", "severity", "count"}]}`."""
    document = {
        "version": 1,
        "as_of": report.as_of.isoformat(),
        "statistics": [{"code": code, "severity": severity, "count": n}
                       for code, severity, n in counts(report.findings)],
    }
    return dump_line(document)
