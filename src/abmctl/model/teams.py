"""`registry/teams.yaml`: territories, teams and people (SPEC §1.1)."""

from __future__ import annotations

from typing import Literal

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
    id: Slug
    kind: TeamKind
    territories: list[Slug] = Field(default_factory=list)
    name: str | None = None


class Person(Record):
    id: PersonId
    name: str
    team: Slug
    role: Role
    territories: list[Slug] = Field(default_factory=list)
    # this person's own cap per tier; overrides the tier's max_per_ae (SPEC §1.1)
    capacity: dict[int, int] = Field(default_factory=dict)
    email: str | None = None


class TeamsFile(Strict):
    territories: list[Slug] = Field(default_factory=list)
    teams: list[Team] = Field(default_factory=list)
    people: list[Person] = Field(default_factory=list)
