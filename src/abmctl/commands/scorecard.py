"""`abmctl scorecard`: the shared metrics for a quarter or a month, with health."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, Annotated

import typer

from abmctl.commands.options import RegistryOptions, format_option, registry_options

if TYPE_CHECKING:
    from collections.abc import Callable
    from datetime import date

    from abmctl.engine.windows import Period

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
        fmt: Annotated[str, format_option("scorecard")] = "text",
    ) -> None:
        """The scorecard sales and marketing share: Tier 1 engagement, joint coverage,
        handoff follow-up, penetration and agreement cadence, green/yellow/red."""
        from dataclasses import replace

        from abmctl.commands.options import load
        from abmctl.output import formats
        from abmctl.scorecard.metrics import build_scorecard

        period, label = choose_period(quarter, month, opts.day())
        run = load(opts)
        activity = run.activity
        if activity is not None and not activity.files:
            activity = None  # an empty registry/signals/ folder
        card = replace(build_scorecard(run.reg, activity, period, run.as_of, label),
                       run_info=run.run_info)
        out = opts.destination()
        out.write(formats.render("scorecard", fmt, card, out.view(fmt)))
        out.warn(card.run_info)


def choose_period(quarter: str | None, month: str | None, as_of: date) -> tuple[Period, str]:
    """--quarter, --month, or the quarter holding the as-of day; a bad value is exit 2."""
    from abmctl.engine import windows
    from abmctl.errors import AbmctlError

    if quarter is not None and month is not None:
        raise AbmctlError("give --quarter or --month, not both")
    if quarter is not None:
        found = _QUARTER.fullmatch(quarter.strip())
        label = f"{found[1]}Q{found[2]}" if found else ""
        period = _period(windows.quarter, label)
        if period is None:
            raise AbmctlError(f"--quarter: {quarter!r} is not a quarter; use YYYYQn, e.g. 2026Q4")
        return period, label
    if month is not None:
        found = _MONTH.fullmatch(month.strip())
        label = found[0] if found else ""
        period = _period(windows.month, label)
        if period is None:
            raise AbmctlError(f"--month: {month!r} is not a month; use YYYY-MM, e.g. 2026-11")
        return period, label
    period = windows.quarter_of(as_of)
    return period, f"{as_of.year}Q{(as_of.month - 1) // 3 + 1}"


def _period(parse: Callable[[str], Period], label: str) -> Period | None:
    """The period `label` names, or None (year 0 and 10000 are not dates either)."""
    if not label:
        return None
    try:
        return parse(label)
    except (ValueError, OverflowError):
        return None
