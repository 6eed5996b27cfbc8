"""`abmctl handoff`: accounts whose stage or owner should change now, routed by tier, each with
its handoff packet (SPEC §2.4, seed 002)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from abmctl.commands.options import (
    AsOfOption,
    DateFormatOption,
    RootOption,
    SignalsFormatOption,
    SignalsMapOption,
    SignalsOption,
    StrictOption,
)

if TYPE_CHECKING:
    from collections.abc import Iterator

    from abmctl.handoff.report import HandoffReport
    from abmctl.registry import Registry

FORMATS = ("text", "json", "markdown")


def register(app: typer.Typer) -> None:
    @app.command("handoff")
    def _command(
        root: RootOption = None,
        as_of: AsOfOption = None,
        since: Annotated[str | None, typer.Option(
            "--since", help="Only transitions whose crossing or meeting is on or after this "
            "date (YYYY-MM-DD).", metavar="DATE")] = None,
        tier: Annotated[list[int] | None, typer.Option(
            "--tier", help="Only accounts of this tier (repeatable).", metavar="N")] = None,
        owner: Annotated[str | None, typer.Option(
            "--owner", help="Only handoffs routed to or alerting this person (a person id).",
            metavar="PERSON")] = None,
        fmt: Annotated[str, typer.Option(
            "--format", help="text | json | markdown.", metavar="FORMAT")] = "text",
        details: Annotated[bool, typer.Option(
            "--details", help="Show each account's handoff packet (text, markdown).")] = False,
        signals: SignalsOption = None,
        signals_format: SignalsFormatOption = "canonical",
        signals_map: SignalsMapOption = None,
        date_format: DateFormatOption = None,
        strict: StrictOption = False,
    ) -> None:
        """Accounts to hand over now: to_engagement (the signal threshold crossed), to_active
        (a meeting booked), hot (the AE calls within the SLA); routed by tier, most urgent
        first, each with the packet marketing hands sales."""
        from abmctl.catalogue.base import Context
        from abmctl.commands.options import open_registry, parse_date, read_activity, require_clean
        from abmctl.handoff.report import handoff_report
        from abmctl.load.activity_reader import collector_paused

        chosen = _format(fmt)
        day = parse_date(as_of)
        first = parse_date(since, "--since") if since is not None else None
        with collector_paused():  # a million rows, no reference cycles (see load.activity)
            reg = open_registry(root)
            require_clean(reg, Context(as_of=day))
            _check_filters(reg, tier or [], owner)
            activity = read_activity(reg, signals, signals_format, signals_map, date_format,
                                     strict)
            report = handoff_report(reg, activity, day, since=first, tiers=set(tier or []),
                                    owner=owner, packets=chosen != "text" or details)
            del activity  # the rows, half a million-row run's memory: the report holds its own
            # echo keeps what the renderer wrote: it coloured only if `terminal()` said so
            # (and so JSON, with no ANSI codes, is not scanned for them: 150 MB take 0.1 s)
            for chunk in _render(report, chosen, details):
                typer.echo(chunk, nl=False, color=True)


def _format(value: str) -> str:
    from abmctl.errors import AbmctlError

    if value.lower() not in FORMATS:
        raise AbmctlError(f"--format: {value!r} is not one of {', '.join(FORMATS)}")
    return value.lower()


def _check_filters(reg: Registry, tiers: list[int], owner: str | None) -> None:
    """A typo in --owner or --tier must not look like 'nothing to hand off'."""
    import difflib

    from abmctl.errors import AbmctlError

    known_tiers = sorted({t.id for t in reg.settings.tiers.tiers} | {a.tier for a in reg.accounts})
    unknown = [t for t in tiers if t not in known_tiers]
    if unknown:
        raise AbmctlError(f"--tier: no tier {unknown[0]}; tiers are "
                          f"{', '.join(map(str, known_tiers))}")
    if owner is not None and owner not in reg.person_by_id:
        close = difflib.get_close_matches(owner, list(reg.person_by_id), n=3)
        hint = f"; did you mean {' or '.join(close)}?" if close else ""
        raise AbmctlError(f"--owner: no person {owner!r} in registry/teams.yaml{hint}")


def _render(report: HandoffReport, fmt: str, details: bool) -> Iterator[str]:
    from abmctl.commands.options import terminal
    from abmctl.handoff import render_json as handoff_json
    from abmctl.handoff import render_markdown as handoff_markdown
    from abmctl.handoff import render_text as handoff_text

    if fmt == "json":
        yield from handoff_json.json_chunks(report)  # large: written as it is made
    elif fmt == "markdown":
        yield handoff_markdown.render_markdown(report, details=details)
    else:
        color, width = terminal()
        yield handoff_text.render_text(report, details=details, color=color, width=width)
