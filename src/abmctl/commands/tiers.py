"""`abmctl tiers plan | apply | diff`: the tier review as code."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Annotated, cast

import typer

from abmctl.commands.options import (
    AsOfOption,
    OutputOption,
    QuietOption,
    RegistryOptions,
    RootOption,
    fail_on_option,
    format_option,
    registry_input_options,
    registry_options,
    whole_number,
)
from abmctl.output.escape import terminal
from abmctl.output.text import plural

if TYPE_CHECKING:
    from datetime import date

    from abmctl.engine.activity import Activity
    from abmctl.findings import Severity
    from abmctl.load.gitrev import AccountTier, Repo, Unread
    from abmctl.registry import Registry
    from abmctl.tiers.diff import TierDiff
    from abmctl.tiers.plan import Plan
    from abmctl.tiers.verdict import BasePlans

tiers_app = typer.Typer(
    name="tiers",
    help="Plan, apply and review tier changes: thresholds with hysteresis, capacity, and the "
    "review window (tiers change on a cadence, never mid-cycle).",
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
    from abmctl.output import formats

    plan, _ = _make_plan(opts)
    out = opts.destination()
    out.write(formats.render("plan", fmt, plan, out.view(fmt)))
    out.warn(plan.run_info)


@tiers_app.command("apply")
@registry_input_options
def apply_command(
    opts: RegistryOptions,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="Print the diff it would write; "
                                          "write nothing.")] = False,
    force: Annotated[bool, typer.Option("--force", help="Apply a bulk plan: one that moves "
                                        "more than 30% of a tier (at least 3 moves out of or "
                                        "into it) or of the list (at least 10 moves).")] = False,
    yes: Annotated[bool, typer.Option("--yes", "-y", help="Do not ask for confirmation at a "
                                      "terminal (without a terminal it never asks).")] = False,
) -> None:
    """Write the plan into the account files (`tier`, `tier_since`), changing nothing else;
    only inside an open review window, only on a registry that loads cleanly. At a terminal
    it lists the changes and asks first (answering no, or nothing, writes nothing: exit 1)."""
    from abmctl.output.file_diff import render_diff
    from abmctl.tiers.writing import TierEdit, prepare, write_all

    plan, reg = _make_plan(opts, refuse=True)
    edits = [TierEdit(m.path, m.line, m.account, m.from_tier, m.to_tier, plan.as_of)
             for m in plan.writes if m.to_tier is not None]
    refusal = _refusal(plan, force)
    if dry_run:  # the same checks and exit code as the real thing, after the diff
        changes = prepare(reg.root, edits)
        typer.echo(render_diff(changes), nl=False)
        _refuse(refusal, " (dry run: nothing written)")
        _say(f"Dry run: would write {plural(len(edits), 'tier change')} in "
             f"{plural(len(changes), 'file')}; nothing written.", err=True)
        _report_leaving(plan)
        return
    _refuse(refusal)
    if not edits:
        _say(f"No tier changes to write as of {plan.as_of}.")
        _report_leaving(plan)
        return
    changes = prepare(reg.root, edits)
    if not yes:
        _confirm(plan)
    write_all(changes)
    _report_applied(plan, len(changes))
    if plan.held:
        _say(f"{plural(len(plan.held), 'move')} held by capacity, owners or stale activity "
             "(see `abmctl tiers plan`).")
    _report_leaving(plan)


@tiers_app.command("diff")
@registry_options
def diff_command(
    base: Annotated[str, typer.Argument(help="The revision the change starts from, e.g. "
                                        "origin/main.", metavar="BASE")],
    opts: RegistryOptions,
    head: Annotated[str | None, typer.Argument(help="The revision to review (default: the "
                                               "working tree).", metavar="HEAD")] = None,
    fmt: Annotated[str, format_option("diff")] = "text",
    fail_on: Annotated[str, fail_on_option("a finding")] = "error",
) -> None:
    """Tier changes between two git revisions (for pull-request review), each checked with
    the ABM2xx rules as of --as-of: a tier_since outside a review window is ABM205, a tier
    changed without its tier_since is ABM208, a change the plan at BASE (as of the new
    tier_since) does not propose is ABM209. Markdown prints nothing when no tier changed."""
    from abmctl.findings import at_or_above
    from abmctl.load import gitrev
    from abmctl.load.registry_files import load_registry
    from abmctl.load.root import find_root
    from abmctl.output import formats

    day = opts.day()
    repo = gitrev.open_repo(find_root(opts.root))
    commit = gitrev.resolve(repo, base)
    at = gitrev.account_tiers_at(repo, commit)  # a base file that does not load: left out
    side = _Base(base, commit, repo, at.tiers, at.unread)
    if head is None:
        diff = _diff(side, "working tree", load_registry(repo.root), day, opts)
    else:
        with gitrev.registry_at(repo, gitrev.resolve(repo, head)) as reg:
            diff = _diff(side, head, reg, day, opts)
    out = opts.destination()
    out.write(formats.render("diff", fmt, diff, out.view(fmt)))
    out.warn(diff.run_info)
    if at_or_above(diff.findings, cast("Severity", fail_on)):
        raise typer.Exit(1)


def _make_plan(opts: RegistryOptions, refuse: bool = False) -> tuple[Plan, Registry]:
    """The plan on what loads; `refuse` (apply): ABM001-ABM003 errors stop it (exit 2)."""
    from dataclasses import replace

    from abmctl.commands.options import load
    from abmctl.tiers.plan import make_plan

    run = load(opts, refuse=refuse)
    ctx = run.context()
    plan = make_plan(run.reg, ctx.intent, run.as_of, stale=ctx.stale)
    return replace(plan, run_info=run.run_info), run.reg


@dataclass(frozen=True, slots=True)
class _Base:
    """The base side of a diff: its name, commit and repository, and each account's tier."""

    label: str
    commit: str
    repo: Repo
    tiers: dict[str, AccountTier]
    unread: tuple[Unread, ...] = ()  # its account files that do not load


