"""`registry/accounts/*.yaml`: the one target account list (SPEC §1.2, seed 000 Rule 1)."""

from __future__ import annotations

from typing import Literal, cast

from pydantic import Field

from abmctl.model.base import IsoDate, PersonId, Record, Score, Slug, Strict
from abmctl.model.teams import Role

Stage = Literal[
    "awareness", "engagement", "active", "expand", "closed_lost", "disqualified", "not_ready"
]
# who decides which plays run, by stage (SPEC §1.3)
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
    fit: Score | None = None
    relationship: Score | None = None
    intent: Score | None = None


class Account(Record):
    id: Slug
    name: str
    domains: list[str] = Field(min_length=1)
    tier: int
    tier_since: IsoDate | None = None
    region: Slug | None = None
    segment: str | None = None
    owners: dict[Role, PersonId] = Field(default_factory=dict)
    stage: Stage = "awareness"
    stage_since: IsoDate | None = None
    familiar: bool = False
    meeting_booked: IsoDate | None = None
    scores: Scores = Field(default_factory=Scores)
    acv_potential: float | None = Field(default=None, ge=0)
    sources: list[str] = Field(default_factory=list)
    reviewed: IsoDate | None = None
    research: str | None = None

    def owner(self, role: str) -> str | None:
        return self.owners.get(cast(Role, role))


class AccountsFile(Strict):
    accounts: list[Account] = Field(default_factory=list)
