"""`abmctl report --html DIR`: a static, self-contained site of the program: the handoff queue,
the overlap agenda, the scorecard, the tiers, the list's health and a page per account."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from abmctl.commands.options import RegistryOptions, registry_input_options


def register(app: typer.Typer) -> None:
    @app.command("report")
    @registry_input_options
    def _command(
        opts: RegistryOptions,
        html: Annotated[Path, typer.Option(
            "--html", help="Write the site into this folder: a new or empty one, or one "
            "abmctl wrote before (its pages are replaced; other files are left alone).",
            metavar="DIR", file_okay=False)],
        quiet: Annotated[bool, typer.Option(
            "--quiet", "-q", help="Print nothing but errors.")] = False,
    ) -> None:
        """Write the program as a static site: open DIR/index.html in a browser (no server,
        nothing fetched), or publish DIR from CI. Needs the extra: pip install
        'abmctl[report]'."""
        from dataclasses import replace

        from abmctl import __version__
        from abmctl.output import run_info
        from abmctl.output.escape import terminal
        from abmctl.report.charts import require_library
        from abmctl.report.html import Site
        from abmctl.report.pages import write_site_pages
        from abmctl.report.site import gather
        from abmctl.report.write import write_site

        require_library()  # before the registry is read: the install line at once
        reports = gather(replace(opts, quiet=quiet))  # --quiet: no notes on reading either
        site = Site(reports.as_of, __version__)
        written = write_site(html, lambda folder: write_site_pages(reports, site, folder))
        if not quiet:
            run_info.warn(reports.handoffs.run_info)
            typer.echo(terminal(f"Wrote {written:,} pages to {html}; open "
                                f"{html / 'index.html'}"))
