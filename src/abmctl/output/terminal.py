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
MIN_WIDTH = 40  # narrower, and no report's columns fit: it is laid out 40 wide
# wider, and a report is laid out this wide: no line of a report is longer, and a width of a
# million (COLUMNS=1000000) would pad every table row to it (gigabytes for a large handoff)
MAX_WIDTH = 1000


def wants_color() -> bool:
    """Colour on a terminal; NO_COLOR and FORCE_COLOR (no-color.org) decide first."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def width() -> int:
    """`COLUMNS` when set, else the terminal's width; 100 off a terminal, so files and CI logs
    do not depend on who ran the command. At most MAX_WIDTH."""
    import shutil

    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) >= MIN_WIDTH:
        return min(int(given), MAX_WIDTH)
    if not sys.stdout.isatty():
        return OFF_TERMINAL_WIDTH
    return min(max(shutil.get_terminal_size((OFF_TERMINAL_WIDTH, 24)).columns, MIN_WIDTH),
               MAX_WIDTH)


def view(fmt: str, *, details: bool = False) -> View:
    """How to lay out a report in format `fmt` here: colour and width matter to text only."""
    if fmt != "text":
        return View(details=details)
    return View(color=wants_color(), width=width(), details=details, unicode=speaks_unicode())


def speaks_unicode() -> bool:
    """Whether stdout takes any character (UTF-8, UTF-16...): an ASCII or Latin-1 locale would
    turn block characters into `?`."""
    encoding = (getattr(sys.stdout, "encoding", None) or "ascii").lower().replace("-", "")
    return encoding.startswith("utf")


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


def finish() -> bool:
    """Flush what is left; False when it could not be written (a full disk, `> /dev/full`).
    A reader that went away (`abmctl lint | head`) is not an error."""
    written = True
    for stream in (sys.stdout, sys.stderr):
        try:
            if stream is not None:
                stream.flush()
        except (BrokenPipeError, ValueError):  # closed by the reader, or already closed
            pass
        except OSError:
            written = False
    return written


def closed_stream() -> str | None:
    """"stdout" or "stderr" when the program was started with that stream closed (`>&-`)."""
    if sys.stdout is None:
        return "stdout"
    return "stderr" if sys.stderr is None else None


def reader_went_away() -> bool:
    """Whether the command line stopped because the reader of its output went away: click
    then wraps the streams to keep their last flush quiet, and asks for exit 1."""
    return type(sys.stdout).__name__ == "PacifyFlushWrapper"


def note(line: str) -> None:
    """One of the run's lines on stderr (a source read, a record left out, a warning), wrapped
    to `width()` with the continuation hanging two spaces past the line's own indent; a
    GitHub workflow command (`::warning ...`) stays one line, as the runner reads it."""
    import typer

    from abmctl.output.text import wrap_listed

    command = line.lstrip().startswith(("::", "##["))
    for part in [line] if command else wrap_listed(line, width()):
        typer.echo(part, err=True)


def say(line: str) -> None:
    """The program's own failure on stderr (`abmctl: error: ...`): on a terminal wrapped as
    `note` wraps; elsewhere (a log, a pipe, a script that greps it) one line. A stderr that
    cannot take it (closed, full) leaves the exit code to say it."""
    with suppress(OSError, ValueError, AttributeError):
        parts = [line]
        if sys.stderr.isatty():
            from abmctl.output.text import wrap_listed

            parts = wrap_listed(line, _stderr_width())
        sys.stderr.write("".join(part + "\n" for part in parts))
        sys.stderr.flush()


def _stderr_width() -> int:
    """`COLUMNS` when set, else the terminal's width (stdout is not asked: it may be the
    stream that failed)."""
    import shutil

    given = os.environ.get("COLUMNS", "")
    if given.isdigit() and int(given) >= MIN_WIDTH:
        return int(given)
    return max(shutil.get_terminal_size((OFF_TERMINAL_WIDTH, 24)).columns, MIN_WIDTH)
