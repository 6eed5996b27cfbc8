"""The command line: parse options, call one function per command, print, exit (SPEC §3).

Each command lives in `abmctl.commands.<name>`; those modules import only typer at the top and
load everything else inside the command, so `abmctl --help` stays fast.
"""

from __future__ import annotations

import sys

import typer

from abmctl import __version__
from abmctl.commands import handoff, init, lint, overlap, rules, schema, scorecard, tiers

app = typer.Typer(
    name="abmctl",
    help="An ABM program's rules of engagement as code: lint the registry, plan tiers, "
    "flag overlap, hand off hot accounts, report the shared scorecard.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,
)


def _show_version(value: bool) -> None:
    if value:
        typer.echo(f"abmctl {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: bool = typer.Option(
        False, "--version", help="Print the version and exit.", callback=_show_version,
        is_eager=True,
    ),
) -> None:
    """abmctl: rules of engagement as code."""


for module in (lint, rules, tiers, handoff, overlap, scorecard, init, schema):
    module.register(app)


def main() -> None:
    """Entry point: every failure a user can cause is one line on stderr and an exit code."""
    from abmctl.errors import AbmctlError

    try:
        app()
    except AbmctlError as error:
        typer.echo(f"abmctl: error: {error}", err=True)
        sys.exit(error.exit_code)
    except KeyboardInterrupt:
        sys.exit(130)
    except BrokenPipeError:
        sys.stderr.close()
        sys.exit(0)
    except RecursionError:
        typer.echo("abmctl: error: input nested too deeply to process", err=True)
        sys.exit(2)
    except MemoryError:
        typer.echo("abmctl: error: input too large to process in memory", err=True)
        sys.exit(2)
