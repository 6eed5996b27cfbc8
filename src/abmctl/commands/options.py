"""Options every command shares, and the load step they all begin with.

The root, as-of and activity options are one `RegistryOptions` value: a command declares a
parameter `opts: RegistryOptions` and `@registry_options` puts the shared options in its place.
`--format` and `--fail-on` are built from `output.formats` and `findings.SEVERITIES`, so every
command accepts the same spellings and refuses a bad one in the same words.
"""

from __future__ import annotations

import functools
import inspect
import re
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NamedTuple

import typer

from abmctl.load.adapters import ADAPTERS
from abmctl.output import formats
from abmctl.output.escape import terminal

if TYPE_CHECKING:
    from abmctl.catalogue.base import Context
    from abmctl.engine.activity import Activity, SourceSummary
    from abmctl.load.activity_reader import HeadStart
    from abmctl.load.sources import Source, SourcesConfig
    from abmctl.output.destination import Destination
    from abmctl.output.run_info import RunInfo
    from abmctl.registry import Registry

RootOption = Annotated[
    Path | None,
    typer.Option("--root", help="Registry root (default: nearest folder upwards with "
                 "registry/; or $ABMCTL_ROOT).", file_okay=False),
]
AsOfOption = Annotated[
    str | None, typer.Option("--as-of", help="Evaluate as of this date, YYYY-MM-DD "
                             "(default: today in the local time zone).", metavar="DATE"),
]
SignalsOption = Annotated[
    list[Path] | None,
    typer.Option("--signals", help="Activity export file or folder, read as well as "
                 "registry/signals/ (repeatable).", metavar="PATH"),
]
NoRegistrySignalsOption = Annotated[
    bool, typer.Option("--no-registry-signals", help="Read only the --signals given, not "
                       "registry/signals/."),
]
SignalsFormatOption = Annotated[
    str, typer.Option("--signals-format", help="Layout of the --signals files: one of "
                      f"{', '.join(ADAPTERS)}.", metavar="NAME"),
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
    bool, typer.Option("--strict", help="Exit 2 if any activity row had to be skipped, "
                       "the activity is stale, or a registry record does not load."),
]

OutputOption = Annotated[
    Path | None,
    typer.Option("--output", "-o", help="Write the report to FILE instead of stdout (whole or "
                 "not at all: a failed run leaves the file as it was).", metavar="FILE",
                 dir_okay=False),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="Print nothing but the report and errors: no "
                       "summary line, no notes on stderr."),
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
    registry_signals: bool = True
    output: Path | None = None
    quiet: bool = False
    # the run's notes kept here instead of said (`lint --fix` says only its last lint's)
    held: list[str] | None = field(default=None, compare=False)

    def day(self) -> date:
        """The --as-of date (today when none is given)."""
        return parse_date(self.as_of)

    def destination(self) -> Destination:
        """Where the report goes (--output) and whether notes do (--quiet)."""
        from abmctl.output.destination import Destination

        return Destination(self.output, self.quiet)

    def note(self, line: str) -> None:
        """A note on stderr, already escaped (nothing under --quiet); kept in `held` when
        that is given."""
        if self.held is not None:
            self.held.append(line)
        else:
            self.destination().note(line)


# each shared option: its parameter name, its typer declaration, its default
_SHARED: tuple[tuple[str, Any, Any], ...] = (
    ("root", RootOption, None),
    ("as_of", AsOfOption, None),
    ("signals", SignalsOption, None),
    ("signals_format", SignalsFormatOption, "canonical"),
    ("signals_map", SignalsMapOption, None),
    ("date_format", DateFormatOption, None),
    ("strict", StrictOption, False),
    ("no_registry_signals", NoRegistrySignalsOption, False),
)
# a command that prints a report also takes these
_REPORT: tuple[tuple[str, Any, Any], ...] = (
    ("output", OutputOption, None),
    ("quiet", QuietOption, False),
)


def registry_options(command: Callable[..., None]) -> Callable[..., None]:
    """The command with its `opts: RegistryOptions` parameter replaced by the shared
    options, --output and --quiet included (a command that prints a report), which it
    receives back as one `RegistryOptions`. In --help, --root and --as-of stand where `opts`
    does and the activity options come after the command's own."""
    return _with_shared(command, _SHARED + _REPORT)


