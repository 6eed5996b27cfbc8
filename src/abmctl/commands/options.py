"""Options every command shares, and the load step they all begin with.

The root, as-of and activity options are one `RegistryOptions` value: a command declares a
parameter `opts: RegistryOptions` and `@registry_options` puts the seven options in its place.
`--format` and `--fail-on` are built from `output.formats` and `findings.SEVERITIES`, so every
command accepts the same spellings and refuses a bad one in the same words.
"""

from __future__ import annotations

import functools
import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from abmctl.output import formats
from abmctl.output.escape import terminal

if TYPE_CHECKING:
    from abmctl.catalogue.base import Context
    from abmctl.engine.activity import Activity
    from abmctl.output.run_info import RunInfo
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
    bool, typer.Option("--strict", help="Exit 2 if any activity row had to be skipped, or a "
                       "registry record does not load."),
]


@dataclass(frozen=True, slots=True)
class RegistryOptions:
    """--root, --as-of and the activity options, as one value."""

    root: Path | None = None
    as_of: str | None = None
    signals: list[Path] | None = None
    signals_format: str = "canonical"
    signals_map: Path | None = None
    date_format: str | None = None
    strict: bool = False

    def day(self) -> date:
        """The --as-of date (today when none is given)."""
        return parse_date(self.as_of)


# each shared option: its parameter name, its typer declaration, its default
_SHARED: tuple[tuple[str, Any, Any], ...] = (
    ("root", RootOption, None),
    ("as_of", AsOfOption, None),
    ("signals", SignalsOption, None),
    ("signals_format", SignalsFormatOption, "canonical"),
    ("signals_map", SignalsMapOption, None),
    ("date_format", DateFormatOption, None),
    ("strict", StrictOption, False),
)


def registry_options(command: Callable[..., None]) -> Callable[..., None]:
    """The command with its `opts: RegistryOptions` parameter replaced by the seven shared
    options, which it receives back as one `RegistryOptions`. In --help, --root and --as-of
    stand where `opts` does and the activity options come after the command's own."""
    shared = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                annotation=declared) for name, declared, default in _SHARED]
    signature = inspect.signature(command, eval_str=True)
    params: list[inspect.Parameter] = []
    for param in signature.parameters.values():
        if param.name == "opts":
            params += shared[:2]
        else:
            params.append(param.replace(kind=inspect.Parameter.KEYWORD_ONLY))
    params += shared[2:]

    @functools.wraps(command)
    def with_options(**given: Any) -> None:
        opts = RegistryOptions(**{name: given.pop(name) for name, _, _ in _SHARED})
        command(opts=opts, **given)

    with_options.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]
    with_options.__annotations__ = {p.name: p.annotation for p in params}
    return with_options


def one_of(option: str, value: str, allowed: Sequence[str]) -> str:
    """`value` as one of `allowed`, whatever its case and surrounding blanks; anything else
    is exit 2 in the words every option with choices uses."""
    from abmctl.errors import AbmctlError

    chosen = value.strip().lower()
    if chosen not in allowed:
        raise AbmctlError(f"{option}: {value!r} is not one of {', '.join(allowed)}")
    return chosen


def format_option(kind: str) -> Any:
    """`--format` for a report of `kind`: its choices and help from `output.formats`."""
    choices = formats.names(kind)
    return typer.Option(
        "--format", help=f"One of {formats.described(kind)}.", metavar="FORMAT",
        parser=functools.partial(one_of, "--format", allowed=choices),
        autocompletion=lambda: list(choices),
    )


def fail_on_option(what: str = "a finding") -> Any:
    """`--fail-on LEVEL`: exit 1 when `what` is at or above the level."""
    from abmctl.findings import SEVERITIES

    return typer.Option(
        "--fail-on", help=f"Exit 1 when {what} is at or above this severity: "
        f"{', '.join(SEVERITIES[:-1])} or {SEVERITIES[-1]}.", metavar="LEVEL",
        parser=functools.partial(one_of, "--fail-on", allowed=SEVERITIES),
        autocompletion=lambda: list(SEVERITIES),
    )


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


@dataclass(frozen=True, slots=True)
class Loaded:
    """A command's inputs: the registry, the as-of date, the activity (None without files),
    and what the report says about the run (records left out, sources read)."""

    reg: Registry
    as_of: date
    activity: Activity | None
    run_info: RunInfo

    def context(self) -> Context:
        """The rule context, with each account's intent (SPEC §2.3)."""
        return build_context(self.reg, self.as_of, self.activity)


