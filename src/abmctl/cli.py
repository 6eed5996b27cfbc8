"""The command line: parse options, call one function per command, print, exit.

Each command lives in `abmctl.commands.<name>`; those modules import only typer at the top and
load everything else inside the command, so `abmctl --help` stays fast.
"""

from __future__ import annotations

import os

import typer

from abmctl import __version__
from abmctl.commands import (
    accounts,
    explain,
    handoff,
    init,
    lint,
    overlap,
    report,
    rules,
    schema,
    scorecard,
    signals,
    tiers,
)

app = typer.Typer(
    name="abmctl",
    help="An ABM program's rules of engagement as code: lint the registry, plan tiers, "
    "flag overlap, hand off hot accounts, report the shared scorecard.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    add_completion=True,
    context_settings={"help_option_names": ["-h", "--help"]},  # every command inherits it
)

# The command list's line per command: click would cut a longer first sentence mid-phrase.
SUMMARIES = {
    "lint": "Check the registry against the rule catalogue.",
    "rules": "List the rules, or explain one.",
    "handoff": "Accounts to hand over now, with a packet each.",
    "overlap": "Conflicts between teams, and who decides each.",
    "scorecard": "The shared sales and marketing scorecard.",
    "signals": "The activity sources a run reads.",
    "init": "Scaffold a new registry.",
    "schema": "Print the JSON Schema of a file kind.",
    "report": "The program as a static site (HTML, charts).",
    "explain": "One account: tier and why, intent, owners, history.",
    "tiers": "Plan, apply and review tier changes.",
    "tiers plan": "Propose promotions and demotions as of a date.",
    "tiers apply": "Write the plan into the account files.",
    "tiers diff": "Tier changes between two git revisions, checked.",
    "accounts": "Import accounts from the CRM; export tiers to it.",
}


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


for module in (lint, rules, tiers, explain, handoff, overlap, scorecard, report, signals,
               accounts, init, schema):
    module.register(app)
for _command in app.registered_commands:
    _command.short_help = SUMMARIES.get(_command.name or "", _command.short_help)
for _group in app.registered_groups:
    _group.short_help = SUMMARIES.get(_group.name or "", _group.short_help)
    for _command in _group.typer_instance.registered_commands if _group.typer_instance else []:
        _command.short_help = SUMMARIES.get(f"{_group.name} {_command.name}",
                                            _command.short_help)


def _plain_arguments() -> None:
    """Arguments in --help as a person writes them (`BASE [HEAD]`, `PATHS...`): without the
    Python type typer prints beside each (`<list[Path]>`) and the braces it puts round a
    required one (`{BASE}`)."""
    from typer import _click as click
    from typer.core import TyperArgument

    def usage(argument: TyperArgument) -> str:
        name = str(argument.metavar or argument.name or "").upper().strip("[]")
        name = name if argument.required else f"[{name}]"
        return name + ("..." if argument.nargs != 1 else "")

    def no_type(argument: TyperArgument, ctx: click.Context) -> str | None:
        return None

    TyperArgument._usage_display_name = usage  # type: ignore[method-assign,assignment]
    TyperArgument.display_type_rich = no_type  # type: ignore[method-assign,assignment]


_plain_arguments()


def main() -> None:
    """Entry point: every failure a user can cause is one line on stderr and an exit code."""
    from abmctl.output import terminal

    # The one gc policy: no cycle collector for the run (see `terminal.collector_off`), and a
    # hard exit once the output is out: tearing a million rows down one by one takes seconds.
    terminal.collector_off()
    # abmctl's models take no pydantic plugins: without this, pydantic scans every installed
    # package's entry points for one when the first model is built (some 15 ms a run)
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "__all__")
    code = _run()
    if not terminal.finish():  # the output did not all reach its file: the run failed
        terminal.say("abmctl: error: cannot write the output")
        code = 2
    os._exit(code)


def _run() -> int:
    """Run the command; the exit code it asks for, or the one its failure maps to."""
    from abmctl.errors import AbmctlError
    from abmctl.output import escape, terminal

    if (closed := terminal.closed_stream()) is not None:
        terminal.say(f"abmctl: error: {closed} is closed; abmctl writes its report there")
        return 2
    terminal.lenient_stdout()
    try:
        app(prog_name="abmctl")
    except SystemExit as done:
        return 0 if terminal.reader_went_away() else _exit_code(done.code)
    except AbmctlError as error:
        terminal.say(f"abmctl: error: {escape.terminal(str(error))}")
        return error.exit_code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
    except RecursionError:
        terminal.say("abmctl: error: input nested too deeply to process")
        return 2
    except MemoryError:
        terminal.say("abmctl: error: input too large to process in memory")
        return 2
    except OSError as error:  # writing the report or a message: a full disk, a closed stream
        terminal.say(f"abmctl: error: cannot write the output: {error.strerror or error}")
        return 2
    except OverflowError as error:  # dates and durations are bounded where they are read;
        # this is the net under any arithmetic those bounds did not foresee
        terminal.say(f"abmctl: error: a date or duration is out of range ({error})")
        return 2
    return 0


def _exit_code(code: object) -> int:
    if code is None:
        return 0
    if isinstance(code, int):
        return code
    typer.echo(str(code), err=True)
    return 1
