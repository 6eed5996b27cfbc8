"""`abmctl tiers plan | apply | diff`: the tier review as code (SPEC §3.1, seed 000 Rule 1)."""

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
    from datetime import date
    from pathlib import Path

    from abmctl.findings import Severity
    from abmctl.load.gitrev import AccountTier
    from abmctl.registry import Registry
    from abmctl.tiers.diff import TierDiff
    from abmctl.tiers.plan import Plan

PLAN_FORMATS = ("text", "json", "markdown")
DIFF_FORMATS = ("text", "json", "markdown", "github")

tiers_app = typer.Typer(
    name="tiers",
    help="Plan, apply and review tier changes: thresholds with hysteresis, capacity, and the "
    "review window (seed 000 Rule 1: tiers change on a cadence, never mid-cycle).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(tiers_app, name="tiers")


@tiers_app.command("plan")
def plan_command(
    root: RootOption = None,
    as_of: AsOfOption = None,
    signals: SignalsOption = None,
    signals_format: SignalsFormatOption = "canonical",
    signals_map: SignalsMapOption = None,
    date_format: DateFormatOption = None,
    strict: StrictOption = False,
    fmt: Annotated[str, typer.Option("--format", help="text | json | markdown.",
                                     metavar="FORMAT")] = "text",
) -> None:
    """Propose promotions and demotions as of a date: thresholds, hysteresis, capacity per
    tier and per AE, and where the review window stands."""
    fmt = _choose(fmt, PLAN_FORMATS)
    plan, _ = _make_plan(root, as_of, signals, signals_format, signals_map, date_format, strict)
    typer.echo(_render_plan(plan, fmt), nl=False, color=True)  # coloured only if asked


@tiers_app.command("apply")
def apply_command(
    root: RootOption = None,
    as_of: AsOfOption = None,
    signals: SignalsOption = None,
    signals_format: SignalsFormatOption = "canonical",
    signals_map: SignalsMapOption = None,
    date_format: DateFormatOption = None,
    strict: StrictOption = False,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the diff it would write; "
                                          "write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Apply even when the plan moves more "
                                        "than 30% of a tier of 10+ accounts.")] = False,
) -> None:
    """Write the plan into the account files (`tier`, `tier_since`), changing nothing else;
    only inside an open review window, only on a registry that loads cleanly."""
    from abmctl.tiers.writing import TierEdit, prepare, write_all

    plan, reg = _make_plan(root, as_of, signals, signals_format, signals_map, date_format,
                           strict)
    edits = [TierEdit(m.path, m.line, m.account, m.from_tier, m.to_tier, plan.as_of)
             for m in plan.writes if m.to_tier is not None]
    refusal = _refusal(plan, reg, force)
    if dry_run:  # the same checks and exit code as the real thing, after the diff
        changes = prepare(reg.root, edits)
        typer.echo("".join(change.unified_diff() + "\n" for change in changes), nl=False)
        _refuse(refusal, " (dry run: nothing written)")
        typer.echo(f"Dry run: would write {_n(len(edits), 'tier change')} in "
                   f"{_n(len(changes), 'file')}; nothing written.", err=True)
        _report_leaving(plan)
        return
    _refuse(refusal)
    if not edits:
        typer.echo(f"No tier changes to write as of {plan.as_of}.")
        _report_leaving(plan)
        return
    changes = prepare(reg.root, edits)
    write_all(changes)
    _report_applied(plan, len(changes))
    if plan.held:
        typer.echo(f"{_n(len(plan.held), 'promotion')} held by capacity or owners "
                   "(see `abmctl tiers plan`).")
    _report_leaving(plan)


@tiers_app.command("diff")
def diff_command(
    base: Annotated[str, typer.Argument(help="The revision the change starts from, e.g. "
                                        "origin/main.", metavar="BASE")],
    head: Annotated[str | None, typer.Argument(help="The revision to review (default: the "
                                               "working tree).", metavar="[HEAD]")] = None,
    root: RootOption = None,
    as_of: AsOfOption = None,
    signals: SignalsOption = None,
    signals_format: SignalsFormatOption = "canonical",
    signals_map: SignalsMapOption = None,
    date_format: DateFormatOption = None,
    strict: StrictOption = False,
    fmt: Annotated[str, typer.Option("--format", help="text | json | markdown | github.",
                                     metavar="FORMAT")] = "text",
    fail_on: Annotated[str, typer.Option("--fail-on", help="error | warning: exit 1 on "
                                         "findings at or above this level.")] = "error",
) -> None:
    """Tier changes between two git revisions (for pull-request review), each checked with
    the ABM2xx rules as of --as-of: a tier_since outside a review window is ABM205, a tier
    changed without its tier_since is ABM208."""
    from abmctl.commands.options import parse_date
    from abmctl.findings import at_or_above
    from abmctl.load import gitrev
    from abmctl.load.registry_files import load_registry
    from abmctl.load.root import find_root

    fmt = _choose(fmt, DIFF_FORMATS)
    level: Severity = "warning" if _choose(fail_on, ("error", "warning"), "--fail-on") == \
        "warning" else "error"
    day = parse_date(as_of)
    repo = gitrev.open_repo(find_root(root))
    base_tiers = gitrev.account_tiers_at(repo, gitrev.resolve(repo, base))
    options = (signals, signals_format, signals_map, date_format, strict)
    if head is None:
        diff = _diff(base, "working tree", base_tiers, load_registry(repo.root), day, options)
    else:
        with gitrev.registry_at(repo, gitrev.resolve(repo, head)) as reg:
            diff = _diff(base, head, base_tiers, reg, day, options)
    typer.echo(_render_diff(diff, fmt), nl=False, color=True)
    if at_or_above(diff.findings, level):
        raise typer.Exit(1)


