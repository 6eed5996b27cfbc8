"""Where reports meet the terminal: whether to colour, how wide to lay out, and writing the
text out (whatever the stream can encode, in batches, a closed pipe ending the run quietly).

The one garbage-collector policy also lives at this edge: `cli.main` switches the cycle
collector off for the whole run (`collector_off`); nothing below it touches `gc`.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from contextlib import suppress
from functools import cache

from abmctl.output.formats import View

Paint = Callable[[str, str], str]
OFF_TERMINAL_WIDTH = 100


def wants_color() -> bool:
    """Colour on a terminal; NO_COLOR and FORCE_COLOR (no-color.org) decide first."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def width() -> int:
    """The terminal's width; 100 off a terminal, so files and CI logs do not depend on who
    ran the command."""
    import shutil

    if not sys.stdout.isatty():
        return OFF_TERMINAL_WIDTH
    return shutil.get_terminal_size((OFF_TERMINAL_WIDTH, 24)).columns


def view(fmt: str, *, details: bool = False) -> View:
    """How to lay out a report in format `fmt` here: colour and width matter to text only."""
    if fmt != "text":
        return View(details=details)
    return View(color=wants_color(), width=width(), details=details)


def painter(color: bool) -> Paint:
    """`paint(text, rich style)`: the ANSI codes rich writes (16 colours) when `color`, the
    text as it is otherwise. Lines are laid out by the report; rich only names the codes."""
    return _ansi if color else _plain


def _plain(text: str, style: str) -> str:
    return text


def _ansi(text: str, style: str) -> str:
    if not style or not text:
        return text
    start, end = _codes(style)
    return f"{start}{text}{end}"


@cache
def _codes(style: str) -> tuple[str, str]:
    from rich.color import ColorSystem
    from rich.style import Style

    start, _, end = Style.parse(style).render("\x00", color_system=ColorSystem.STANDARD) \
        .partition("\x00")
    return start, end


def write(report: str | Iterable[str], batch: int = 1 << 20) -> None:
    """Write a report to stdout, its pieces joined into writes of about `batch` characters:
    150,000 conflicts are 100 MB of JSON, and the whole text plus its encoded copy at once
    would add 200 MB to the run's peak memory (one write per piece costs time instead)."""
    if isinstance(report, str):
        _write(report)
    else:
        pending: list[str] = []
        size = 0
        for piece in report:
            pending.append(piece)
            size += len(piece)
            if size >= batch:
                _write("".join(pending))
                pending.clear()
                size = 0
        _write("".join(pending))
    sys.stdout.flush()


def _write(text: str) -> None:
    """Characters the stream cannot encode become '?' (a report is never lost to a locale)."""
    try:
        sys.stdout.write(text)
    except UnicodeEncodeError:
        encoding = sys.stdout.encoding or "ascii"
        sys.stdout.write(text.encode(encoding, "replace").decode(encoding))


def lenient_stdout() -> None:
    """Characters stdout cannot encode (PYTHONIOENCODING=latin-1, a C locale) become '?' in
    every write, the commands' own lines as much as the reports (stderr already escapes them)."""
    reconfigure = getattr(sys.stdout, "reconfigure", None)
    if reconfigure is not None:
        with suppress(ValueError, OSError):  # a stream already closed, or not a text wrapper
            reconfigure(errors="replace")


def collector_off() -> None:
    """For a whole run of the command line: a run builds millions of long-lived objects
    (activity rows, positions) and then exits, so the cycle collector would only re-scan them."""
    import gc

    gc.disable()


def finish() -> None:
    """Flush what is left; a reader that went away (`abmctl lint | head`) is not an error."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(BrokenPipeError, ValueError):  # closed by the reader, or already closed
            stream.flush()
