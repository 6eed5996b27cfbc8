"""`abmctl signals`: the activity sources as a run would read them, to check an export before
trusting it."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from abmctl.commands.options import RegistryOptions, format_option, registry_options

if TYPE_CHECKING:
    from abmctl.registry import Registry
    from abmctl.sources.report import SourcesReport


def register(app: typer.Typer) -> None:
    @app.command("signals")
    @registry_options
    def _command(
        opts: RegistryOptions,
        unmatched: Annotated[bool, typer.Option(
            "--unmatched", help="List the account values no list account matched, most rows "
            "first, each with the closest list account.")] = False,
        skipped: Annotated[bool, typer.Option(
            "--skipped", help="List the skipped rows: file:line and why.")] = False,
        fmt: Annotated[str, format_option("signals")] = "text",
    ) -> None:
        """The activity sources a run reads (registry/signals/ and every --signals): per file
        its layout, rows matched, unmatched and skipped, dates and qualifying signals by type;
        whether the activity is fresh."""
        from abmctl.commands.options import load_for_inspection
        from abmctl.errors import AbmctlError
        from abmctl.output import formats
        from abmctl.sources.report import sources_report

        if fmt == "csv" and unmatched and skipped:
            raise AbmctlError("--format csv writes one table: give --unmatched or --skipped, "
                              "not both")
        reg, day, activity = load_for_inspection(opts)
        report = sources_report(reg, activity, day, unmatched=unmatched, skipped=skipped)
        out = opts.destination()
        out.write(formats.render("signals", fmt, report, out.view(fmt)))
        if opts.strict:  # the report first: it shows what --strict refuses
            _refuse_when_strict(report, reg)


def _refuse_when_strict(report: SourcesReport, reg: Registry) -> None:
    """--strict: skipped rows, stale activity or a registry record that does not load exit
    2, as on every command reading them."""
    from abmctl.errors import AbmctlError
    from abmctl.load.left_out import what_loads
    from abmctl.output.run_info import RunInfo, left_out, warn

    _, excluded = what_loads(reg)
    if excluded:
        info = RunInfo(excluded=excluded)
        warn(info)
        raise AbmctlError(f"--strict: left out what does not load, {left_out(info)}")
    skipped = sum(item.summary.skipped for item in report.files)
    if skipped:
        raise AbmctlError(f"--strict: {skipped} activity row(s) skipped")
    if report.freshness is not None and report.freshness.stale:
        raise AbmctlError(f"--strict: {report.freshness.reason}")
