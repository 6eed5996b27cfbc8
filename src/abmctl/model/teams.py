"""`registry/teams.yaml`: territories, teams and people."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from abmctl.model.base import PersonId, Record, Slug, Strict

TeamKind = Literal[
    "abm",
    "sales",
    "sdr",
    "regional_marketing",
    "events",
    "email_ops",
    "product_marketing",
    "customer_success",
    "sales_leadership",
]
Role = Literal[
    "ae", "sdr", "abm", "regional_marketer", "events", "email_ops", "pmm", "cs", "leader"
]


class Team(Record):
    id: Slug = Field(
        description="The team's id, used as a play's owner and an agreement's partner.")
    kind: TeamKind = Field(
        description="What the team does; decides which agreement it needs with ABM.")
    territories: list[Slug] = Field(
        default_factory=list,
        description="A regional team's territories.")
    name: str | None = Field(default=None, description="A display name.")


class Person(Record):
    id: PersonId = Field(description="The person's id, used under an account's owners.")
    name: str = Field(description="The person's name.")
    team: Slug = Field(description="The id of the person's team.")
    role: Role = Field(
        description=("The person's role: ae, sdr, abm, regional_marketer, events, email_ops, pmm, "
                     "cs or leader."))
    territories: list[Slug] = Field(
        default_factory=list,
        description="The regions this person covers (empty: every region).")
    # this person's own cap per tier; overrides the tier's max_per_ae
    capacity: dict[int, Annotated[int, Field(ge=0)]] = Field(
        default_factory=dict,
        description="This AE's own cap per tier, e.g. {1: 5}; overrides the tier's max_per_ae.")
    email: str | None = Field(default=None, description="The person's e-mail address.")


class TeamsFile(Strict):
    territories: list[Slug] = Field(
        default_factory=list,
        description="The regions accounts can be in and people and teams can cover.")
    teams: list[Team] = Field(default_factory=list, description="The teams.")
    people: list[Person] = Field(default_factory=list, description="The people.")
