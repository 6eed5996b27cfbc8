"""Where a report goes: stdout, or the file `--output FILE` names (written whole or not at
all); and whether the run's notes go to stderr (`--quiet`: errors only).

A report written to a file is laid out as off a terminal (no colour, 100 columns), so the file
does not depend on the terminal it was made at; stdout then gets nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from abmctl.output.formats import View

if TYPE_CHECKING:
    from abmctl.output.run_info import RunInfo


@dataclass(frozen=True, slots=True)
class Destination:
    """`--output FILE` (None: stdout) and `--quiet`."""

    output: Path | None = None
    quiet: bool = False

    def view(self, fmt: str, *, details: bool = False) -> View:
        """How to lay the report out for where it goes; `--quiet` leaves out summary lines."""
        from abmctl.output import terminal

        laid = terminal.view(fmt, details=details) if self.output is None else View(
            details=details)
        return replace(laid, summary=not self.quiet)

    def write(self, report: str | Iterable[str]) -> None:
        """The report on stdout, or as the whole of the --output file (exit 2 when it cannot
        be written: the file then keeps what it held)."""
        from abmctl.output import terminal

        if self.output is None:
            terminal.write(report)
            return
        from abmctl.atomic import replace_file
        from abmctl.errors import AbmctlError

        try:
            replace_file(self.output, _encoded(report))
        except OSError as exc:
            raise AbmctlError(f"--output: cannot write the report: {exc.strerror or exc}",
                              path=str(self.output)) from None

    def note(self, line: str) -> None:
        """A line on stderr for the person running the command (nothing under --quiet);
        `line` is already escaped for the terminal."""
        if not self.quiet:
            from abmctl.output.terminal import note

            note(line)

    def warn(self, info: RunInfo) -> None:
        """The run's own lines (records left out, sources read) on stderr, unless --quiet."""
        from abmctl.output import run_info

        if not self.quiet:
            run_info.warn(info)


def _encoded(report: str | Iterable[str]) -> Iterator[bytes]:
    pieces = [report] if isinstance(report, str) else report
    for piece in pieces:
        yield piece.encode("utf-8", "surrogateescape")
