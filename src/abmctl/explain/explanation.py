"""One account explained: every fact a reader asks about it, each taken from its home (the plan,
the signal engine, the owners, the handoffs, the overlap and lint rules, git), as plain data.

The renderers (`render_text`, `render_json`, `render_markdown`) shape an `Explanation`; they
decide nothing. `abmctl explain` prints one; `abmctl report --html` renders every account's.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from abmctl.engine.signals import IntentSum
    from abmctl.engine.standing import Check, Standing
    from abmctl.engine.windows import Window
    from abmctl.findings import Finding
    from abmctl.handoff.report import Handoff
    from abmctl.model.accounts import Account
    from abmctl.output.run_info import RunInfo
    from abmctl.tiers.history import TierEvent
    from abmctl.tiers.plan import Move

# what the plan says of the account today
VerdictKind = Literal["stays", "promoted", "demoted", "leaving", "held", "off_motion",
                      "unknown_tier"]
IntentSource = Literal["activity", "scores.intent", "none"]


@dataclass(frozen=True, slots=True)
class Criteria:
    """A tier's `keep` or `promote` thresholds checked against the account's standing."""

    tier: int
    name: str
    kind: Literal["keep", "promote"]
    checks: tuple[Check, ...]  # (score, value, threshold, met); none: the tier sets none

    @property
    def met(self) -> bool:
        return all(met for *_, met in self.checks)


@dataclass(frozen=True, slots=True)
class Verdict:
    """The plan's word on the account as of the day: the move it proposes or holds (None: it
    stays, or the plan does not judge it), and why, in the plan's own words."""

    kind: VerdictKind
    move: Move | None
    reason: str
    window: Window
    window_open: bool


@dataclass(frozen=True, slots=True)
class Tiering:
    """The tier and why: the standing the plan reads, the current tier's `keep`, the `promote`
    of the tier the plan promotes it to, else of the next tier up (None at the top tier), and
    the verdict."""

    tier: int
    tier_name: str | None  # None: a tier rules/tiers.yaml does not define
    standing: Standing
    keep: Criteria | None
    promote: Criteria | None
    verdict: Verdict


@dataclass(frozen=True, slots=True)
class Intent:
    """How the intent the plan reads adds up: from the qualifying signals of the lookback
    (`source` activity), or the recorded `scores.intent` (no signal rows), or 0."""

    source: IntentSource
    score: int  # the plan's number
    since: datetime  # the lookback [since, until)
    until: datetime
    added: IntentSum | None  # the terms (source activity)
    recorded: int | None  # the account's scores.intent


@dataclass(frozen=True, slots=True)
class Owner:
    """An owner role, the person named in it and their team (None: not in teams.yaml)."""

    role: str
    person: str
    name: str | None
    team: str | None


@dataclass(frozen=True, slots=True)
class Ownership:
    """Stage and owners: who is named, who decides at this stage, and when a meeting was
    booked (the moment the AE takes over)."""

    stage: str
    stage_since: date | None
    on_motion: bool
    owners: tuple[Owner, ...]
    decides: str
    decides_team: str
    meeting: datetime | None


@dataclass(frozen=True, slots=True)
class Conflict:
    """An open conflict as `abmctl overlap` lists it: the latest of those alike, and how many."""

    finding: Finding
    count: int = 1


@dataclass(frozen=True, slots=True)
class History:
    """The account's tier changes from git, oldest first (`tiers.history.TierEvent`), and the
    notes of the read: why there is none to show (not a git repository, git missing), a
    shallow clone's start, a file version skipped."""

    events: tuple[TierEvent, ...]
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Explanation:
    """Everything `abmctl explain ACCOUNT` shows, as of a day."""

    as_of: date
    account: Account
    tiering: Tiering
    intent: Intent
    ownership: Ownership
    handoffs: tuple[Handoff, ...]
    conflicts: tuple[Conflict, ...]
    findings: tuple[Finding, ...]
    history: History
    run_info: RunInfo
