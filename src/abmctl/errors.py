"""The one failure type a user can cause; `cli.py` prints it in one line and exits."""

from __future__ import annotations


class AbmctlError(Exception):
    """A failure the user can fix: bad arguments, a missing or unreadable file.

    `exit_code` (docs/reference.md, Exit codes): 2 = could not run, 1 = ran and refused (e.g.
    `tiers apply` outside a review window).
    """

    def __init__(
        self, message: str, path: str | None = None, line: int | None = None, exit_code: int = 2
    ) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line
        self.exit_code = exit_code

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line:
            where = f"{self.path}:{self.line}"
        return f"{where}: {self.message}" if where else self.message