def _make_plan(
    root: Path | None, as_of: str | None, signals: list[Path] | None, signals_format: str,
    signals_map: Path | None, date_format: str | None, strict: bool,
) -> tuple[Plan, Registry]:
    from abmctl.catalogue.base import Context
    from abmctl.commands.options import (
        build_context,
        open_registry,
        parse_date,
        read_activity,
        require_clean,
    )
    from abmctl.tiers.plan import make_plan

    day = parse_date(as_of)
    reg = open_registry(root)
    require_clean(reg, Context(as_of=day))  # SPEC §3.1: ABM001-ABM003 errors stop it (exit 2)
    activity = read_activity(reg, signals, signals_format, signals_map, date_format, strict)
    ctx = build_context(reg, day, activity)
    return make_plan(reg, ctx.intent, day), reg


def _diff(
    base_label: str, head_label: str, base_tiers: dict[str, AccountTier], reg: Registry,
    day: date, options: tuple[list[Path] | None, str, Path | None, str | None, bool],
) -> TierDiff:
    from abmctl.catalogue.runner import registry_errors
    from abmctl.commands.options import build_context, read_activity
    from abmctl.tiers.diff import make_diff

    activity = read_activity(reg, *options)
    ctx = build_context(reg, day, activity)
    load_errors = [f for f in registry_errors(reg, ctx) if f.severity == "error"]
    return make_diff(base_label, head_label, base_tiers, reg, ctx, load_errors)


def _refusal(plan: Plan, reg: Registry, force: bool) -> str | None:
    """Why `apply` must not write now (exit 1), or None."""
    from abmctl.tiers.plan import CHURN_LIMIT, excessive_churn

    window = plan.window
    if not plan.is_open:
        # seed 000 Rule 1: tier changes happen on the review cadence, not mid-cycle
        return (f"the review window is closed (it ran {window.start} to {window.end}); the "
                f"next opens on {window.next_start}; tier changes land only inside a window")
    if not force:
        for churn in excessive_churn(plan, reg):
            return (f"the plan moves {churn.moved} of {churn.size} tier {churn.tier} accounts "
                    f"({churn.share:.0%}) at once; more than {CHURN_LIMIT:.0%} of a tier needs "
                    "--force")
    return None


def _refuse(refusal: str | None, note: str = "") -> None:
    from abmctl.errors import AbmctlError

    if refusal is not None:
        raise AbmctlError(f"tiers apply refused: {refusal}{note}", exit_code=1)


def _report_applied(plan: Plan, files: int) -> None:
    typer.echo(f"Applied {_n(len(plan.writes), 'tier change')} in {_n(files, 'file')} "
               f"(tier_since: {plan.as_of}).")
    for move in plan.writes:
        typer.echo(f"  {move.account}: tier {move.from_tier} → {move.to_tier}  "
                   f"({move.path}:{move.line})")


def _report_leaving(plan: Plan) -> None:
    if not plan.leaving:
        return
    # SPEC §3.1: removing an account from the list is left to a person
    count = len(plan.leaving)
    verb = "fails its keep thresholds and leaves" if count == 1 else \
        "fail their keep thresholds and leave"
    typer.echo(f"{_n(count, 'account')} {verb} the list for demand gen; remove by hand:")
    for move in plan.leaving:
        typer.echo(f"  {move.account} (tier {move.from_tier}, {move.path}:{move.line}): "
                   f"{move.reason}")


def _choose(value: str, allowed: tuple[str, ...], option: str = "--format") -> str:
    from abmctl.errors import AbmctlError

    chosen = value.strip().lower()
    if chosen not in allowed:
        raise AbmctlError(f"{option}: {value!r} is not one of {', '.join(allowed)}")
    return chosen


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def _terminal() -> tuple[bool, int]:
    from abmctl.commands.options import terminal

    return terminal()


def _render_plan(plan: Plan, fmt: str) -> str:
    # each formatter imported only when chosen (the text one brings rich)
    if fmt == "json":
        from abmctl.tiers.render_plan_json import render_json

        return render_json(plan)
    if fmt == "markdown":
        from abmctl.tiers.render_plan_markdown import render_markdown

        return render_markdown(plan)
    from abmctl.tiers.render_plan_text import render_text

    color, width = _terminal()
    return render_text(plan, color=color, width=width)


def _render_diff(diff: TierDiff, fmt: str) -> str:
    if fmt == "json":
        from abmctl.tiers.render_diff_json import render_json

        return render_json(diff)
    if fmt == "markdown":
        from abmctl.tiers.render_diff_markdown import render_markdown

        return render_markdown(diff)
    if fmt == "github":
        from abmctl.output.findings import render

        return render(list(diff.findings), "github", diff.as_of)
    from abmctl.tiers.render_diff_text import render_text

    color, width = _terminal()
    return render_text(diff, color=color, width=width)
