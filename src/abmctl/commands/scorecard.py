"""`abmctl scorecard`: the shared metrics for a quarter or a month, with health."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated, cast

import typer

from abmctl.commands.options import (
    RegistryOptions,
    format_option,
    registry_options,
    whole_number,
)

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from abmctl.engine.windows import Period
    from abmctl.scorecard.trend import Breakdown, Unit

_QUARTER = re.compile(r"(\d{4})[Qq]([1-4])")
_MONTH = re.compile(r"(\d{4})-(0[1-9]|1[0-2])")


def register(app: typer.Typer) -> None:
    @app.command("scorecard")
    @registry_options
    def _command(
        opts: RegistryOptions,
        quarter: Annotated[str | None, typer.Option(
            "--quarter", help="Calendar quarter, e.g. 2026Q4 (default: the quarter holding "
            "--as-of).", metavar="YYYYQn")] = None,
        month: Annotated[str | None, typer.Option(
            "--month", help="A month instead, e.g. 2026-11.", metavar="YYYY-MM")] = None,
        trend: Annotated[bool, typer.Option(
            "--trend", help="Each metric over the last --periods months or quarters, with a "
            "sparkline and the latest period's status; --quarter or --month names the last "
            "period.")] = False,
        periods: Annotated[int | None, typer.Option(
            "--periods", help=f"With --trend: how many periods (default {DEFAULT_PERIODS}, "
            f"at most {MAX_PERIODS}).", metavar="N",
            parser=whole_number("--periods"))] = None,
        by: Annotated[list[str] | None, typer.Option(
            "--by", help="With --trend, repeatable: the period, month (default) or quarter, "
            "and at most one breakdown, territory, tier or owner (the AE), e.g. --by quarter "
            "--by territory.", metavar="WORD")] = None,
        fmt: Annotated[str, format_option("scorecard")] = "text",
    ) -> None:
        """The scorecard sales and marketing share: Tier 1 engagement, joint coverage,
        handoff follow-up, penetration and agreement cadence, green/yellow/red."""
        from dataclasses import replace

        from abmctl.commands.options import load
        from abmctl.output import formats
        from abmctl.scorecard.metrics import build_scorecard

        if not trend and (periods is not None or by):
            from abmctl.errors import AbmctlError

            raise AbmctlError("--periods and --by go with --trend")
        count, unit, breakdown = trend_of(periods, by, quarter)
        period, label = choose_period(quarter, month, opts.day(),
                                      unit=unit if trend else None)
        run = load(opts)
        activity = run.activity
        if activity is not None and not activity.files:
            activity = None  # an empty registry/signals/ folder
        out = opts.destination()
        if trend:
            from abmctl.scorecard.trend import trend as build_trend

            report = replace(build_trend(run.reg, activity, run.as_of, last=period,
                                         periods=count, unit=unit, by=breakdown),
                             run_info=run.run_info)
            out.write(formats.render("trend", fmt, report, out.view(fmt)))
            out.warn(report.run_info)
            return
        card = replace(build_scorecard(run.reg, activity, period, run.as_of, label),
                       run_info=run.run_info)
        out.write(formats.render("scorecard", fmt, card, out.view(fmt)))
        out.warn(card.run_info)


DEFAULT_PERIODS = 6
MAX_PERIODS = 36  # engine.windows.MAX_PERIODS, named here for --help without the engine
PERIOD_UNITS = ("month", "quarter")
BREAKDOWNS = ("territory", "tier", "owner")


def trend_of(periods: int | None, by: list[str] | None, quarter: str | None,
             ) -> tuple[int, Unit, Breakdown | None]:
    """(how many periods, their unit, the breakdown if any) from --periods and --by: the
    unit --by names, else a quarter when --quarter is given, else a month; a bad combination
    is exit 2."""
    from abmctl.commands.options import one_of, period_count
    from abmctl.errors import AbmctlError

    count = period_count(DEFAULT_PERIODS if periods is None else periods)
    words = [one_of("--by", word, (*PERIOD_UNITS, *BREAKDOWNS)) for word in by or ()]
    units = list(dict.fromkeys(w for w in words if w in PERIOD_UNITS))
    breakdowns = list(dict.fromkeys(w for w in words if w in BREAKDOWNS))
    if len(units) > 1:
        raise AbmctlError("--by: one period, month or quarter, not both")
    if len(breakdowns) > 1:
        raise AbmctlError(f"--by: one breakdown at a time, not {' and '.join(breakdowns)} "
                          "(territory, tier or owner)")
    unit = cast("Unit", units[0] if units else "month" if quarter is None else "quarter")
    breakdown = cast("Breakdown", breakdowns[0]) if breakdowns else None
    return count, unit, breakdown


def choose_period(quarter: str | None, month: str | None, as_of: date, *,
                  unit: str | None = None) -> tuple[Period, str]:
    """--quarter, --month, or the quarter holding the as-of day; for a trend of `unit`
    (month or quarter), the one --quarter or --month names must be one, and by default the
    `unit` holding the as-of day. A bad value is exit 2."""
    from abmctl.engine import windows
    from abmctl.errors import AbmctlError

    if quarter is not None and month is not None:
        raise AbmctlError("give --quarter or --month, not both")
    given = "--quarter" if quarter is not None else "--month" if month is not None else None
    if unit is not None and given is not None and given != f"--{unit}":
        raise AbmctlError(f"--by {unit} does not go with {given}: {given} names the trend's "
                          f"last period, a {given.removeprefix('--')}")
    if quarter is not None:
        found = _QUARTER.fullmatch(quarter.strip())
        label = f"{found[1]}Q{found[2]}" if found else ""
        _within_years("--quarter", quarter, label)
        period = _period(windows.quarter, label)
        if period is None:
            raise AbmctlError(f"--quarter: {quarter!r} is not a quarter; use YYYYQn, e.g. 2026Q4")
        return period, label
    if month is not None:
        found = _MONTH.fullmatch(month.strip())
        label = found[0] if found else ""
        _within_years("--month", month, label)
        period = _period(windows.month, label)
        if period is None:
            raise AbmctlError(f"--month: {month!r} is not a month; use YYYY-MM, e.g. 2026-11")
        return period, label
    period = windows.period_of(as_of, "month" if unit == "month" else "quarter")
    return period, windows.label_of(period)


def _within_years(option: str, given: str, label: str) -> None:
    """A period in a year no date of the registry can be in is refused as such (`0001-01`,
    `9999Q4`): the years every date is read in."""
    from abmctl.errors import AbmctlError
    from abmctl.model.base import FIRST_YEAR, LAST_YEAR

    if label and not FIRST_YEAR <= int(label[:4]) <= LAST_YEAR:
        raise AbmctlError(f"{option}: {given!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")


def _period(parse: Callable[[str], Period], label: str) -> Period | None:
    """The period `label` names, or None (year 0 and 10000 are not dates either)."""
    if not label:
        return None
    try:
        return parse(label)
    except (ValueError, OverflowError):
        return None
