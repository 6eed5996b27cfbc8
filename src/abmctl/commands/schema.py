"""`abmctl schema [KIND] [--out DIR]`: JSON Schema of each file kind, for editors."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer


def register(app: typer.Typer) -> None:
    @app.command("schema")
    def _command(
        kind: Annotated[
            str | None, typer.Argument(help="File kind (omit to list the kinds).",
                                       metavar="KIND", autocompletion=_complete_kind),
        ] = None,
        out: Annotated[
            Path | None, typer.Option("--out", help="Write <kind>.schema.json files into this "
                                      "folder (all kinds when KIND is omitted).", metavar="DIR",
                                      file_okay=False),
        ] = None,
    ) -> None:
        """Print the JSON Schema (draft 2020-12) of a file kind, or write them all with --out.

        Point your editor at one with a first line such as
        `# yaml-language-server: $schema=.abmctl/schemas/accounts.schema.json`.
        """
        from abmctl.errors import AbmctlError
        from abmctl.schema import KINDS, unknown_kind_message

        if kind is not None and kind not in KINDS:
            raise AbmctlError(unknown_kind_message(kind))
        if out is not None:
            _write(out, [kind] if kind else list(KINDS))
        elif kind is not None:
            from abmctl.schema import schema_text

            typer.echo(schema_text(kind), nl=False)
        else:
            _list_kinds()


def _complete_kind(incomplete: str) -> list[str]:
    from abmctl.schema import KINDS

    return [name for name in KINDS if name.startswith(incomplete)]


def _list_kinds() -> None:
    from abmctl.schema import KINDS

    width = max(len(name) for name in KINDS)
    files = max(len(spec.files) for spec in KINDS.values())
    for name, spec in KINDS.items():
        typer.echo(f"{name:<{width}}  {spec.files:<{files}}  {spec.summary}")
    typer.echo("abmctl schema KIND prints one; abmctl schema --out DIR writes them all.")


def _write(out: Path, kinds: list[str]) -> None:
    from abmctl.atomic import replace_file
    from abmctl.errors import AbmctlError
    from abmctl.schema import schema_file_name, schema_text

    try:
        out.mkdir(parents=True, exist_ok=True)
        for kind in kinds:
            path = out / schema_file_name(kind)
            replace_file(path, [schema_text(kind).encode("utf-8")])  # whole or not at all
            typer.echo(f"wrote {path}")
    except OSError as exc:
        raise AbmctlError(f"cannot write schemas to {out}: {exc.strerror or exc}") from None