def registry_input_options(command: Callable[..., None]) -> Callable[..., None]:
    """`registry_options` without --output and --quiet, for `tiers apply`, which writes the
    registry rather than printing a report."""
    return _with_shared(command, _SHARED)


def _with_shared(command: Callable[..., None],
                 options: tuple[tuple[str, Any, Any], ...]) -> Callable[..., None]:
    shared = [inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, default=default,
                                annotation=declared) for name, declared, default in options]
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
        values = {name: given.pop(name) for name, _, _ in options}
        values["registry_signals"] = not values.pop("no_registry_signals")
        opts = RegistryOptions(**values)
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


def whole_number(option: str) -> Any:
    """The `parser=` of every whole-number option (`typer.Option(..., parser=whole_number(
    "--tier"))`): a word or a fraction is exit 2 in the words every bad value gets, not the
    validation library's sentence under a usage block."""
    return functools.partial(_whole, option)


def _whole(option: str, given: object) -> int:
    from abmctl.errors import AbmctlError

    if isinstance(given, int):  # the option's default
        return given
    text = str(given)
    if re.fullmatch(r"[+-]?[0-9]{1,18}", text.strip()) is None:  # no 1.5, 1e3, 1_000, ١
        raise AbmctlError(f"{option}: {text!r} is not a whole number")
    return int(text)


def period_count(count: int) -> int:
    """`--periods` of a trend or a tier history: 1 to `engine.windows.MAX_PERIODS`, else
    exit 2."""
    from abmctl.engine.windows import MAX_PERIODS
    from abmctl.errors import AbmctlError

    if not 1 <= count <= MAX_PERIODS:
        raise AbmctlError(f"--periods: {count} is not between 1 and {MAX_PERIODS}")
    return count


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


# The run's inputs, held until the process ends: `cli.main` ends it with a hard exit, so the
# registry and the activity are never freed object by object when the command returns (10,000
# accounts and 100,000 rows: 0.06 s after the report is out). One slot each: a caller in this
# process (a test) holds only its latest.
_HELD: dict[str, object] = {}


@dataclass(frozen=True, slots=True)
class Loaded:
    """A command's inputs: the registry, the as-of date, the activity (None without files),
    and what the report says about the run (records left out, sources read)."""

    reg: Registry
    as_of: date
    activity: Activity | None
    run_info: RunInfo

    def context(self, *, accounts: Collection[str] | None = None) -> Context:
        """The rule context, with each account's intent (`accounts`: see `build_context`)."""
        return build_context(self.reg, self.as_of, self.activity, accounts=accounts)


def load(opts: RegistryOptions, *, clean: bool = True, refuse: bool = False,
         check: Callable[[Registry], object] | None = None) -> Loaded:
    """Parse --as-of, open the registry, leave out the records that do not load (`clean`:
    reports run on what loads; `refuse`: stop on them instead, as `tiers apply` does; lint
    takes the registry as it is), run the command's own `check` of its options against the
    registry (before a million rows are read), then read the activity."""
    from dataclasses import replace

    from abmctl.catalogue.base import Context
    from abmctl.output.run_info import RunInfo

    day = opts.day()
    early = _EarlyRead.start(opts)  # the activity's largest part read while the list loads
    try:
        reg = open_registry(opts.root)
        info = RunInfo()
        if clean and refuse:
            require_clean(reg, Context(as_of=day))
        elif clean:
            reg, info = on_what_loads(reg, strict=opts.strict)
        if check is not None:
            check(reg)
        activity = read_activity(reg, opts, clean=clean, early=early)
    finally:
        if early is not None:
            early.close()
    loaded = _HELD["run"] = Loaded(reg, day, activity, replace(info, sources=sources_of(activity)))
    return loaded


class _SourcePlan(NamedTuple):
    """What a run reads as activity (`plan_sources`)."""

    in_registry: bool  # registry/signals/ is read
    config: SourcesConfig | None  # its sources.yaml
    sources: list[Source]


