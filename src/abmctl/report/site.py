"""What the report shows, gathered once: each command's own report, made by the function that
command calls, from one load of the registry and one read of the activity.

Nothing here counts, rates or judges anything itself: the handoffs are `handoff_report`'s,
the conflicts the overlap command's, the scorecard `build_scorecard`'s and its trend
`scorecard.trend.trend`'s (as `scorecard --trend`), the tier plan `make_plan`'s, the tier
history `tiers.history.report`'s (as `tiers history`), the findings `abmctl lint`'s, and each
account's page `explain.Explainer`'s (as `abmctl explain`), which is handed the reports made
here rather than making them again. The pages only lay them out (and tally a report's own
items for a chart: handoffs per territory, findings per code).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from abmctl.commands.options import Loaded, RegistryOptions
    from abmctl.explain.explainer import Explainer
    from abmctl.handoff.report import HandoffReport
    from abmctl.output.findings import FindingsReport
    from abmctl.overlap.groups import OverlapReport
    from abmctl.registry import Registry
    from abmctl.scorecard.metrics import Scorecard
    from abmctl.scorecard.trend import Trend
    from abmctl.tiers.history import History as TierHistory
    from abmctl.tiers.history import HistoryReport
    from abmctl.tiers.plan import Plan

TREND_PERIODS = 6  # `scorecard --trend`'s default: the last six months
HISTORY_QUARTERS = 4  # `tiers history`'s default: the last four quarters


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
    trend: Trend  # `abmctl scorecard --trend` (the last six months)
    history: HistoryReport | None  # `abmctl tiers history`; None: no git history to read
    history_note: str | None  # why there is no history (not a git repository, ...)
    explainer: Explainer  # `abmctl explain ACCOUNT`, for every account
    stale: str | None = None  # why the activity is stale (the rule context's), or None


def gather(opts: RegistryOptions) -> Reports:
    """Load once and make each report as its command does. `abmctl lint` reads the registry
    as it is, the other reports what loads of it: when everything loads the two are the same
    registry, and the activity is read once."""
    from abmctl import parallel
    from abmctl.commands.options import Loaded, load, read_activity
    from abmctl.load.root import find_root
    from abmctl.output.run_info import RunInfo

    history = parallel.beside(_history, find_root(opts.root), opts.day())  # git, beside the rest
    try:
        run = load(opts)
        if run.run_info.excluded:  # lint sees the records the reports leave out
            from abmctl.commands.options import open_registry

            raw = open_registry(opts.root)
            lint_run = Loaded(raw, run.as_of, read_activity(raw, opts, clean=False), RunInfo())
        else:
            lint_run = run
        return _reports(run, lint_run, history)
    except BaseException:
        parallel.settle([history])  # no child left waiting to be read
        raise


def _reports(run: Loaded, lint_run: Loaded,
             history_of: Callable[[], tuple[HistoryReport | None, str | None,
                                            TierHistory | None]]) -> Reports:
    """The six-month trend started in a child, then the rest."""
    from abmctl import parallel
    from abmctl.commands.scorecard import choose_period
    from abmctl.overlap.conflicts import checked_activity
    from abmctl.scorecard.trend import trend

    last, _ = choose_period(None, None, run.as_of, unit="month")
    activity = checked_activity(run.activity)
    months_of = parallel.beside(trend, run.reg, activity, run.as_of, last=last,
                               periods=TREND_PERIODS, unit="month")
    try:
        return _the_rest(run, lint_run, history_of, months_of)
    except BaseException:
        parallel.settle([months_of])
        raise


def _the_rest(run: Loaded, lint_run: Loaded,
              history_of: Callable[[], tuple[HistoryReport | None, str | None,
                                             TierHistory | None]],
              months_of: Callable[[], Trend]) -> Reports:
    """The reports made here while the children make the trend and read git."""
    from dataclasses import replace

    from abmctl.commands.lint import lint_findings
    from abmctl.commands.overlap import overlap_report
    from abmctl.commands.scorecard import choose_period
    from abmctl.explain.explainer import Explainer, Known
    from abmctl.handoff.report import handoff_report
    from abmctl.output.findings import findings_report
    from abmctl.overlap.conflicts import checked_activity
    from abmctl.scorecard.metrics import build_scorecard
    from abmctl.tiers.plan import make_plan

    activity = checked_activity(run.activity)
    context = run.context()
    lint_context = context if lint_run is run else lint_run.context()
    found = lint_findings(lint_run.reg, lint_context)
    lint = findings_report(found, lint_run.as_of, len(lint_run.reg.files))
    handoffs = replace(handoff_report(run.reg, run.activity, run.as_of, packets=False),
                       run_info=run.run_info)
    overlap = overlap_report(run)
    period, label = choose_period(None, None, run.as_of)
    card = replace(build_scorecard(run.reg, activity, period, run.as_of, label),
                   run_info=run.run_info)
    plan = replace(make_plan(run.reg, context.intent, run.as_of, stale=context.stale),
                   run_info=run.run_info)
    months = replace(months_of(), run_info=run.run_info)
    history, note, read = history_of()
    explainer = Explainer(run.reg, run.activity, run.as_of, context=context,
                          run_info=run.run_info, known=Known(
                              plan=plan, handoffs=handoffs.handoffs,
                              conflicts=overlap.conflicts,
                              findings=found if lint_run is run else None, history=read))
    return Reports(run.reg, run.as_of, handoffs, overlap, card, plan, lint, months, history,
                   note, explainer, context.stale)


def _history(root: Path, as_of: date,
             ) -> tuple[HistoryReport | None, str | None, TierHistory | None]:
    """`tiers history`'s report of the last four quarters, and the read it rests on; outside
    git (or without git) the reason instead: the other pages do not need it."""
    from abmctl.errors import AbmctlError
    from abmctl.tiers.history import read_history, report

    try:
        read = read_history(root, command="report")
    except AbmctlError as error:
        return None, error.message, None
    found = report(root, by="quarter", periods=HISTORY_QUARTERS, as_of=as_of, read=read)
    return found, None, read