def load(opts: RegistryOptions, *, clean: bool = True, refuse: bool = False,
         check: Callable[[Registry], object] | None = None) -> Loaded:
    """Parse --as-of, open the registry, leave out the records that do not load (`clean`:
    reports run on what loads; `refuse`: stop on them instead, as `tiers apply` does; lint
    takes the registry as it is), run the command's own `check` of its options against the
    registry (before a million rows are read), then read the activity."""
    from abmctl.catalogue.base import Context
    from abmctl.output.run_info import RunInfo

    day = opts.day()
    reg = open_registry(opts.root)
    info = RunInfo()
    if clean and refuse:
        require_clean(reg, Context(as_of=day))
    elif clean:
        reg, info = on_what_loads(reg, strict=opts.strict)
    if check is not None:
        check(reg)
    return Loaded(reg, day, read_activity(reg, opts), info)


def on_what_loads(reg: Registry, *, strict: bool) -> tuple[Registry, RunInfo]:
    """The registry without the records that do not load, and the run's note of them; a
    rules/ file that does not load stops the run (exit 2), and so, with --strict, does any
    left-out record."""
    from abmctl.errors import AbmctlError
    from abmctl.load.left_out import what_loads
    from abmctl.output.run_info import RunInfo, left_out, warn

    _stop_on_settings(reg)
    reg, excluded = what_loads(reg)
    info = RunInfo(excluded=excluded)
    if strict and excluded:
        warn(info)
        raise AbmctlError(f"--strict: left out what does not load, {left_out(info)}")
    return reg, info


def _stop_on_settings(reg: Registry) -> None:
    """Every report reads the settings: a rules/ file that does not load would quietly become
    its defaults, so it stops the run (exit 2)."""
    from abmctl.errors import AbmctlError

    errors = [f for f in reg.load_findings
              if f.severity == "error" and (f.path or "").startswith("rules/")]
    for item in errors[:20]:
        typer.echo(terminal(f"{item.where}: {item.code} {item.message}"), err=True)
    if errors:
        raise AbmctlError(f"{errors[0].path} does not load; every report reads it: run "
                          "`abmctl lint` for the full list")


def open_registry(root: Path | None) -> Registry:
    from abmctl.load.registry_files import load_registry
    from abmctl.load.root import find_root

    return load_registry(find_root(root))


def require_clean(reg: Registry, ctx: Context) -> None:
    """`tiers apply` writes only on a registry that loads; ABM001-ABM003 errors stop it
    (exit 2)."""
    from abmctl.catalogue.runner import registry_errors
    from abmctl.errors import AbmctlError

    errors = [f for f in registry_errors(reg, ctx) if f.severity == "error"]
    # a file that does not load (ABM001) or a record that does not fit (ABM002) first: the
    # references they break (ABM003) follow from them
    errors.sort(key=lambda f: f.code != "ABM001" and f.code != "ABM002")
    if errors:
        for item in errors[:20]:
            typer.echo(terminal(f"{item.where}: {item.code} {item.message}"), err=True)
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        raise AbmctlError(
            f"the registry has {len(errors)} error(s) that stop this command{more}; "
            "run `abmctl lint` for the full list"
        )


def read_activity(reg: Registry, opts: RegistryOptions) -> Activity | None:
    """The activity exports named by --signals, else `registry/signals/` when present."""
    from abmctl.errors import AbmctlError
    from abmctl.load.activity_reader import read_activity_files

    paths = list(opts.signals or [])
    if not paths:
        default = reg.root / "registry" / "signals"
        if not default.is_dir():
            return None
        paths = [default]
    activity = read_activity_files(
        paths, reg, signals_format=opts.signals_format, signals_map=opts.signals_map,
        date_format=opts.date_format, root=reg.root,
    )
    for skipped in activity.skipped[:50]:
        typer.echo(terminal(f"{skipped}: row skipped"), err=True)
    if len(activity.skipped) > 50:
        typer.echo(f"... and {len(activity.skipped) - 50} more skipped rows", err=True)
    if opts.strict and activity.skipped:
        raise AbmctlError(f"--strict: {len(activity.skipped)} activity row(s) skipped")
    return activity


def build_context(reg: Registry, as_of: date, activity: Activity | None) -> Context:
    """The rule context: the date, the activity, and each account's intent (SPEC §2.3)."""
    from abmctl.catalogue.base import Context
    from abmctl.engine.signals import intent_scores

    return Context(as_of=as_of, intent=intent_scores(reg, activity, as_of), activity=activity)