@dataclass(frozen=True, slots=True)
class _EarlyRead:
    """The run's activity sources found, and the first one's reading started
    (`activity_reader.head_start`), before the registry loads: when the registry is where
    `--root` points and nothing in the plan is at fault (else the read proper finds it all,
    and reports it in its place, after the registry's own faults)."""

    root: Path
    plan: _SourcePlan
    head: HeadStart | None

    @classmethod
    def start(cls, opts: RegistryOptions) -> _EarlyRead | None:
        from abmctl.load.activity_reader import head_start
        from abmctl.load.root import find_root

        try:
            root = find_root(opts.root)
            plan = plan_sources(root, opts)
        except Exception:  # noqa: BLE001 - met again by the read proper, in its place
            return None
        if plan.config is not None and plan.config.errors:
            return None
        return cls(root, plan, head_start(plan.sources, root))

    def close(self) -> None:
        """The child stopped and waited for, if the run stops before reading (a no-op once
        the read took the source on: `HeadStart.close`)."""
        if self.head is not None:
            self.head.close()


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
              if f.severity == "error" and (f.path or "").partition("/")[0] == "rules"]
    from abmctl.output.terminal import note

    for item in errors[:20]:
        note(terminal(f"{item.where}: {item.code} {item.message}"))
    if errors:
        raise AbmctlError(f"{errors[0].path} does not load; every report reads it: run "
                          "`abmctl lint` for the full list")


def open_registry(root: Path | None) -> Registry:
    from abmctl.load.registry_files import load_registry
    from abmctl.load.root import find_root

    reg = _HELD["registry"] = load_registry(find_root(root))
    return reg


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
        from abmctl.output.terminal import note

        for item in errors[:20]:
            note(terminal(f"{item.where}: {item.code} {item.message}"))
        more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
        raise AbmctlError(
            f"the registry has {len(errors)} error(s) that stop this command{more}; "
            "run `abmctl lint` for the full list"
        )


def plan_sources(root: Path, opts: RegistryOptions) -> _SourcePlan:
    """The activity files a run reads (`load.sources.activity_sources`), with the registry's
    sources.yaml as read (its faults for the caller to judge)."""
    from abmctl.load.sources import (
        SIGNALS_FOLDER,
        Layout,
        activity_sources,
        read_sources_config,
    )

    _check_layout_options(opts)
    folder = root / SIGNALS_FOLDER  # a file or a link to nothing so named: its sources.yaml
    in_registry = opts.registry_signals and (folder.is_dir() or folder.is_symlink()  # fault
                                             or folder.exists())  # stops the read
    config = read_sources_config(root) if in_registry else None
    given = Layout(opts.signals_format, opts.signals_map, opts.date_format,
                   None if opts.signals_map is None else opts.signals_map.as_posix())
    sources = activity_sources(root, list(opts.signals or []), given,
                               registry_signals=opts.registry_signals, config=config)
    return _SourcePlan(in_registry, config, sources)


def read_activity(reg: Registry, opts: RegistryOptions, *, clean: bool = True,
                  inspect: bool = False, early: _EarlyRead | None = None) -> Activity | None:
    """Every activity source of the run: `registry/signals/` (unless
    --no-registry-signals) and every --signals; None when there is none. A bad
    sources.yaml stops the run (`clean`; lint lists it instead), so does a source whose every
    row was skipped (the wrong file or layout, not data); stale activity is said once.
    `inspect`: read and count, and neither warn nor stop (`abmctl signals` reports it all);
    `early`: the sources found and the read started before the registry loaded (`load`)."""
    from abmctl.errors import AbmctlError
    from abmctl.load.activity_reader import read_sources

    if early is not None and early.root == reg.root:
        in_registry, config, sources = early.plan
    else:
        in_registry, config, sources = plan_sources(reg.root, opts)
    if config is not None and clean and config.errors:
        first = config.errors[0]
        raise AbmctlError(f"{first.code} {first.message}; `abmctl lint` lists every fault",
                          first.path, first.line)
    if not sources and not in_registry:
        return None
    activity = _HELD["activity"] = read_sources(
        sources, reg, reg.root, head=early.head if early is not None else None)
    if inspect:
        return activity  # `abmctl signals` shows all of it, and judges nothing
    for skipped in activity.skipped[:50]:
        opts.note(terminal(str(skipped) if skipped.unread else f"{skipped}: row skipped"))
    if len(activity.skipped) > 50:
        opts.note(f"... and {len(activity.skipped) - 50} more skipped rows")
    _warn_about_sources(activity, sources, opts)
    if opts.strict and activity.skipped:
        raise AbmctlError(f"--strict: {len(activity.skipped)} activity row(s) skipped")
    _warn_if_stale(reg, activity, opts)
    return activity


