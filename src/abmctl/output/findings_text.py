"""Findings for a person at a terminal: grouped by file, one aligned line each, a summary."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from itertools import groupby

from abmctl.findings import Finding, count_by_severity
from abmctl.output.escape import terminal, terminal_block
from abmctl.output.findings import FindingsReport
from abmctl.output.formats import View
from abmctl.output.terminal import painter
from abmctl.output.text import plural

NO_FILE = "(registry)"
FIXABLE = "[*]"  # the mark of a finding `abmctl lint --fix` mends
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# a line is a list of (text, rich style or "") segments
Segments = list[tuple[str, str]]


def render(report: FindingsReport, view: View) -> str:
    return render_text(report.findings, files_checked=report.files_checked, color=view.color,
                       with_summary=view.summary, width=view.width)


def summary(findings: Sequence[Finding], files_checked: int) -> str:
    """`2 errors, 1 warning, 0 infos in 20 files.` — or `No problems in 20 files.`"""
    where = f" in {plural(files_checked, 'file')}" if files_checked else ""
    if not findings:
        return f"No problems{where}."
    counts = count_by_severity(findings)
    parts = ", ".join(plural(counts[s], s) for s in ("error", "warning", "info"))
    return f"{parts}{where}."


def render_text(findings: Sequence[Finding], *, files_checked: int = 0, color: bool = False,
                with_summary: bool = True, width: int | None = None) -> str:
    """`findings` (already in file/line order) as text, ending with the summary line unless
    `with_summary` is off (--quiet); ANSI styles (rich) only when `color`."""
    lines = list(_lines(findings, width))
    if with_summary:
        lines.append([(summary(findings, files_checked), "bold" if findings else "green")])
        if fixable := sum(1 for f in findings if f.fixable):
            lines.append([(f"{FIXABLE} {fixable} fixable with `abmctl lint --fix` "
                           "(`--diff` shows the edits).", "")])
    elif lines and not lines[-1]:
        lines.pop()  # the blank line that parts a file's findings from the summary
    paint = painter(color)
    return "".join("".join(paint(text, style) for text, style in line) + "\n" for line in lines)


def _lines(findings: Sequence[Finding], width: int | None = None) -> Iterator[Segments]:
    for path, group in groupby(findings, key=lambda f: f.path or NO_FILE):
        items = list(group)
        where_width = max(len(_where(f)) for f in items)
        severity_width = max(len(f.severity) for f in items)
        code_width = max(len(f.code) for f in items)
        indent = " " * (2 + where_width + 2 + severity_width + 2 + code_width + 2)
        yield [(terminal(path), "bold underline")]
        for item in items:
            mark = f"{FIXABLE} " if item.fixable else ""
            message = _fitted(mark + terminal_block(item.message), width, len(indent)) \
                .replace("\n", "\n" + indent)
            yield [
                ("  ", ""),
                (_where(item).rjust(where_width), "dim"),
                ("  ", ""),
                (item.severity.ljust(severity_width), SEVERITY_STYLE[item.severity]),
                ("  ", ""),
                (item.code.ljust(code_width), "bold"),
                ("  " + message, ""),
            ]
        yield []


def _fitted(message: str, width: int | None, indent: int) -> str:
    """`message` wrapped to what `width` leaves after the finding's columns (at least 30)."""
    room = max((width or 0) - indent, 30)
    if width is None or all(len(line) <= room for line in message.split("\n")):
        return message
    from abmctl.output.text import wrap

    return "\n".join(part for line in message.split("\n")
                     for part in wrap(line, room, break_long=True))


def _where(finding: Finding) -> str:
    """`12:5` (line and column), `12`, or `-` for a finding about a whole file."""
    if not finding.line:
        return "-"
    return f"{finding.line}:{finding.column}" if finding.column else str(finding.line)
