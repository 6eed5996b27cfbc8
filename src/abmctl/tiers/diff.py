"""What a pull request does to the tiers, and what is wrong with it (`tiers diff`).

Pure: the accounts' tiers at the base and the loaded head registry in, a `TierDiff` value out
(changes, the ABM2xx findings of the changed accounts, capacity before and after).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Literal

from abmctl.catalogue.base import Context
from abmctl.engine.windows import Window, window_for
from abmctl.findings import Finding, sort_key
from abmctl.load.gitrev import AccountTier, Unread
from abmctl.output.run_info import Excluded, RunInfo
from abmctl.registry import Registry
from abmctl.tiers.plan import TierLoad, tier_loads
from abmctl.tiers.verdict import BasePlans, Verdict, judge

ChangeKind = Literal["promoted", "demoted", "added", "removed"]
KIND_ORDER: dict[str, int] = {"promoted": 0, "demoted": 1, "added": 2, "removed": 3}


@dataclass(frozen=True, slots=True)
class TierChange:
    """One account whose tier differs between the two revisions (None: not on the list)."""

    account: str
    from_tier: int | None
    to_tier: int | None
    kind: ChangeKind
    path: str
    line: int
    # what the plan at the base says of it, and its scores (tiers/verdict.py)
    verdict: Verdict | None = None


@dataclass(frozen=True, slots=True)
class TierDiff:
    base: str
    head: str
    as_of: date
    window: Window
    changes: tuple[TierChange, ...]
    findings: tuple[Finding, ...]
    capacity: tuple[TierLoad, ...]
    run_info: RunInfo = RunInfo()

    @property
    def is_open(self) -> bool:
        return self.window.is_open(self.as_of)

    def findings_of(self, change: TierChange) -> list[Finding]:
        """The findings about one changed account."""
        return [f for f in self.findings if f.account == change.account]


def head_tiers(reg: Registry) -> dict[str, AccountTier]:
    """The head side of the comparison (the first account of a repeated id, as ABM101 does)."""
    return {
        account.id: AccountTier(account.id, account.tier, account.path, account.line_of("tier"),
                                account.tier_since)
        for account in reversed(reg.accounts)
    }


def change_kind(before: int | None, after: int | None) -> ChangeKind:
    """What moving from tier `before` to tier `after` is (None: off the list): tier 1 is the
    highest, so a smaller tier id is a promotion. The two must differ."""
    if before is None:
        return "added"
    if after is None:
        return "removed"
    return "promoted" if after < before else "demoted"


def compare(base: Mapping[str, AccountTier], head: Mapping[str, AccountTier]) -> list[TierChange]:
    """Promotions, demotions, additions and removals, grouped by kind, then by account id."""
    changes: list[TierChange] = []
    for ident, now in head.items():
        before = base.get(ident)
        if before is None:
            changes.append(TierChange(ident, None, now.tier, "added", now.path, now.line))
        elif before.tier != now.tier:
            changes.append(TierChange(ident, before.tier, now.tier,
                                      change_kind(before.tier, now.tier), now.path, now.line))
    for ident, before in base.items():
        if ident not in head:
            changes.append(TierChange(ident, before.tier, None, "removed", before.path,
                                      before.line))
    return sorted(changes, key=lambda c: (KIND_ORDER[c.kind], c.account))


def make_diff(
    base_label: str,
    head_label: str,
    base: Mapping[str, AccountTier],
    reg: Registry,
    ctx: Context,
    load_errors: Iterable[Finding] = (),
    plans: BasePlans | None = None,
    base_unread: Sequence[Unread] = (),
) -> TierDiff:
    """The diff of `base` against the head registry, each change checked as of `ctx.as_of`
    and asked of the plan at the base (`plans`; None: no change needs it). `base_unread`:
    the base's account files that did not load, left out (the run_info names them)."""
    head = head_tiers(reg)
    # an account whose file or record does not load is not removed: its load error is the
    # finding, and a pull-request comment must not read "15 accounts deleted" for a typo;
    # nor is one added that was in a base file that does not load (a bad merge mended)
    unread_at_base = frozenset().union(*(item.ids for item in base_unread))
    changes = [c for c in compare(base, head)
               if not (c.kind == "removed" and c.account in reg.unloaded_accounts)
               and not (c.kind == "added" and c.account in unread_at_base)]
    verdicts = judge(changes, base, head, plans, reg, ctx.intent, ctx.as_of)
    changes = [replace(c, verdict=verdicts.get(c.account)) for c in changes]
    window = window_for(ctx.as_of, reg.settings.tiers.review)
    made = [*tier_since_kept(base, head, changes), *plan_overrides(base_label, changes)]
    findings = review(reg, ctx, changes, made, load_errors)
    before = Counter(a.tier for a in base.values())
    after = Counter(a.tier for a in reg.accounts)
    capacity = tier_loads(reg.settings.tiers.tiers, before, after)
    return TierDiff(base_label, head_label, ctx.as_of, window, tuple(changes), tuple(findings),
                    capacity, RunInfo(left_out_at_base(base_label, base_unread)))