def load_for_inspection(opts: RegistryOptions) -> tuple[Registry, date, Activity | None]:
    """`abmctl signals`: the registry as it loads and every source as the run would read it
    (a bad sources.yaml still stops it: the layouts would be guesses)."""
    day = opts.day()
    early = _EarlyRead.start(opts)
    try:
        reg = open_registry(opts.root)
        return reg, day, read_activity(reg, opts, inspect=True, early=early)
    finally:
        if early is not None:
            early.close()


def _check_layout_options(opts: RegistryOptions) -> None:
    """The layout options describe the --signals files; without one they would be ignored."""
    from abmctl.errors import AbmctlError

    if opts.signals:
        return
    for name, value in (("--signals-format", opts.signals_format != "canonical"),
                        ("--signals-map", opts.signals_map is not None),
                        ("--date-format", opts.date_format is not None)):
        if value:
            raise AbmctlError(f"{name} describes the --signals files, and none is given; the "
                              "layout of files in registry/signals/ is set in "
                              "registry/signals/sources.yaml")


def _warn_about_sources(activity: Activity, sources: list[Source],
                        opts: RegistryOptions) -> None:
    """A source no row of which matched is named in a warning; one whose every row was
    skipped stops the run, with the likely cause."""
    from abmctl.errors import AbmctlError

    in_registry = {s.path.as_posix() for s in sources if s.in_registry}
    for summary, source in zip(activity.sources, sources, strict=True):
        if summary.rows and summary.skipped == summary.rows:
            first = next((s for s in activity.skipped if s.path == summary.path), None)
            if first is not None and first.unread:  # not a file of rows: no layout to check
                raise AbmctlError(first.reason, summary.path)
            why = f" (first: line {first.line}: {first.reason})" if first else ""
            cause = ("its entry in registry/signals/sources.yaml" if source.path.as_posix()
                     in in_registry else "--signals-format or --date-format")
            raise AbmctlError(f"every one of its {summary.rows:,} rows was skipped{why}: the "
                              f"wrong file, or the wrong layout: check {cause} "
                              f"(read as {summary.format})", summary.path)
        if summary.matched == 0:
            what = "has no rows" if not summary.rows else (
                f"no row matched a list account ({summary.unmatched:,} unmatched); "
                "`abmctl signals --unmatched` lists the account values")
            opts.note(terminal(f"warning: {summary.path}: {what}"))


def _warn_if_stale(reg: Registry, activity: Activity, opts: RegistryOptions) -> None:
    """One warning line for stale activity; --strict makes it exit 2."""
    from abmctl.engine.signals import freshness
    from abmctl.errors import AbmctlError

    found = freshness(activity, reg.settings.signals, opts.day())
    if found is None or not found.stale:
        return
    message = (f"{found.reason}: intent from it moves no tier (rules/signals.yaml "
               f"stale_after_days: {found.stale_after_days})")
    if opts.strict:
        raise AbmctlError(f"--strict: {message}")
    opts.note(terminal(f"warning: {message}"))


def sources_of(activity: Activity | None) -> tuple[SourceSummary, ...]:
    """The per-source summary a report carries (none without activity)."""
    return () if activity is None else tuple(activity.sources)


def build_context(reg: Registry, as_of: date, activity: Activity | None, *,
                  accounts: Collection[str] | None = None) -> Context:
    """The rule context: the date, the activity, each account's intent, and whether the
    activity is stale. `accounts`: a run about these accounts only (`Context.accounts`),
    each intent worked out when first asked for (`engine.signals.IntentsOnDemand`)."""
    from abmctl.catalogue.base import Context
    from abmctl.engine.signals import IntentsOnDemand, freshness, intent_scores

    fresh = freshness(activity, reg.settings.signals, as_of)
    intent: Mapping[str, int] = (intent_scores(reg, activity, as_of) if accounts is None
                                 else IntentsOnDemand(reg, activity, as_of))
    return Context(as_of=as_of, intent=intent, activity=activity,
                   stale=fresh.reason if fresh is not None and fresh.stale else None,
                   accounts=None if accounts is None else frozenset(accounts))
