"""`abmctl accounts import | export`: the target account list and the CRM."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from abmctl.commands.options import (
    AsOfOption,
    OutputOption,
    QuietOption,
    RootOption,
    format_option,
    one_of,
)
from abmctl.output.escape import terminal
from abmctl.output.terminal import note
from abmctl.output.text import plural

if TYPE_CHECKING:
    from abmctl.crm.changes import ChangeSet
    from abmctl.findings import Finding
    from abmctl.output.destination import Destination

accounts_app = typer.Typer(
    name="accounts",
    help="The target account list and the CRM: import accounts from a Salesforce or HubSpot "
    "export; export tiers, stages and owners for the CRM's importer.",
    no_args_is_help=True,
)
CRMS = ("salesforce", "hubspot", "csv")


def register(app: typer.Typer) -> None:
    app.add_typer(accounts_app, name="accounts")


@accounts_app.command("import")
def import_command(
    file: Annotated[Path, typer.Argument(help="The CRM's account export (CSV).",
                                         metavar="FILE", dir_okay=False)],
    root: RootOption = None,
    as_of: AsOfOption = None,
    source: Annotated[str, typer.Option(
        "--from", help=f"The export's layout: {', '.join(CRMS)} (docs/crm.md).",
        metavar="CRM", parser=lambda v: one_of("--from", v, CRMS))] = "csv",
    map_file: Annotated[Path | None, typer.Option(
        "--map", help="YAML column map for a layout of its own (with --from csv).",
        metavar="FILE", dir_okay=False)] = None,
    into: Annotated[Path | None, typer.Option(
        "--into", help="The accounts file new accounts go into, e.g. "
        "registry/accounts/crm.yaml (created if missing; read from the registry root).",
        metavar="FILE", dir_okay=False)] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the change set; write "
                                          "nothing.")] = False,
    fmt: Annotated[str, format_option("import")] = "text",
    output: OutputOption = None,
    quiet: QuietOption = False,
    force: Annotated[bool, typer.Option("--force", help="Write a bulk change: the name, "
                                        "domain, region or owner of more than 30% of the "
                                        "list's accounts (at least 10).")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation at a "
                                      "terminal (without a terminal it never asks).")] = False,
    strict: Annotated[bool, typer.Option("--strict", help="Exit 2 if any row had to be "
                                         "skipped.")] = False,
) -> None:
    """Add the export's new accounts at the lowest tier and bring the matched ones' name,
    domains, region, CRM ids and owner up to date, changing nothing else in the files. Rows
    match by CRM id, then domain; a match by name only is reported, never merged. Nothing is
    removed. The result must pass lint, or nothing is written (exit 1)."""
    from abmctl.catalogue.base import Context
    from abmctl.commands.options import open_registry, parse_date, require_clean
    from abmctl.crm import importing
    from abmctl.errors import AbmctlError
    from abmctl.output import formats
    from abmctl.output.destination import Destination

    day = parse_date(as_of)
    reg = open_registry(root)
    require_clean(reg, Context(as_of=day))
    layout = importing.layout_of(source, map_file)
    planned = importing.plan(reg, file, file.as_posix(), layout,
                             importing.into_rel(reg, into), day)
    changes = planned.changes
    out = Destination(output, quiet)
    _report_skipped(changes, out)
    if strict and changes.skipped:
        raise AbmctlError(f"--strict: {plural(len(changes.skipped), 'row')} skipped; nothing "
                          "written")
    if dry_run:
        out.write(formats.render("import", fmt, changes, out.view(fmt)))
    errors = importing.refusal(reg, planned.files, day)
    bulk = importing.bulk(reg, changes)
    unwritten = " (dry run: nothing written)" if dry_run else "; nothing written"
    if errors:
        _refuse_findings(errors, unwritten)
    if bulk and not force:
        raise AbmctlError(f"accounts import refused: a bulk change: {bulk}; check the export "
                          f"and --from with --dry-run, then use --force{unwritten}", exit_code=1)
    if dry_run or changes.empty:
        if not dry_run:
            out.write(formats.render("import", fmt, changes, out.view(fmt)))
        return
    if not yes:
        _confirm(changes)
    from abmctl.tiers.writing import write_all

    write_all(planned.files)
    out.write(formats.render("import", fmt, changes, out.view(fmt)))
    out.note(f"Wrote {plural(len(changes.new), 'new account')} and "
         f"{plural(len(changes.changed), 'account update')} in "
         f"{plural(len(planned.files), 'file')}.")


def _report_skipped(changes: ChangeSet, out: Destination) -> None:
    for skipped in changes.skipped[:50]:
        out.note(terminal(f"{skipped}: row skipped"))
    if len(changes.skipped) > 50:
        out.note(f"... and {len(changes.skipped) - 50} more skipped rows")


def _refuse_findings(errors: list[Finding], unwritten: str) -> None:
    from abmctl.errors import AbmctlError

    for item in errors[:20]:
        note(terminal(f"{item.where}: {item.code} {item.message}"))
    more = f" (and {len(errors) - 20} more)" if len(errors) > 20 else ""
    raise AbmctlError(f"accounts import refused: the registry would not pass lint: "
                      f"{plural(len(errors), 'new error')}{more}{unwritten}", exit_code=1)


def _confirm(changes: ChangeSet) -> None:
    """At a terminal, ask first; no terminal (CI, a pipe): no question, as with --yes."""
    import sys

    from abmctl.errors import AbmctlError

    if not sys.stdin.isatty():
        return
    question = (f"Add {plural(len(changes.new), 'new account')} and update "
                f"{plural(len(changes.changed), 'account')}?")
    try:
        agreed = typer.confirm(question, default=False)
    except typer.Abort:
        agreed = False
        typer.echo("")
    if not agreed:
        raise AbmctlError("accounts import: not confirmed; nothing written", exit_code=1)


@accounts_app.command("export")
def export_command(
    root: RootOption = None,
    target: Annotated[str, typer.Option(
        "--to", help=f"The importer the CSV is for: {', '.join(CRMS)} (columns: "
        "rules/crm.yaml, docs/crm.md).", metavar="CRM",
        parser=lambda v: one_of("--to", v, CRMS))] = "csv",
    changed_since: Annotated[str | None, typer.Option(
        "--changed-since", help="Only the accounts whose tier, stage or owners changed since "
        "this git revision (e.g. HEAD~1, origin/main).", metavar="REV")] = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """The CSV a CRM's importer takes: one row per account, keyed as its importer matches
    records (Salesforce Data Loader upsert by Id; HubSpot by Record ID), with the tier in the
    CRM's field and value (HubSpot: hs_ideal_customer_profile, tier_1..tier_3)."""
    from abmctl.commands.options import on_what_loads, open_registry
    from abmctl.crm.export import export_rows
    from abmctl.output.destination import Destination

    # a rules/crm.yaml that does not load stops the export (its defaults would go to the CRM);
    # a record that does not load is left out and named
    reg, info = on_what_loads(open_registry(root), strict=False)
    out = Destination(output, quiet)
    out.warn(info)
    report = export_rows(reg, target, changed_since)
    out.write(report.text)
    for line in report.notes:
        out.note(terminal(line))
