"""`Explainer`: built once per run from the loaded registry and activity, then `.explain(id)`
for each account asked about.

Each section asks the home of its fact, once per run, and indexes the answer by account: the
tier plan (`tiers.plan.make_plan` on `engine.signals.intent_scores`, as `tiers plan` makes it),
the handoffs (`handoff.report.handoffs`, as `abmctl handoff`), the conflicts
(`overlap.conflicts.find_conflicts`, as `abmctl overlap`), the lint findings
(`commands.lint.lint_findings`, as `abmctl lint`) and the tier history (`tiers.history`).
Nothing is computed before a section is first asked for, and `accounts` (the ids a run will
explain) lets the one account of `abmctl explain` skip what concerns only the others: its own
timeline, handoffs, conflicts, tier history and plan move (`tiers.plan.planned_move`: the
whole plan only when the account would be promoted).
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import TYPE_CHECKING

from abmctl.explain.explanation import (
    Conflict,
    Criteria,
    Explanation,
    History,
    Intent,
    Owner,
    Ownership,
    Tiering,
    Verdict,
)
from abmctl.output.run_info import RunInfo

if TYPE_CHECKING:
    from abmctl.catalogue.base import Context
    from abmctl.engine.activity import Activity
    from abmctl.engine.owners import Owners
    from abmctl.engine.windows import Window
    from abmctl.findings import Finding
    from abmctl.handoff.report import Handoff
    from abmctl.model.accounts import Account
    from abmctl.model.settings import TierDef
    from abmctl.registry import Registry
    from abmctl.tiers.history import History as TierHistory
    from abmctl.tiers.history import TierEvent
    from abmctl.tiers.plan import Move, Plan

_NO_RUN_INFO = RunInfo()


@dataclass(frozen=True, slots=True)
class Known:
    """What the caller already made for this run, by the same functions on the same registry,
    activity and date (`abmctl report` makes each report once): the Explainer indexes it
    instead of computing it again. None: the Explainer makes it when first asked."""

    plan: Plan | None = None  # tiers.plan.make_plan on the context's intent
    handoffs: Sequence[Handoff] | None = None  # handoff.report.handoffs, every account
    conflicts: Sequence[Finding] | None = None  # overlap.conflicts.find_conflicts, every account
    findings: Sequence[Finding] | None = None  # commands.lint.lint_findings
    history: TierHistory | None = None  # tiers.history.read_history of the whole list
    # explain.history.account_history of a few accounts, each perhaps still being read (a
    # future's `result`): `abmctl explain` has git read it while the activity is read
    histories: Mapping[str, Callable[[], History]] | None = None
    # catalogue.runner.registry_rules of commands.lint.LINT_FAMILIES, perhaps still being made
    # (`abmctl explain` has a child process make them while the activity is read)
    rules_made: Callable[[], Mapping[str, list[Finding]]] | None = None


_NOTHING_KNOWN = Known()


class Explainer:
    """The run's facts about every account, computed once, explained one account at a time."""

    def __init__(self, reg: Registry, activity: Activity | None, as_of: date, *,
                 context: Context | None = None, run_info: RunInfo = _NO_RUN_INFO,
                 accounts: Collection[str] | None = None, known: Known = _NOTHING_KNOWN,
                 ) -> None:
        """`context`: the rule context the caller already built (`build_context`), else one is
        built; `accounts`: the ids this run will explain (None: any, e.g. every page of a
        report); `known`: the reports the caller already made (`Known`)."""
        self.reg = reg
        self.activity = activity
        self.as_of = as_of
        self.run_info = run_info
        self._context = context
        self._accounts = None if accounts is None else frozenset(accounts)
        self._known = known

    @cached_property
    def context(self) -> Context:
        """Each account's intent (the plan's numbers) and whether the activity is stale."""
        from abmctl.commands.options import build_context

        if self._context is not None:
            return self._context
        return build_context(self.reg, self.as_of, self.activity)

    @cached_property
    def plan(self) -> Plan:
        """The tier plan as `tiers plan` makes it."""
        from abmctl.tiers.plan import make_plan

        if self._known.plan is not None:
            return self._known.plan
        ctx = self.context
        return make_plan(self.reg, ctx.intent, self.as_of, stale=ctx.stale)

    def _move_of(self, account: Account) -> tuple[Move, bool] | None:
        """The account's move in the plan and whether it is held (None: no move): for a run
        that explains a few accounts, the plan's move of that one account
        (`tiers.plan.planned_move`: the whole plan only for a promotion)."""
        from abmctl.tiers.plan import planned_move

        if (self._known.plan is None and self._accounts is not None
                and account.id in self._accounts
                and len(self.reg.account_by_id) == len(self.reg.accounts)):  # ids unique
            ctx = self.context
            return planned_move(self.reg, account, ctx.intent, self.as_of, stale=ctx.stale)
        return self._moves.get(account.id)

    @cached_property
    def _window(self) -> tuple[Window, bool]:
        """The plan's review window (without making the plan), and whether it is open."""
        from abmctl.tiers.plan import review_window

        window = review_window(self.reg, self.as_of)
        return window, window.is_open(self.as_of)

    @cached_property
    def _moves(self) -> dict[str, tuple[Move, bool]]:
        """Each account's move in the plan, and whether it is held."""
        found = {m.account: (m, False) for m in self.plan.changes}
        found.update((m.account, (m, True)) for m in self.plan.held)
        return found

    @cached_property
    def _tiers(self) -> list[TierDef]:
        return self.reg.settings.tiers.best_first()

    @cached_property
    def _owners(self) -> Owners:
        from abmctl.engine.owners import Owners

        return Owners(self.reg)

    @cached_property
    def _handoffs(self) -> dict[str, list[Handoff]]:
        """Each account's handoffs as `abmctl handoff` reports them (no packets)."""
        from abmctl.handoff.report import handoffs

        made = self._known.handoffs
        if made is None:
            made = handoffs(self.reg, self.activity, self.as_of, packets=False,
                            accounts=self._accounts or ())
        found: dict[str, list[Handoff]] = {}
        for handoff in made:
            found.setdefault(handoff.account.id, []).append(handoff)
        return found

    @cached_property
    def _conflicts(self) -> dict[str, list[Conflict]]:
        """Each account's conflicts as `abmctl overlap` lists them: repeats as the latest."""
        from abmctl.overlap.conflicts import find_conflicts
        from abmctl.overlap.groups import NO_ACCOUNT, by_account

        found = self._known.conflicts
        if found is None:
            found = find_conflicts(self.reg, self.activity, self.as_of,
                                   accounts=self._accounts or ())
        return {account: [Conflict(item.conflict, item.alike) for item in listed]
                for account, listed in by_account(found) if account != NO_ACCOUNT}

    @cached_property
    def _findings(self) -> dict[str, list[Finding]]:
        """The lint findings about each account: those naming it, and those on its record."""
        from abmctl.commands.lint import lint_findings

        # each file's accounts by their first line, made when first needed (an account's line
        # indexes its file: only the files findings name are)
        starts: dict[str, dict[int, str]] = {}
        found: dict[str, list[Finding]] = {}
        made = self._known.findings
        if made is None:
            made = lint_findings(self.reg, self.context, made=self._rules_made())
        for item in made:
            account = item.account
            if account is None and item.path is not None and item.line is not None:
                spans = self.reg.spans.get(item.path)
                start = spans.record_start(item.line) if spans is not None else None
                if start is not None and item.path not in starts:
                    starts[item.path] = {a.line: a.id for a in self.reg.accounts
                                         if a.path == item.path}
                account = starts[item.path].get(start) if start is not None else None
            if account is not None:
                found.setdefault(account, []).append(item)
        return found

    def _rules_made(self) -> Mapping[str, list[Finding]] | None:
        """The findings of the registry rules the caller had made (`Known.rules_made`); None
        when there are none, or when making them failed (a child process killed, say): lint
        then makes them here, and the failure costs time, not the run."""
        rules_made = self._known.rules_made
        if rules_made is None:
            return None
        try:
            return rules_made()
        except Exception:  # noqa: BLE001 - a fault of the rules themselves comes back here
            return None

    @cached_property
    def _history(self) -> tuple[dict[str, tuple[TierEvent, ...]], TierHistory | str]:
        """The whole list's tier history, read once (a run that explains many accounts)."""
        from abmctl.explain.history import whole_history

        return whole_history(self.reg.root, self._known.history)

    def history(self, account_id: str) -> History:
        """The account's tier changes from git: its own commits when this run explains a few
        accounts, else its part of the whole list's history; with the notes of the read (no
        git repository: why)."""
        from abmctl.explain.history import account_history, notes_of

        reading = self._known.histories
        if reading is not None and account_id in reading:
            return reading[account_id]()
        if self._accounts is not None and account_id in self._accounts:
            return account_history(self.reg.root, account_id)
        events, read = self._history
        changes = events.get(account_id, ())
        return History(changes, notes_of(read, account_id, bool(changes)))

    def explain(self, account_id: str) -> Explanation:
        """The account's explanation (KeyError: no such account on the list)."""
        account = self.reg.account_by_id[account_id]
        return Explanation(
            as_of=self.as_of, account=account, tiering=self.tiering(account),
            intent=self.intent(account), ownership=self.ownership(account),
            handoffs=tuple(self._handoffs.get(account_id, ())),
            conflicts=tuple(self._conflicts.get(account_id, ())),
            findings=tuple(self._findings.get(account_id, ())),
            history=self.history(account_id), run_info=self.run_info,
        )

    def tiering(self, account: Account) -> Tiering:
        """The standing the plan reads against the tier's keep and the promote of the tier the
        plan's target promotes it to (`engine.standing.promotion`), else the next tier up's."""
        from abmctl.engine.standing import check, promotion, standing_of

        tiers = self._tiers
        current = next((t for t in tiers if t.id == account.tier), None)
        above = [t for t in tiers if t.id < account.tier]
        standing = standing_of(account, self.context.intent)

        def criteria(tier: TierDef | None, kind: str) -> Criteria | None:
            if tier is None:
                return None
            wanted = tier.keep if kind == "keep" else tier.promote
            return Criteria(tier.id, tier.name, "keep" if kind == "keep" else "promote",
                            tuple(check(wanted, standing)))

        bar = promotion(current, standing, tiers) if current is not None else None
        if bar is None and above:
            bar = above[-1]
        return Tiering(account.tier, current.name if current is not None else None, standing,
                       criteria(current, "keep"), criteria(bar, "promote"),
                       self.verdict(account, current is not None))

    def verdict(self, account: Account, known_tier: bool) -> Verdict:
        """What the plan proposes for the account, holds, or (no move) why it leaves it."""
        from abmctl.engine.motion import on_motion

        window = self._window
        moved = self._move_of(account)
        if moved is not None:
            move, held = moved
            return Verdict("held" if held else move.kind, move, move.reason, *window)
        if not known_tier:
            return Verdict("unknown_tier", None, f"tier {account.tier} is not defined in "
                           "rules/tiers.yaml (ABM003): the plan does not judge it", *window)
        if not on_motion(account):
            return Verdict("off_motion", None, f"stage {account.stage} is off the motion: "
                           "the plan moves no tier of it", *window)
        return Verdict("stays", None, "keeps its tier's keep thresholds and meets no higher "
                       "tier's promote", *window)

    def intent(self, account: Account) -> Intent:
        """How the plan's intent for the account adds up."""
        from abmctl.engine.signals import (
            intent_from_activity,
            intent_sum,
            lookback,
            qualifying_signals,
        )

        rules = self.reg.settings.signals
        since, until = lookback(rules, self.as_of)
        score = self.context.intent.get(account.id, 0)
        recorded = account.scores.intent
        rows = self.activity.by_account.get(account.id) if self.activity is not None else None
        if rows and intent_from_activity(rows, self.as_of):
            added = intent_sum(qualifying_signals(rows, rules, since=since), rules, self.as_of)
            return Intent("activity", score, since, until, added, recorded)
        return Intent("scores.intent" if recorded is not None else "none", score, since, until,
                      None, recorded)

    def ownership(self, account: Account) -> Ownership:
        """The stage, the owners named, and who decides at this stage."""
        from abmctl.engine.motion import on_motion
        from abmctl.engine.timeline import meeting_at, timeline_of

        line = timeline_of(self.activity, account.id, self.as_of)
        meeting = meeting_at(account, line, self.as_of)
        owners = self._owners
        people = self.reg.person_by_id
        named = tuple(
            Owner(role, person, people[person].name if person in people else None,
                  people[person].team if person in people else None)
            for role, person in account.owners.items())
        decides = owners.decides(account, meeting is not None)
        return Ownership(account.stage, account.stage_since, on_motion(account), named,
                         decides, owners.team_of(decides), meeting)
