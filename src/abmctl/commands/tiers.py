"""`abmctl tiers plan | apply | diff`: the tier review as code (SPEC §3.1, seed 000 Rule 1)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, cast

import typer

from abmctl.commands.options import (
    RegistryOptions,
    fail_on_option,
    format_option,
    registry_options,
)
from abmctl.output.escape import terminal, terminal_block
from abmctl.output.text import plural

if TYPE_CHECKING:
    from datetime import date

    from abmctl.findings import Severity
    from abmctl.load.gitrev import AccountTier
    from abmctl.registry import Registry
    from abmctl.tiers.diff import TierDiff
    from abmctl.tiers.plan import Plan

tiers_app = typer.Typer(
    name="tiers",
    help="Plan, apply and review tier changes: thresholds with hysteresis, capacity, and the "
    "review window (seed 000 Rule 1: tiers change on a cadence, never mid-cycle).",
    no_args_is_help=True,
)


def register(app: typer.Typer) -> None:
    app.add_typer(tiers_app, name="tiers")


@tiers_app.command("plan")
@registry_options
def plan_command(
    opts: RegistryOptions,
    fmt: Annotated[str, format_option("plan")] = "text",
) -> None:
    """Propose promotions and demotions as of a date: thresholds, hysteresis, capacity per
    tier and per AE, and where the review window stands."""
    from abmctl.output import formats, run_info, terminal

    plan, _ = _make_plan(opts)
    terminal.write(formats.render("plan", fmt, plan, terminal.view(fmt)))
    run_info.warn(plan.run_info)


@tiers_app.command("apply")
@registry_options
def apply_command(
    opts: RegistryOptions,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the diff it would write; "
                                          "write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Apply even when the plan moves more "
                                        "than 30% of a tier of 10+ accounts.")] = False,
) -> None:
    """Write the plan into the account files (`tier`, `tier_since`), changing nothing else;
    only inside an open review window, only on a registry that loads cleanly."""
    from abmctl.tiers.writing import TierEdit, prepare, write_all

    plan, reg = _make_plan(opts, refuse=True)
    edits = [TierEdit(m.path, m.line, m.account, m.from_tier, m.to_tier, plan.as_of)
             for m in plan.writes if m.to_tier is not None]
    refusal = _refusal(plan, reg, force)
    if dry_run:  # the same checks and exit code as the real thing, after the diff
        changes = prepare(reg.root, edits)
        typer.echo(terminal_block("".join(change.unified_diff() + "\n" for change in changes)),
                   nl=False)
        _refuse(refusal, " (dry run: nothing written)")
        typer.echo(f"Dry run: would write {plural(len(edits), 'tier change')} in "
                   f"{plural(len(changes), 'file')}; nothing written.", err=True)
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
        typer.echo(f"{plural(len(plan.held), 'promotion')} held by capacity or owners "
                   "(see `abmctl tiers plan`).")
    _report_leaving(plan)


@tiers_app.command("diff")
@registry_options
def diff_command(
    base: Annotated[str, typer.Argument(help="The revision the change starts from, e.g. "
                                        "origin/main.", metavar="BASE")],
    opts: RegistryOptions,
    head: Annotated[str | None, typer.Argument(help="The revision to review (default: the "
                                               "working tree).", metavar="[HEAD]")] = None,
    fmt: Annotated[str, format_option("diff")] = "text",
    fail_on: Annotated[str, fail_on_option("a finding")] = "error",
) -> None:
    """Tier changes between two git revisions (for pull-request review), each checked with
    the ABM2xx rules as of --as-of: a tier_since outside a review window is ABM205, a tier
    changed without its tier_since is ABM208."""
    from abmctl.findings import at_or_above
    from abmctl.load import gitrev
    from abmctl.load.registry_files import load_registry
    from abmctl.load.root import find_root
    from abmctl.output import formats, run_info, terminal

    day = opts.day()
    repo = gitrev.open_repo(find_root(opts.root))
    base_tiers = gitrev.account_tiers_at(repo, gitrev.resolve(repo, base))
    if head is None:
        diff = _diff(base, "working tree", base_tiers, load_registry(repo.root), day, opts)
    else:
        with gitrev.registry_at(repo, gitrev.resolve(repo, head)) as reg:
            diff = _diff(base, head, base_tiers, reg, day, opts)
    terminal.write(formats.render("diff", fmt, diff, terminal.view(fmt)))
    run_info.warn(diff.run_info)
    if at_or_above(diff.findings, cast("Severity", fail_on)):
        raise typer.Exit(1)


def _make_plan(opts: RegistryOptions, refuse: bool = False) -> tuple[Plan, Registry]:
    """The plan on what loads; `refuse` (apply): ABM001-ABM003 errors stop it (exit 2)."""
    from dataclasses import replace

    from abmctl.commands.options import load
    from abmctl.tiers.plan import make_plan

    run = load(opts, refuse=refuse)
    plan = make_plan(run.reg, run.context().intent, run.as_of)
    return replace(plan, run_info=run.run_info), run.reg


def _diff(
    base_label: str, head_label: str, base_tiers: dict[str, AccountTier], reg: Registry,
    day: date, opts: RegistryOptions,
) -> TierDiff:
    from dataclasses import replace

    from abmctl.commands.options import build_context, on_what_loads, read_activity
    from abmctl.tiers.diff import make_diff

    reg, info = on_what_loads(reg, strict=opts.strict)
    ctx = build_context(reg, day, read_activity(reg, opts))
    return replace(make_diff(base_label, head_label, base_tiers, reg, ctx), run_info=info)


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
    typer.echo(f"Applied {plural(len(plan.writes), 'tier change')} in {plural(files, 'file')} "
               f"(tier_since: {plan.as_of}).")
    for move in plan.writes:
        typer.echo(terminal(f"  {move.account}: tier {move.from_tier} → {move.to_tier}  "
                            f"({move.path}:{move.line})"))


def _report_leaving(plan: Plan) -> None:
    if not plan.leaving:
        return
    # SPEC §3.1: removing an account from the list is left to a person
    count = len(plan.leaving)
    verb = "fails its keep thresholds and leaves" if count == 1 else \
        "fail their keep thresholds and leave"
    typer.echo(f"{plural(count, 'account')} {verb} the list for demand gen; remove by hand:")
    for move in plan.leaving:
        typer.echo(terminal(f"  {move.account} (tier {move.from_tier}, {move.path}:{move.line}): "
                            f"{move.reason}"))
