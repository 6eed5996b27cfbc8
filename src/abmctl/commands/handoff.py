"""`abmctl handoff`: accounts whose stage or owner should change now, routed by tier, each with
its handoff packet."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated

import typer

from abmctl.commands.options import (
    RegistryOptions,
    format_option,
    registry_options,
    whole_number,
)

if TYPE_CHECKING:
    from abmctl.registry import Registry


def register(app: typer.Typer) -> None:
    @app.command("handoff")
    @registry_options
    def _command(
        opts: RegistryOptions,
        since: Annotated[str | None, typer.Option(
            "--since", help="Only transitions whose crossing or meeting is on or after this "
            "date (YYYY-MM-DD).", metavar="DATE")] = None,
        tier: Annotated[list[int] | None, typer.Option(
            "--tier", help="Only accounts of this tier (repeatable).", metavar="N",
            parser=whole_number("--tier"))] = None,
        owner: Annotated[str | None, typer.Option(
            "--owner", help="Only handoffs routed to or alerting this person (a person id).",
            metavar="PERSON")] = None,
        fmt: Annotated[str, format_option("handoff")] = "text",
        details: Annotated[bool, typer.Option(
            "--details", help="Show each account's handoff packet (text, markdown).")] = False,
        history: Annotated[str, typer.Option(
            "--history", help="History entries each packet carries: the last N, or all "
            "(the JSON's engagement_history_left_out counts the rest).",
            metavar="N|all")] = "10",
    ) -> None:
        """Accounts to hand over now: to_engagement (the signal threshold crossed), to_active
        (a meeting booked), hot (the AE calls within the SLA); routed by tier, most urgent
        first, each with the packet marketing hands sales."""
        from dataclasses import replace

        from abmctl.commands.options import load, parse_date
        from abmctl.handoff.report import handoff_report
        from abmctl.output import formats

        as_of = opts.day()  # a bad --as-of is named before a bad --since
        first = parse_date(since, "--since") if since is not None else None
        if first is not None and first > as_of:
            from abmctl.errors import AbmctlError

            raise AbmctlError(f"--since: {first} is after the as-of day {as_of}: nothing is "
                              "known after it, so no handoff could be listed")
        kept = _history(history)
        run = load(opts, check=lambda reg: _check_filters(reg, tier or [], owner))
        report = handoff_report(run.reg, run.activity, run.as_of, since=first,
                                tiers=set(tier or []), owner=owner,
                                packets=fmt not in ("text", "csv") or details, history=kept)
        report = replace(report, run_info=run.run_info)
        del run  # the rows, half a million-row run's memory: the report holds its own
        out = opts.destination()
        out.write(formats.render("handoff", fmt, report, out.view(fmt, details=details)))
        out.warn(report.run_info)


def _history(text: str) -> int | None:
    """`--history`: a count of entries, or `all` (None)."""
    from abmctl.errors import AbmctlError

    value = text.strip().lower()
    if value == "all":
        return None
    if not value.isdigit():
        raise AbmctlError(f"--history: {text!r} is not a number of entries or 'all'")
    return int(value)


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