def _diff(base: _Base, head_label: str, reg: Registry, day: date,
          opts: RegistryOptions) -> TierDiff:
    from dataclasses import replace

    from abmctl.commands.options import (
        build_context,
        on_what_loads,
        read_activity,
        sources_of,
    )
    from abmctl.tiers.diff import compare, head_tiers, left_out_at_base, make_diff

    reg, info = on_what_loads(reg, strict=opts.strict)
    if opts.strict and base.unread:  # --strict: a record left out at BASE exits 2 too
        from abmctl.errors import AbmctlError
        from abmctl.output.run_info import RunInfo, left_out, warn

        at_base = RunInfo(left_out_at_base(base.label, base.unread))
        warn(at_base)
        raise AbmctlError(f"--strict: left out what does not load, {left_out(at_base)}")
    ctx = build_context(reg, day, read_activity(reg, opts))
    # the plan at the base is needed only for accounts that were on the list there
    moved = any(c.kind != "added" for c in compare(base.tiers, head_tiers(reg)))
    plans = _base_plans(base, opts, reg, ctx.activity, tree=head_label == "working tree") \
        if moved else None
    diff = make_diff(base.label, head_label, base.tiers, reg, ctx, plans=plans,
                     base_unread=base.unread)
    return replace(diff, run_info=replace(info, sources=sources_of(ctx.activity), excluded=(
        *info.excluded, *diff.run_info.excluded)))


def _base_plans(base: _Base, opts: RegistryOptions, head: Registry,
                head_activity: Activity | None, *, tree: bool) -> BasePlans:
    """The registry at the base and the activity its plans read: the base's own
    `registry/signals/` when git keeps it, else the working tree's, plus --signals. Activity
    the head already read is not read twice: when the head is the working tree and git keeps
    no exports, or when the base's exports and the accounts they match are the head's own."""
    from dataclasses import replace

    from abmctl.commands.options import read_activity
    from abmctl.load import gitrev
    from abmctl.tiers.verdict import BasePlans

    with gitrev.registry_at(base.repo, base.commit) as reg:
        kept = (reg.root / "registry" / "signals").is_dir()
        if (kept or tree) and _reads_alike(reg, head):
            activity = head_activity
        elif kept:
            activity = read_activity(reg, opts)
        else:  # the base's accounts, with the working tree's exports
            activity = read_activity(replace(reg, root=base.repo.root), opts)
    return BasePlans(base.label, reg, activity)


def _reads_alike(base: Registry, head: Registry) -> bool:
    """Would reading activity for `base` give what was read for `head`: the same files in
    registry/signals/ (or none at the base, whose plan then reads the working tree's), and
    the same accounts matched by the same domains?"""
    from abmctl.load.gitrev import same_tree

    if {a.id for a in base.accounts} != {a.id for a in head.accounts}:
        return False
    if base.domains.owners != head.domains.owners:
        return False
    folder = "registry/signals"
    return not (base.root / folder).is_dir() or same_tree(base.root / folder,
                                                          head.root / folder)


def _refusal(plan: Plan, force: bool) -> str | None:
    """Why `apply` must not write now (exit 1), or None."""
    from abmctl.tiers.plan import BULK_SHARE

    window = plan.window
    if not plan.is_open:
        # tier changes happen on the review cadence, not mid-cycle
        return (f"the review window is closed (it ran {window.start} to {window.end}); the "
                f"next opens on {window.next_start}; tier changes land only inside a window")
    bulk = plan.bulk()
    if bulk and not force:
        return (f"a bulk plan ({'; '.join(map(str, bulk))}); moving more than "
                f"{BULK_SHARE:.0%} of a tier or of the list at once needs --force (check the "
                "activity it read with `abmctl tiers plan` first)")
    return None


