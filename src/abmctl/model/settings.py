"""`rules/*.yaml`: the program's settings. Every default is a common ABM practice's number
(docs/reference.md, `rules/*.yaml`).

A missing file or a missing key takes the default; `null` for a `qualify` entry switches that
signal type off.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import ConfigDict, Field, field_validator

from abmctl.model.agreements import Cadence
from abmctl.model.base import Strict
from abmctl.model.teams import Role

# ten years: far beyond any window a program uses, and small enough that date arithmetic
# with it can never leave the calendar
MAX_DAYS = 3660

Motion = Literal["one_to_one", "one_to_few", "one_to_many"]


class Thresholds(Strict):
    """All given thresholds must be met; a missing one is no condition."""

    fit: int | None = Field(default=None, description="The lowest fit score.")
    intent: int | None = Field(default=None, description="The lowest intent score.")
    relationship: int | None = Field(default=None, description="The lowest relationship score.")
    acv_potential: float | None = Field(default=None, description="The lowest ACV potential.")


class TierDef(Strict):
    id: int = Field(description="The number accounts use in tier: (1 is the highest tier).")
    name: str = Field(description="The tier's name.")
    motion: Motion = Field(description="one_to_one, one_to_few or one_to_many.")
    max_accounts: int | None = Field(
        default=None, ge=0,
        description="How many accounts the tier may hold (none: no limit).")
    max_per_ae: int | None = Field(
        default=None, ge=0,
        description=("How many of the tier's accounts one AE may own, unless their capacity says "
                     "otherwise."))
    requires: list[Role] = Field(
        default_factory=list,
        description="The owner roles every account of the tier must name.")
    promote: Thresholds = Field(
        default_factory=Thresholds,
        description="The scores an account must all meet to move up into the tier.")
    keep: Thresholds = Field(
        default_factory=Thresholds,
        description=("The scores an account must all keep to stay in the tier (lower than "
                     "promote)."))


class Review(Strict):
    cadence: Literal["weekly", "monthly", "quarterly"] = Field(
        default="quarterly",
        description="How often tiers are reviewed: weekly, monthly or quarterly.")
    # tiers change on the review cadence, never mid-cycle: a list that moves every week is no plan
    window_days: int = Field(
        default=14, ge=1, le=MAX_DAYS,
        description="How many days from the start of each period tier changes may land in.")
    year_start_month: int = Field(
        default=1, ge=1, le=12,
        description="The month the (fiscal) year starts; quarters count from it.")


def _default_tiers() -> list[TierDef]:
    return [
        # 25-50 Tier 1 accounts per revenue team, 5-15 per AE: more cannot be worked 1:1
        TierDef(
            id=1, name="Strategic", motion="one_to_one", max_accounts=50, max_per_ae=15,
            requires=["ae", "sdr", "abm"],
            promote=Thresholds(fit=80, intent=60, relationship=50, acv_potential=100000),
            keep=Thresholds(fit=70, intent=30),
        ),
        # 100-200 Tier 2 accounts; a named AE for every Tier 1 and Tier 2 account
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
    review: Review = Field(default_factory=Review, description="When tier changes may land.")
    tiers: list[TierDef] = Field(
        default_factory=_default_tiers, min_length=1,
        description="The tiers, best first; giving tiers replaces all the built-in ones.")

    def tier(self, tier_id: int) -> TierDef | None:
        return next((t for t in self.tiers if t.id == tier_id), None)

    def best_first(self) -> list[TierDef]:
        """The tiers by id, Tier 1 first (as the plan walks them), whatever order they are
        written in."""
        return sorted(self.tiers, key=lambda t: t.id)


class WebVisitRule(Strict):
    # 3+ visits in 14 days is one signal; a single blog visit is none
    min_visits: int = Field(
        default=3, ge=1,
        description="Visits within window_days that together make one signal.")
    pages: list[str] = Field(
        default_factory=list,
        description=("Only visits to these pages count (globs such as /pricing*; empty: every "
                     "page)."))


class DownloadRule(Strict):
    # bottom-of-funnel content only: an ebook download is curiosity, not buying
    assets: list[str] = Field(
        description="The assets whose download is a signal.",
        default_factory=lambda: ["case_study", "competitive_comparison", "roi_calculator"]
    )


class AnyRow(Strict):
    pass


class ThirdPartyRule(Strict):
    min_score: float = Field(
        default=60,
        description="The lowest third-party intent score that is a signal.")
    topics: list[str] = Field(
        default_factory=list,
        description="Only these topics count (empty: every topic).")


class ResponseRule(Strict):
    sentiment: list[str] = Field(
        default_factory=lambda: ["positive"],
        description="The reply sentiments that are signals.")


class Qualify(Strict):
    web_visit: WebVisitRule | None = Field(
        default_factory=WebVisitRule,
        description="When web visits are a signal (null: never).")
    content_download: DownloadRule | None = Field(
        default_factory=DownloadRule,
        description="When a download is a signal (null: never).")
    event_registration: AnyRow | None = Field(
        default_factory=AnyRow,
        description="Every event registration is a signal (null: none).")
    event_attendance: AnyRow | None = Field(
        default_factory=AnyRow,
        description="Every event attendance is a signal (null: none).")
    third_party_intent: ThirdPartyRule | None = Field(
        default_factory=ThirdPartyRule,
        description="When third-party intent is a signal (null: never).")
    outbound_response: ResponseRule | None = Field(
        default_factory=ResponseRule,
        description="When a reply to outreach is a signal (null: never).")


class IntentScore(Strict):
    lookback_days: int = Field(
        default=90, ge=1, le=MAX_DAYS,
        description="How far back intent counts signals, in days.")
    per_signal: int = Field(default=15, description="Intent points per distinct signal.")
    cap: int = Field(default=100, description="The highest intent.")


DistinctKey = Literal["type", "contact", "detail", "source"]
_DEFAULT_DISTINCT_BY: list[DistinctKey] = ["type", "contact"]


class SignalSettings(Strict):
    """Which account behaviour is a buying signal, and how many signals hand the account to
    sales (docs/reference.md, Signals)."""

    window_days: int = Field(
        default=14, ge=1, le=MAX_DAYS,
        description="The sliding window signals are counted in, in days.")
    threshold: int = Field(
        default=2, ge=1,
        description="Distinct qualifying signals within the window that hand an account to sales.")
    # none would make every signal the same one: no account could ever cross the threshold
    distinct_by: list[DistinctKey] = Field(
        default_factory=lambda: _DEFAULT_DISTINCT_BY.copy(), min_length=1,
        description="What makes two signals distinct: one or more of type, contact, detail, "
                    "source.")
    hot_threshold: int = Field(
        default=4, ge=1,
        description="Distinct signals within the window that make an account hot.")
    sla_hours: float = Field(
        default=24, gt=0, le=MAX_DAYS * 24,
        description="Hours sales has to touch an account after it is handed on.")
    qualify: Qualify = Field(
        default_factory=Qualify,
        description="Which activity rows are qualifying signals, by type.")
    intent_score: IntentScore = Field(
        default_factory=IntentScore,
        description="How intent is scored from the signals.")
    # activity whose newest row is older than this moves no tier on intent: a vendor file
    # from last year says nothing about this quarter's buying
    stale_after_days: int = Field(
        default=30, ge=0, le=MAX_DAYS,
        description=("Activity whose newest row is older than this many days moves no tier on "
                     "intent."))


class AwarenessWeeks(Strict):
    # 4-6 weeks of warm-up, 2-3 if the account already knows the brand
    new: int = Field(
        default=4, ge=0, le=MAX_DAYS // 7,
        description="Weeks of marketing warm-up a Tier 1 account gets before sales reaches out.")
    familiar: int = Field(
        default=2, ge=0, le=MAX_DAYS // 7,
        description="The same for an account marked familiar: true.")


def _to_has_a_default(schema: dict[str, Any]) -> None:
    # tiers 1-3 have a built-in `to` the loader fills in (EngagementSettings), so an editor
    # must not ask for one; a tier with no built-in routing is still refused without it
    required = [key for key in schema.get("required", []) if key != "to"]
    if required:
        schema["required"] = required
    else:
        schema.pop("required", None)


class TierRouting(Strict):
    model_config = ConfigDict(json_schema_extra=_to_has_a_default)

    to: Literal["ae", "sdr", "abm", "standard"] = Field(
        description=("Who a handoff to engagement goes to: the account's ae, sdr or abm owner, or "
                     "standard (required for a tier other than 1, 2 and 3)."))
    alert: list[Role] = Field(
        default_factory=list,
        description="The owner roles told of the handoff.")


def _default_routing() -> dict[int, TierRouting]:
    # Tier 1 to the AE, Tier 2 to the SDR with an AE alert, Tier 3 the standard
    # process; marketing is always told
    return {
        1: TierRouting(to="ae", alert=["abm"]),
        2: TierRouting(to="sdr", alert=["ae", "abm"]),
        3: TierRouting(to="standard", alert=["abm"]),
    }


def _default_cadences() -> dict[str, Cadence]:
    # weekly with sales, bi-weekly overlap review, monthly email/PMM/events,
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
    awareness_weeks: AwarenessWeeks = Field(
        default_factory=AwarenessWeeks,
        description="The awareness phase before sales reaches out, in weeks.")
    routing: dict[int, TierRouting] = Field(
        default_factory=_default_routing,
        description=("Per tier, who a handoff goes to and who is told (a tier or key left out "
                     "keeps its default)."))
    plays_per_tier_per_month: int = Field(
        default=1,
        description="New plays per tier per calendar month.")
    retire_play_after_days: int = Field(
        default=90, ge=0, le=MAX_DAYS,
        description=("Days a play may run with no signal from its accounts before it should be "
                     "retired."))
    list_review_days: int = Field(
        default=92, ge=1, le=MAX_DAYS,
        description="How old an account's reviewed date may be, in days.")
    overlap_days: int = Field(
        default=7, ge=0, le=MAX_DAYS,
        description="Signals this many days apart on one account are one alert.")
    cadences: dict[str, Cadence] = Field(
        default_factory=_default_cadences,
        description=("The slowest sync each partner team kind may agree (a kind left out keeps "
                     "its default)."))

    # a missing key takes its default at every depth (docs/reference.md): a team that changes
    # one tier's routing or one partner's cadence keeps the others' (and the tier's other key)
    @field_validator("routing", mode="before")
    @classmethod
    def _routing_over_defaults(cls, given: Any) -> Any:
        if not isinstance(given, dict):
            return given
        merged: dict[Any, Any] = {
            tier: rule.model_dump() for tier, rule in _default_routing().items()}
        for tier, rule in given.items():
            default = merged.get(tier) if type(tier) is int else None
            merged[tier] = ({**default, **rule} if default is not None and isinstance(rule, dict)
                            else rule)
        return merged

    @field_validator("cadences", mode="before")
    @classmethod
    def _cadences_over_defaults(cls, given: Any) -> Any:
        return {**_default_cadences(), **given} if isinstance(given, dict) else given


class LintSettings(Strict):
    ignore: list[str] = Field(
        default_factory=list,
        description="Rule codes or prefixes (ABM2) left out.")
    select: list[str] = Field(
        default_factory=list,
        description="Only these rule codes or prefixes run (empty: every rule).")
    severity: dict[str, Literal["error", "warning", "info"]] = Field(
        default_factory=dict,
        description="A different severity per code: error, warning or info.")


ExportKey = Literal["crm_id", "domain", "id"]


class CrmExport(Strict):
    """The columns of one export target; a key left out keeps that target's default
    (docs/crm.md), an empty text leaves the column out."""

    key: str | None = Field(
        default=None,
        description="The column the CRM's importer matches records by (e.g. Id, Record ID, an "
                    "external id field such as ABM_Account_Id__c, or Company Domain Name).")
    key_value: ExportKey | None = Field(
        default=None,
        description="What the key column holds: crm_id (the account's id in this CRM, under "
                    "crm:), domain (its first domain) or id (the registry's account id, for an "
                    "external id field).")
    name: str | None = Field(default=None, description="The column for the account's name.")
    tier: str | None = Field(default=None, description="The field the tier is written to.")
    tiers: dict[int, str] = Field(
        default_factory=dict,
        description="The field's value for each tier, over the target's defaults.")
    stage: str | None = Field(default=None, description="The field the stage is written to.")
    owners: dict[Role, str] | None = Field(
        default=None,
        description="The field each owner is written to, by role: their e-mail from "
                    "teams.yaml (in the csv target, their id).")


class CrmSettings(Strict):
    owner_role: Role = Field(
        default="ae",
        description="The owners: role the CRM's account owner fills when an import sets it.")
    sources: list[str] = Field(
        default_factory=lambda: ["sales"],
        description="The sources: an imported new account gets (the CRM is sales' list).")
    regions: dict[str, str] = Field(
        default_factory=dict,
        description="A CRM region or country value -> the territory it is in (a value that "
                    "already is a territory needs no line).")
    salesforce: CrmExport = Field(
        default_factory=CrmExport,
        description="The columns of `abmctl accounts export --to salesforce`.")
    hubspot: CrmExport = Field(
        default_factory=CrmExport,
        description="The columns of `abmctl accounts export --to hubspot`.")
    csv: CrmExport = Field(
        default_factory=CrmExport,
        description="The columns of `abmctl accounts export --to csv`.")


class Settings(Strict):
    """All the rules files, defaults filled in."""

    tiers: TierSettings = Field(default_factory=TierSettings, description="rules/tiers.yaml.")
    signals: SignalSettings = Field(
        default_factory=SignalSettings,
        description="rules/signals.yaml.")
    engagement: EngagementSettings = Field(
        default_factory=EngagementSettings,
        description="rules/engagement.yaml.")
    lint: LintSettings = Field(default_factory=LintSettings, description="rules/lint.yaml.")
    crm: CrmSettings = Field(default_factory=CrmSettings, description="rules/crm.yaml.")
