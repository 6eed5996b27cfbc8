"""`abmctl init [DIR]`: start a registry with commented rules files and one example of each kind."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from abmctl.commands.options import AsOfOption


def register(app: typer.Typer) -> None:
    @app.command("init")
    def _command(
        folder: Annotated[
            Path, typer.Argument(help="Folder for the new registry (created if missing).",
                                 metavar="DIR"),
        ] = Path("."),
        force: Annotated[
            bool, typer.Option("--force", help="Add the missing scaffold files to a folder that "
                               "is not empty. Existing files are never overwritten."),
        ] = False,
        as_of: AsOfOption = None,
    ) -> None:
        """Scaffold a registry: commented rules, one example of each file, JSON Schemas."""
        from abmctl.commands.options import parse_date
        from abmctl.scaffold import write_scaffold

        result = write_scaffold(folder, parse_date(as_of), force=force)
        for rel in result.created:
            typer.echo(f"created  {rel}")
        for rel in result.skipped:
            typer.echo(f"skipped  {rel} (exists; left unchanged)")
        where = "." if folder == Path(".") else str(folder)
        typer.echo(
            f"{len(result.created)} file(s) created, {len(result.skipped)} skipped in {where}. "
            f"Next: abmctl lint --root {where}"
        )