def left_out_at_base(base_label: str, unread: Iterable[Unread]) -> tuple[Excluded, ...]:
    """The base's account files that did not load, as the run names what it left out."""
    return tuple(Excluded(item.path, item.line, None, item.code,
                          f"at {base_label}: {item.message}") for item in unread)


def review(
    reg: Registry,
    ctx: Context,
    changes: list[TierChange],
    made: Iterable[Finding] = (),
    load_errors: Iterable[Finding] = (),
) -> list[Finding]:
    """The ABM2xx findings about changed accounts, with `made` (the ABM208s only a diff can
    see), after lint.yaml and inline suppressions exactly as `lint` applies them."""
    from abmctl.catalogue.runner import run_rules

    changed = {c.account for c in changes if c.kind != "removed"}
    found = [
        f for f in run_rules(reg, ctx, ["lint"], select=["ABM2"], extra=made)
        if f.account in changed or (f.account is None and changed and f.code.startswith("ABM2"))
    ]
    # a head that does not load cleanly makes the comparison unreliable: say so first
    found += [f for f in load_errors if f.account is None or f.account in changed]
    return sorted(found, key=sort_key)


def tier_since_kept(
    base: Mapping[str, AccountTier], head: Mapping[str, AccountTier], changes: list[TierChange]
) -> list[Finding]:
    """ABM208: a promotion or demotion whose `tier_since` stayed as it was at the base
    (`tier_since` records when the change took effect; ABM205 checks that date)."""
    from abmctl.catalogue.tiers import tier_since_kept as abm208

    found: list[Finding] = []
    for change in changes:
        if change.kind not in ("promoted", "demoted"):
            continue
        since = head[change.account].tier_since
        if since != base[change.account].tier_since:
            continue
        kept = f"stayed {since}" if since is not None else "is missing at both revisions"
        message = (f"{change.account}: {change.kind} from tier {change.from_tier} to tier "
                   f"{change.to_tier} but tier_since {kept}; set it to the day the change "
                   "takes effect")
        found.append(replace(abm208.finding(message, account=change.account), path=change.path,
                             line=change.line))
    return found


def plan_overrides(base_label: str, changes: list[TierChange]) -> list[Finding]:
    """ABM209: a promotion or demotion the plan at the base does not propose, or holds, or
    proposes to another tier (tiers move by the thresholds and the
    capacity, on the review cadence); a deliberate override carries a suppression with a
    reason."""
    from abmctl.catalogue.tiers import plan_override as abm209

    found: list[Finding] = []
    for change in changes:
        verdict = change.verdict
        if change.kind not in ("promoted", "demoted") or verdict is None or verdict.agrees:
            continue
        if verdict.status == "unread":
            continue  # the base's own load error says why; no plan can speak for it
        scores = "; ".join(map(str, verdict.scores))
        message = (f"{change.account}: {change.kind} from tier {change.from_tier} to tier "
                   f"{change.to_tier}, but the plan at {base_label} as of {verdict.plan_as_of} "
                   f"{_says(verdict)}" + (f" ({scores})" if scores else "") +
                   "; keep the tier the plan gives, or mark a deliberate override on the "
                   'account with # abmctl: ignore[ABM209] reason="..."')
        found.append(replace(abm209.finding(message, account=change.account), path=change.path,
                             line=change.line))
    return found


def _says(verdict: Verdict) -> str:
    if verdict.status == "held":
        return f"holds it: {verdict.reason}"
    if verdict.status == "other tier":
        return f"moves it {verdict.instead}"
    return "does not propose it"
