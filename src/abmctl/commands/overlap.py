"""`abmctl overlap`: conflicts between teams as of a date, for the bi-weekly overlap review."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, cast

import typer

from abmctl.commands.options import (
    RegistryOptions,
    fail_on_option,
    format_option,
    registry_options,
)

if TYPE_CHECKING:
    from abmctl.commands.options import Loaded
    from abmctl.engine.activity import Activity
    from abmctl.findings import Severity
    from abmctl.overlap.groups import OverlapReport


def register(app: typer.Typer) -> None:
    @app.command("overlap")
    @registry_options
    def _command(
        opts: RegistryOptions,
        fmt: Annotated[str, format_option("overlap")] = "text",
        fail_on: Annotated[str, fail_on_option("a conflict")] = "error",
        every: Annotated[bool, typer.Option(
            "--all", help="List each conflict; by default conflicts alike on one account "
            "(same rule, teams, plays, who decides) are shown once, the latest, with a "
            "count.")] = False,
    ) -> None:
        """Conflicts between teams (the ABM6xx rules), each with who decides and the default
        resolution: ABM orchestrates, the region executes, the stage owner decides."""
        from abmctl.commands.options import load
        from abmctl.findings import at_or_above
        from abmctl.output import formats

        report = overlap_report(load(opts), every=every)
        out = opts.destination()
        out.write(formats.render("overlap", fmt, report, out.view(fmt)))
        out.warn(report.run_info)
        if at_or_above(report.conflicts, cast("Severity", fail_on)):
            raise typer.Exit(1)


def overlap_report(run: Loaded, *, every: bool = False) -> OverlapReport:
    """`abmctl overlap`'s report of a load: its conflicts, and its notes on what it could not
    check (no activity files, rows that matched no account)."""
    from abmctl.overlap.conflicts import checked_activity, find_conflicts
    from abmctl.overlap.groups import OverlapReport

    activity = checked_activity(run.activity)
    notes = [_no_activity_note()] if activity is None else _activity_notes(activity)
    conflicts = find_conflicts(run.reg, activity, run.as_of, each=every)
    return OverlapReport(conflicts, run.as_of, notes, run.run_info, every=every)


def _activity_notes(activity: Activity) -> list[str]:
    notes = []
    if not activity.by_account:  # (not .rows: that sorts every row)
        notes.append(f"the activity files ({', '.join(activity.files)}) hold no rows for list "
                     f"accounts: {_overlap_codes(needs_activity=True)} had nothing to check")
    if activity.unmatched:
        notes.append(f"{activity.unmatched} activity row(s) matched no list account")
    return notes


def _no_activity_note() -> str:
    return (f"no activity files (give --signals or add registry/signals/): ran "
            f"{_overlap_codes(needs_activity=False)} only; {_overlap_codes(needs_activity=True)} "
            "need touches and signals")


def _overlap_codes(needs_activity: bool) -> str:
    """The overlap rules that do (or do not) need activity, as the catalogue declares them:
    `ABM601 and ABM602`, `ABM603-ABM606`."""
    from abmctl.catalogue import catalogue

    codes = [rule.code for rule in catalogue(["overlap"]).values()
             if rule.needs_activity == needs_activity]
    return " and ".join(codes) if len(codes) <= 2 else f"{codes[0]}-{codes[-1]}"