def _confirm(plan: Plan) -> None:
    """At a terminal, list what will be written and ask; no terminal (CI, a pipe): no
    question, as with --yes. Anything but yes writes nothing (exit 1)."""
    import sys

    from abmctl.errors import AbmctlError

    if not sys.stdin.isatty():
        return
    typer.echo(f"tier_since: {plan.as_of}")
    for move in plan.writes:
        typer.echo(terminal(f"  {move.account}: tier {move.from_tier} → {move.to_tier}  "
                            f"({move.path}:{move.line})"))
    question = (f"Apply {plural(len(plan.writes), 'tier change')} to "
                f"{plural(len(plan.files), 'file')}?")
    try:
        agreed = typer.confirm(question, default=False)
    except typer.Abort:  # end of input or Ctrl-C at the question
        agreed = False
        typer.echo("")
    if not agreed:
        raise AbmctlError("tiers apply: not confirmed; nothing written", exit_code=1)


def _refuse(refusal: str | None, note: str = "") -> None:
    from abmctl.errors import AbmctlError

    if refusal is not None:
        raise AbmctlError(f"tiers apply refused: {refusal}{note}", exit_code=1)


def _report_applied(plan: Plan, files: int) -> None:
    _say(f"Applied {plural(len(plan.writes), 'tier change')} in {plural(files, 'file')} "
         f"(tier_since: {plan.as_of}).")
    for move in plan.writes:
        _say(terminal(f"  {move.account}: tier {move.from_tier} → {move.to_tier}  "
                      f"({move.path}:{move.line})"))


def _report_leaving(plan: Plan) -> None:
    if not plan.leaving:
        return
    # removing an account from the list is left to a person
    count = len(plan.leaving)
    verb = "fails its keep thresholds and leaves" if count == 1 else \
        "fail their keep thresholds and leave"
    _say(f"{plural(count, 'account')} {verb} the list for demand gen; remove by hand:")
    for move in plan.leaving:
        _say(terminal(f"  {move.account} (tier {move.from_tier}, {move.path}:{move.line}): "
                      f"{move.reason}"))
    for load, holds in plan.full_until_removed():
        _say(f"Until then tier {load.tier} holds {holds} accounts, over its max_accounts of "
             f"{load.max_accounts}: the promotions into it took the seats of those leaving "
             "(lint reports ABM202 until they are removed).")


def _say(text: str, err: bool = False) -> None:
    """A line of prose, wrapped to the terminal's width under itself (a listed line's
    continuation two spaces past its own indent); on stderr, the run's own `note`."""
    from abmctl.output.terminal import note, width
    from abmctl.output.text import wrap_listed

    if err:
        note(text)
        return
    typer.echo("\n".join(wrap_listed(text, width())))


@tiers_app.command("history")
def history_command(
    by: Annotated[str, typer.Option("--by", help="The review period: month or quarter "
                                    "(calendar quarters).", metavar="PERIOD")] = "quarter",
    periods: Annotated[int, typer.Option("--periods", help="How many periods, the last "
                                         "holding --as-of (at most 36).", metavar="N",
                                         parser=whole_number("--periods"))] = 4,
    account: Annotated[str | None, typer.Option("--account", help="Only this account's tier "
                                                "changes, every one git has.",
                                                metavar="ID")] = None,
    fmt: Annotated[str, format_option("history")] = "text",
    root: RootOption = None,
    as_of: AsOfOption = None,
    output: OutputOption = None,
    quiet: QuietOption = False,
) -> None:
    """Tier moves and sizes over time, from git. Per month or quarter: the accounts
    promoted, demoted, added and removed, and each tier's size at the period's end against
    its max_accounts; or one account's changes (--account), each with its date, commit,
    author and subject. Reads the commits of HEAD's first-parent line, not the working
    tree."""
    from abmctl.commands.options import RegistryOptions, one_of, period_count
    from abmctl.engine.windows import PeriodUnit
    from abmctl.errors import AbmctlError
    from abmctl.load.root import find_root
    from abmctl.output import formats
    from abmctl.tiers.history import report

    unit = cast("PeriodUnit", one_of("--by", by, ("month", "quarter")))
    period_count(periods)
    opts = RegistryOptions(root=root, as_of=as_of, output=output, quiet=quiet)
    found = report(find_root(opts.root), by=unit, periods=periods, as_of=opts.day(),
                   account=account)
    if account is not None and not (found.events or found.notes or found.shallow):
        raise AbmctlError(f"no account {account!r} in any commit of registry/accounts/ (ids "
                          "are matched exactly)")
    out = opts.destination()
    out.write(formats.render("history", fmt, found, out.view(fmt)))
    for note in found.notes:
        out.note(terminal(f"note: {note}"))
