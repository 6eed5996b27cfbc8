"""`registry/accounts/*.yaml`: the one target account list: marketing and sales
work from the same accounts, so there is one list, not one per team."""

from __future__ import annotations

from typing import Annotated, Any, Literal, cast

from pydantic import BeforeValidator, Field

from abmctl.model.base import IsoDate, PersonId, Record, Score, Slug, Strict
from abmctl.model.teams import Role

Stage = Literal[
    "awareness", "engagement", "active", "expand", "closed_lost", "disqualified", "not_ready"
]
# who decides which plays run, by stage
STAGE_OWNER: dict[str, str | None] = {
    "awareness": "abm",
    "engagement": "abm",
    "active": "ae",
    "expand": "cs",
    "closed_lost": None,
    "disqualified": None,
    "not_ready": None,
}


class Scores(Strict):
    fit: Score | None = Field(
        default=None,
        description="Fit with the ideal customer profile, 0-100 (none counts as 0).")
    relationship: Score | None = Field(
        default=None,
        description="Strength of the existing relationship, 0-100 (none counts as 0).")
    intent: Score | None = Field(
        default=None,
        description=("An analyst's intent score, 0-100, used only when the activity has no signal "
                     "rows for the account."))


def _number_as_text(value: Any) -> Any:
    """A HubSpot Record ID written as a bare YAML number is the same id."""
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


# Salesforce record ids are 15 characters (case-sensitive) or 18 (the same 15 plus a
# case-insensitive checksum); HubSpot record ids are numbers
SALESFORCE_ID_PATTERN = r"^[A-Za-z0-9]{15}([A-Za-z0-9]{3})?$"
HUBSPOT_ID_PATTERN = r"^[0-9]{1,20}$"


class CrmIds(Strict):
    salesforce: str | None = Field(
        default=None, pattern=SALESFORCE_ID_PATTERN,
        description="The account's Salesforce Account Id (15 or 18 characters).")
    hubspot: Annotated[str | None, BeforeValidator(_number_as_text)] = Field(
        default=None, pattern=HUBSPOT_ID_PATTERN,
        description="The company's HubSpot Record ID (digits).")


class Account(Record):
    id: Slug = Field(description="The account's id, unique across all account files.")
    name: str = Field(description="The company's name.")
    domains: list[str] = Field(
        min_length=1,
        description="The account's web domains (at least one); activity is matched by these.")
    tier: int = Field(
        description="The account's tier, one of those in rules/tiers.yaml (by default 1, 2 or 3).")
    tier_since: IsoDate | None = Field(
        default=None,
        description=("When the current tier took effect: inside a review window unless it is the "
                     "lowest tier."))
    region: Slug | None = Field(
        default=None,
        description="The territory the account is in; its owners' territories must cover it.")
    segment: str | None = Field(
        default=None,
        description="The account's segment, matched by a play's select.segment.")
    owners: dict[Role, PersonId] = Field(
        default_factory=dict,
        description=("The named people by role, e.g. {ae: ana.lima, sdr: chloe.martin}; the tier "
                     "says which are required."))
    stage: Stage = Field(
        default="awareness",
        description=("awareness, engagement, active or expand (the active motion), or closed_lost,"
                     " disqualified or not_ready (off the motion)."))
    stage_since: IsoDate | None = Field(
        default=None,
        description=("When the account entered its stage; a handoff to engagement counts only "
                     "crossings after it."))
    familiar: bool = Field(
        default=False,
        description="The account already knows the brand: a shorter awareness phase.")
    meeting_booked: IsoDate | None = Field(
        default=None,
        description="The day a qualified meeting was booked: the handoff to the AE.")
    scores: Scores = Field(
        default_factory=Scores,
        description="The account's fit, relationship and intent scores.")
    acv_potential: float | None = Field(
        default=None, ge=0,
        description="The deal size the account could bring (none counts as 0).")
    sources: list[str] = Field(
        default_factory=list,
        description="Who put the account on the list: marketing and sales, both expected.")
    reviewed: IsoDate | None = Field(
        default=None,
        description="The last list review that confirmed the account (not after today).")
    research: str | None = Field(
        default=None,
        description="Notes for the handoff packet sales receives.")
    crm: CrmIds = Field(
        default_factory=CrmIds,
        description=("The account's record ids in the CRM: `abmctl accounts import` matches by "
                     "them first and `abmctl accounts export` keys its rows by them."))

    def owner(self, role: str) -> str | None:
        return self.owners.get(cast(Role, role))


class AccountsFile(Strict):
    accounts: list[Account] = Field(default_factory=list, description="The accounts of this file.")
