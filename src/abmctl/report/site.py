"""What the report shows, gathered once: each command's own report, made by the function that
command calls, from one load of the registry and one read of the activity.

Nothing here counts, rates or judges anything itself: the handoffs are `handoff_report`'s,
the conflicts the overlap command's, the scorecard `build_scorecard`'s, the tier plan
`make_plan`'s, the findings `abmctl lint`'s. The pages only lay them out (and tally a
report's own items for a chart: breached handoffs per tier, findings per code).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from abmctl.commands.options import Loaded, RegistryOptions
    from abmctl.findings import Finding
    from abmctl.handoff.report import Handoff, HandoffReport
    from abmctl.output.findings import FindingsReport
    from abmctl.overlap.groups import OverlapReport
    from abmctl.registry import Registry
    from abmctl.scorecard.metrics import Scorecard
    from abmctl.tiers.plan import Plan


@dataclass(frozen=True, slots=True)
class Reports:
    """Every report the site shows, as of one date."""

    reg: Registry
    as_of: date
    handoffs: HandoffReport  # `abmctl handoff`
    overlap: OverlapReport  # `abmctl overlap`
    scorecard: Scorecard  # `abmctl scorecard` (the quarter holding the as-of day)
    plan: Plan  # `abmctl tiers plan`
    lint: FindingsReport  # `abmctl lint`
    by_account: dict[str, AccountItems] = field(default_factory=dict)


@dataclass(slots=True)
class AccountItems:
    """One account's share of the reports: its handoffs, conflicts and findings."""

    handoffs: list[Handoff] = field(default_factory=list)
    conflicts: list[Finding] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def gather(opts: RegistryOptions) -> Reports:
    """Load once and make each report as its command does. `abmctl lint` reads the registry
    as it is, the other reports what loads of it: when everything loads the two are the same
    registry, and the activity is read once."""
    from abmctl.commands.options import Loaded, load, read_activity
    from abmctl.output.run_info import RunInfo

    run = load(opts)
    if run.run_info.excluded:  # lint sees the records the reports leave out
        from abmctl.commands.options import open_registry

        raw = open_registry(opts.root)
        lint_run = Loaded(raw, run.as_of, read_activity(raw, opts, clean=False), RunInfo())
    else:
        lint_run = run
    return _reports(run, lint_run)


def _reports(run: Loaded, lint_run: Loaded) -> Reports:
    from dataclasses import replace

    from abmctl.commands.lint import lint_findings
    from abmctl.commands.scorecard import choose_period
    from abmctl.handoff.report import handoff_report
    from abmctl.output.findings import findings_report
    from abmctl.overlap.conflicts import checked_activity
    from abmctl.scorecard.metrics import build_scorecard
    from abmctl.tiers.plan import make_plan

    context = run.context()
    lint_context = context if lint_run is run else lint_run.context()
    lint = findings_report(lint_findings(lint_run.reg, lint_context), lint_run.as_of,
                           len(lint_run.reg.files))
    handoffs = replace(handoff_report(run.reg, run.activity, run.as_of, packets=False),
                       run_info=run.run_info)
    overlap = _overlap(run)
    period, label = choose_period(None, None, run.as_of)
    card = replace(build_scorecard(run.reg, checked_activity(run.activity), period, run.as_of,
                                   label), run_info=run.run_info)
    plan = replace(make_plan(run.reg, context.intent, run.as_of, stale=context.stale),
                   run_info=run.run_info)
    reports = Reports(run.reg, run.as_of, handoffs, overlap, card, plan, lint)
    _share_out(reports)
    return reports


def _overlap(run: Loaded) -> OverlapReport:
    """`abmctl overlap`'s report: its conflicts, and its notes on what it could not check."""
    from abmctl.commands import overlap as command
    from abmctl.overlap.conflicts import checked_activity, find_conflicts
    from abmctl.overlap.groups import OverlapReport

    activity = checked_activity(run.activity)
    notes = ([command._no_activity_note()] if activity is None
             else command._activity_notes(activity))
    return OverlapReport(find_conflicts(run.reg, activity, run.as_of), run.as_of, notes,
                         run.run_info)


def _share_out(reports: Reports) -> None:
    """Each account's handoffs, conflicts and findings, for its page."""
    items = reports.by_account
    for account in reports.reg.accounts:
        items[account.id] = AccountItems()
    for handoff in reports.handoffs.handoffs:
        items[handoff.account.id].handoffs.append(handoff)
    _add(items, reports.overlap.conflicts, "conflicts")
    _add(items, reports.lint.findings, "findings")


def _add(items: dict[str, AccountItems], found: Sequence[Finding], where: str) -> None:
    for finding in found:
        if finding.account is not None and finding.account in items:
            getattr(items[finding.account], where).append(finding)
