"""`rules/*.yaml`: the program's settings. Every default is the seeds' number (SPEC §1.7-1.10).

A missing file or a missing key takes the default; `null` for a `qualify` entry switches that
signal type off.
"""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from abmctl.model.agreements import Cadence
from abmctl.model.base import Strict
from abmctl.model.teams import Role

# ten years: far beyond any window a program uses, and small enough that date arithmetic
# with it can never leave the calendar
MAX_DAYS = 3660

Motion = Literal["one_to_one", "one_to_few", "one_to_many"]


class Thresholds(Strict):
    """All given thresholds must be met; a missing one is no condition (SPEC §1.7)."""

    fit: int | None = None
    intent: int | None = None
    relationship: int | None = None
    acv_potential: float | None = None


class TierDef(Strict):
    id: int
    name: str
    motion: Motion
    max_accounts: int | None = None
    max_per_ae: int | None = None
    requires: list[Role] = Field(default_factory=list)
    promote: Thresholds = Field(default_factory=Thresholds)
    keep: Thresholds = Field(default_factory=Thresholds)


class Review(Strict):
    cadence: Literal["weekly", "monthly", "quarterly"] = "quarterly"
    # seed 000 Rule 1: tiers change on the review cadence, never mid-cycle
    window_days: int = Field(default=14, ge=1, le=MAX_DAYS)
    year_start_month: int = Field(default=1, ge=1, le=12)


def _default_tiers() -> list[TierDef]:
    return [
        # seed 001: 25-50 Tier 1 accounts per revenue team; seed 003: 5-15 per AE at 1:1
        TierDef(
            id=1, name="Strategic", motion="one_to_one", max_accounts=50, max_per_ae=15,
            requires=["ae", "sdr", "abm"],
            promote=Thresholds(fit=80, intent=60, relationship=50, acv_potential=100000),
            keep=Thresholds(fit=70, intent=30),
        ),
        # seed 001: 100-200 Tier 2 accounts; seed 004 Step 3: a named AE for Tier 1 and 2
        TierDef(
            id=2, name="Scaled", motion="one_to_few", max_accounts=200, max_per_ae=40,
            requires=["ae"], promote=Thresholds(fit=70, intent=40), keep=Thresholds(fit=60),
        ),
        TierDef(
            id=3, name="Programmatic", motion="one_to_many", requires=[],
            promote=Thresholds(fit=50), keep=Thresholds(fit=40),
        ),
    ]


class TierSettings(Strict):
    review: Review = Field(default_factory=Review)
    tiers: list[TierDef] = Field(default_factory=_default_tiers, min_length=1)

    def tier(self, tier_id: int) -> TierDef | None:
        return next((t for t in self.tiers if t.id == tier_id), None)


class WebVisitRule(Strict):
    # seed 001: 3+ visits in 14 days is one signal; a single blog visit is none
    min_visits: int = Field(default=3, ge=1)
    pages: list[str] = Field(default_factory=list)


class DownloadRule(Strict):
    # seed 001: bottom-of-funnel content only
    assets: list[str] = Field(
        default_factory=lambda: ["case_study", "competitive_comparison", "roi_calculator"]
    )


class AnyRow(Strict):
    pass


class ThirdPartyRule(Strict):
    min_score: float = 60
    topics: list[str] = Field(default_factory=list)


class ResponseRule(Strict):
    sentiment: list[str] = Field(default_factory=lambda: ["positive"])


class Qualify(Strict):
    web_visit: WebVisitRule | None = Field(default_factory=WebVisitRule)
    content_download: DownloadRule | None = Field(default_factory=DownloadRule)
    event_registration: AnyRow | None = Field(default_factory=AnyRow)
    event_attendance: AnyRow | None = Field(default_factory=AnyRow)
    third_party_intent: ThirdPartyRule | None = Field(default_factory=ThirdPartyRule)
    outbound_response: ResponseRule | None = Field(default_factory=ResponseRule)


class IntentScore(Strict):
    lookback_days: int = Field(default=90, ge=1, le=MAX_DAYS)
    per_signal: int = 15
    cap: int = 100


DistinctKey = Literal["type", "contact", "detail", "source"]
_DEFAULT_DISTINCT_BY: list[DistinctKey] = ["type", "contact"]


class SignalSettings(Strict):
    """SPEC §1.8; seed 001 "Intent Signals That Trigger the Sales Handoff", seed 004 Step 5."""

    window_days: int = Field(default=14, ge=1, le=MAX_DAYS)
    threshold: int = Field(default=2, ge=1)
    distinct_by: list[DistinctKey] = Field(default_factory=lambda: _DEFAULT_DISTINCT_BY.copy())
    hot_threshold: int = Field(default=4, ge=1)
    sla_hours: float = Field(default=24, gt=0, le=MAX_DAYS * 24)
    qualify: Qualify = Field(default_factory=Qualify)
    intent_score: IntentScore = Field(default_factory=IntentScore)
    # activity whose newest row is older than this moves no tier on intent: a vendor file
    # from last year says nothing about this quarter's buying
    stale_after_days: int = Field(default=30, ge=0, le=MAX_DAYS)


class AwarenessWeeks(Strict):
    # seed 001: 4-6 weeks of warm-up, 2-3 if the account already knows the brand
    new: int = Field(default=4, ge=0, le=MAX_DAYS // 7)
    familiar: int = Field(default=2, ge=0, le=MAX_DAYS // 7)


class TierRouting(Strict):
    to: Literal["ae", "sdr", "abm", "standard"]
    alert: list[Role] = Field(default_factory=list)


def _default_routing() -> dict[int, TierRouting]:
    # seed 002: Tier 1 to the AE, Tier 2 to the SDR with an AE alert, Tier 3 the standard
    # process; marketing is always told
    return {
        1: TierRouting(to="ae", alert=["abm"]),
        2: TierRouting(to="sdr", alert=["ae", "abm"]),
        3: TierRouting(to="standard", alert=["abm"]),
    }


def _default_cadences() -> dict[str, Cadence]:
    # seed 000: weekly with sales, bi-weekly overlap review, monthly email/PMM/events,
    # quarterly with sales leadership
    return {
        "sales": "weekly",
        "regional_marketing": "biweekly",
        "email_ops": "monthly",
        "product_marketing": "monthly",
        "events": "monthly",
        "sales_leadership": "quarterly",
    }


class EngagementSettings(Strict):
    awareness_weeks: AwarenessWeeks = Field(default_factory=AwarenessWeeks)
    routing: dict[int, TierRouting] = Field(default_factory=_default_routing)
    plays_per_tier_per_month: int = 1
    retire_play_after_days: int = Field(default=90, ge=0, le=MAX_DAYS)
    list_review_days: int = Field(default=92, ge=1, le=MAX_DAYS)
    overlap_days: int = Field(default=7, ge=0, le=MAX_DAYS)
    cadences: dict[str, Cadence] = Field(default_factory=_default_cadences)


class LintSettings(Strict):
    ignore: list[str] = Field(default_factory=list)
    select: list[str] = Field(default_factory=list)
    severity: dict[str, Literal["error", "warning", "info"]] = Field(default_factory=dict)


class Settings(Strict):
    """All four rules files, defaults filled in."""

    tiers: TierSettings = Field(default_factory=TierSettings)
    signals: SignalSettings = Field(default_factory=SignalSettings)
    engagement: EngagementSettings = Field(default_factory=EngagementSettings)
    lint: LintSettings = Field(default_factory=LintSettings)
