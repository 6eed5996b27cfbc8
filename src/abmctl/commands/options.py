"""Options every command shares, and the load → compute steps they all begin with."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

if TYPE_CHECKING:
    from abmctl.catalogue.base import Context
    from abmctl.engine.activity import Activity
    from abmctl.registry import Registry

RootOption = Annotated[
    Path | None,
    typer.Option("--root", help="Registry root (default: nearest folder upwards with "
                 "registry/; or $ABMCTL_ROOT).", file_okay=False),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Evaluate as of this date, YYYY-MM-DD "
                             "(default: today).", metavar="DATE"),
]
SignalsOption = Annotated[
    list[Path] | None,
    typer.Option("--signals", help="Activity export file or folder (repeatable; default: "
                 "registry/signals/).", metavar="PATH"),
]
SignalsFormatOption = Annotated[
    str, typer.Option("--signals-format", help="Layout of the --signals files: canonical, "
                      "or a vendor adapter (see docs).", metavar="NAME"),
]
SignalsMapOption = Annotated[
    Path | None, typer.Option("--signals-map", help="YAML column map for a layout no "
                              "adapter knows.", metavar="FILE", dir_okay=False),
]
DateFormatOption = Annotated[
    str | None, typer.Option("--date-format", help="strftime format of dates in the "
                             "export (e.g. %m/%d/%Y for US-locale Salesforce reports).",
                             metavar="FMT"),
]
StrictOption = Annotated[
    bool, typer.Option("--strict", help="Exit 2 if any activity row had to be skipped."),
]


def parse_date(text: str | None, option: str = "--as-of") -> date:
    """A command-line date; today only when none is given (time is an argument below cli)."""
    from abmctl.errors import AbmctlError
    from abmctl.model.base import FIRST_YEAR, LAST_YEAR

    if text is None:
        return date.today()
    try:
        day = date.fromisoformat(text.strip())
    except ValueError:
        raise AbmctlError(f"{option}: {text!r} is not a date; use YYYY-MM-DD") from None
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise AbmctlError(f"{option}: {text!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
    return day


def open_registry(root: Path | None) -> Registry:
    from abmctl.load.registry_files import load_registry
    from abmctl.load.root import find_root

    return load_registry(find_root(root))


def require_clean(reg: Registry, ctx: Context) -> None:
    """Reports plan on a registry that loads; ABM001-ABM003 errors stop them (exit 2)."""
    from abmctl.catalogue.runner import registry_errors
    from abmctl.errors import AbmctlError

    errors = [f for f in registry_errors(reg, ctx) if f.severity == "error"]
    # a file that does not load (ABM001) or a record that does not fit (ABM002) first: the
    # references they break (ABM003) follow from them
    errors.sort(key=lambda f: f.code != "ABM001" and f.code != "ABM002")
    if errors:
        for item in errors[:20]:
            typer.echo(f"{item.where}: {item.code} {item.message}", err=True)
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        raise AbmctlError(
            f"the registry has {len(errors)} error(s) that stop this command{more}; "
            "run `abmctl lint` for the full list"
        )


def read_activity(
    reg: Registry,
    signals: list[Path] | None,
    signals_format: str = "canonical",
    signals_map: Path | None = None,
    date_format: str | None = None,
    strict: bool = False,
) -> Activity | None:
    """The activity exports named by --signals, else `registry/signals/` when present."""
    from abmctl.errors import AbmctlError
    from abmctl.load.activity_reader import read_activity_files

    paths = list(signals or [])
    if not paths:
        default = reg.root / "registry" / "signals"
        if not default.is_dir():
            return None
        paths = [default]
    activity = read_activity_files(
        paths, reg, signals_format=signals_format, signals_map=signals_map,
        date_format=date_format, root=reg.root,
    )
    for skipped in activity.skipped[:50]:
        typer.echo(f"{skipped}: row skipped", err=True)
    if len(activity.skipped) > 50:
        typer.echo(f"... and {len(activity.skipped) - 50} more skipped rows", err=True)
    if strict and activity.skipped:
        raise AbmctlError(f"--strict: {len(activity.skipped)} activity row(s) skipped")
    return activity


def build_context(reg: Registry, as_of: date, activity: Activity | None) -> Context:
    """The rule context: the date, the activity, and each account's intent (SPEC §2.3)."""
    from abmctl.catalogue.base import Context
    from abmctl.engine.signals import intent_scores

    return Context(as_of=as_of, intent=intent_scores(reg, activity, as_of), activity=activity)


def wants_color() -> bool:
    """Colour on a terminal; NO_COLOR and FORCE_COLOR (no-color.org) decide first."""
    import os
    import sys

    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return sys.stdout.isatty()


def terminal() -> tuple[bool, int]:
    """Whether to colour text reports, and the width to lay them out in (100 off a terminal,
    so files and CI logs do not depend on who ran the command)."""
    import shutil
    import sys

    width = shutil.get_terminal_size((100, 24)).columns if sys.stdout.isatty() else 100
    return wants_color(), width
