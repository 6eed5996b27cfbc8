"""`abmctl overlap`: conflicts between teams as of a date, for the bi-weekly overlap review."""

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
    from collections.abc import Iterable
    from datetime import date

    from abmctl.engine.activity import Activity
    from abmctl.findings import Finding, Severity

FORMATS = ("text", "json", "markdown", "github")
FAIL_LEVELS = ("error", "warning", "info")


def register(app: typer.Typer) -> None:
    @app.command("overlap")
    def _command(
        root: RootOption = None,
        as_of: AsOfOption = None,
        signals: SignalsOption = None,
        signals_format: SignalsFormatOption = "canonical",
        signals_map: SignalsMapOption = None,
        date_format: DateFormatOption = None,
        strict: StrictOption = False,
        fmt: Annotated[str, typer.Option(
            "--format", help="text | json | markdown (the overlap-review agenda) | github "
            "(workflow annotations).", metavar="FORMAT")] = "text",
        fail_on: Annotated[str, typer.Option(
            "--fail-on", help="Exit 1 when a conflict is at or above this severity: error | "
            "warning | info.", metavar="LEVEL")] = "error",
    ) -> None:
        """Conflicts between teams (the ABM6xx rules), each with who decides and the default
        resolution (seed 000 Rule 3)."""
        import gc

        from abmctl.catalogue.base import Context
        from abmctl.catalogue.runner import run_rules
        from abmctl.commands.options import open_registry, parse_date, read_activity, require_clean
        from abmctl.findings import at_or_above

        chosen = _choice("--format", fmt, FORMATS)
        level: Severity = _choice("--fail-on", fail_on, FAIL_LEVELS)  # type: ignore[assignment]
        day = parse_date(as_of)
        reg = open_registry(root)
        require_clean(reg, Context(as_of=day))
        activity = read_activity(reg, signals, signals_format, signals_map, date_format, strict)
        # the registry and a million activity rows live to the end of the run: moved out of
        # the collector's reach, they are not rescanned every time the rules allocate
        gc.freeze()
        if activity is not None and not activity.files:
            activity = None  # an empty registry/signals/ folder
        notes = [_no_activity_note()] if activity is None else _activity_notes(activity)
        conflicts = run_rules(reg, Context(as_of=day, activity=activity), ["overlap"])
        _write(_render(conflicts, chosen, day, notes))
        if at_or_above(conflicts, level):
            raise typer.Exit(1)


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


def _choice(option: str, value: str, allowed: tuple[str, ...]) -> str:
    from abmctl.errors import AbmctlError

    if value.lower() not in allowed:
        raise AbmctlError(f"{option}: {value!r} is not one of {', '.join(allowed)}")
    return value.lower()


def _render(conflicts: list[Finding], fmt: str, as_of: date, notes: list[str]) -> Iterable[str]:
    """The report in pieces, in order (the markdown agenda in one piece)."""
    from abmctl.commands.options import terminal
    from abmctl.overlap import render_github as overlap_github
    from abmctl.overlap import render_json as overlap_json
    from abmctl.overlap import render_markdown as overlap_markdown
    from abmctl.overlap import render_text as overlap_text

    if fmt == "json":
        return overlap_json.json_pieces(conflicts, as_of, notes)
    if fmt == "markdown":
        return [overlap_markdown.render_markdown(conflicts, as_of, notes)]
    if fmt == "github":
        return overlap_github.github_lines(conflicts, notes)
    color, width = terminal()
    return overlap_text.text_lines(conflicts, as_of, notes, color=color, width=width)


def _write(pieces: Iterable[str], block: int = 2000) -> None:
    """Print the report `block` pieces at a time: 150,000 conflicts are 100 MB of JSON, and
    the whole text plus its encoded copy at once would add 200 MB to the run's peak memory."""
    batch: list[str] = []
    for piece in pieces:
        batch.append(piece)
        if len(batch) == block:
            typer.echo("".join(batch), nl=False, color=True)  # coloured only if asked
            batch.clear()
    typer.echo("".join(batch), nl=False, color=True)
