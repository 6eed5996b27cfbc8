"""Findings for a person at a terminal: grouped by file, one aligned line each, a summary."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache
from itertools import groupby

from abmctl.findings import Finding, count_by_severity

NO_FILE = "(registry)"
SEVERITY_STYLE = {"error": "bold red", "warning": "yellow", "info": "cyan"}
# a line is a list of (text, rich style or "") segments
Segments = list[tuple[str, str]]


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary(findings: list[Finding], files_checked: int) -> str:
    """`2 errors, 1 warning, 0 infos in 20 files.` — or `No problems in 20 files.`"""
    where = f" in {plural(files_checked, 'file')}" if files_checked else ""
    if not findings:
        return f"No problems{where}."
    counts = count_by_severity(findings)
    parts = ", ".join(plural(counts[s], s) for s in ("error", "warning", "info"))
    return f"{parts}{where}."


def render_text(findings: list[Finding], *, files_checked: int = 0, color: bool = False) -> str:
    """`findings` (already in file/line order) as text; ANSI styles (rich) only when `color`."""
    lines = list(_lines(findings))
    lines.append([(summary(findings, files_checked), "bold" if findings else "green")])
    paint = _ansi if color else _plain
    return "".join("".join(paint(text, style) for text, style in line) + "\n" for line in lines)


def _lines(findings: list[Finding]) -> Iterator[Segments]:
    for path, group in groupby(findings, key=lambda f: f.path or NO_FILE):
        items = list(group)
        where_width = max(len(_where(f)) for f in items)
        severity_width = max(len(f.severity) for f in items)
        code_width = max(len(f.code) for f in items)
        indent = " " * (2 + where_width + 2 + severity_width + 2 + code_width + 2)
        yield [(path, "bold underline")]
        for item in items:
            message = item.message.replace("\r\n", "\n").replace("\n", "\n" + indent)
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


def _where(finding: Finding) -> str:
    return str(finding.line) if finding.line else "-"


def _plain(text: str, style: str) -> str:
    return text


def _ansi(text: str, style: str) -> str:
    if not style:
        return text
    start, end = _codes(style)
    return f"{start}{text}{end}"


@cache
def _codes(style: str) -> tuple[str, str]:
    """The ANSI codes rich writes around text in `style` (standard 16 colours)."""
    from rich.color import ColorSystem
    from rich.style import Style

    marked = Style.parse(style).render("\x00", color_system=ColorSystem.STANDARD)
    start, _, end = marked.partition("\x00")
    return start, end
