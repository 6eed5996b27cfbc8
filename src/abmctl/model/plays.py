"""`registry/plays/*.yaml`: one play per file."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from abmctl.model.base import IsoDate, Record, Slug, Strict


class Select(Strict):
    """Accounts a 1:few play targets by attribute; every given key must match."""

    tier: int | None = Field(default=None, description="Target every account of this tier.")
    segment: str | None = Field(default=None, description="Target every account of this segment.")
    region: Slug | None = Field(
        default=None,
        description="Target every account in this territory; every key given must match.")


class Play(Record):
    id: Slug = Field(description="The play's id.")
    name: str = Field(description="The play's name.")
    owner: Slug = Field(description="The id of the team running the play.")
    tier: int | None = Field(default=None, description="The tier the play is built for.")
    accounts: list[Slug] | None = Field(
        default=None,
        description="The ids of the accounts the play targets (give this or select, not both).")
    select: Select | None = Field(
        default=None,
        description="Which accounts the play targets, by tier, segment and region.")
    channels: list[str] = Field(default_factory=list, description="The channels the play uses.")
    start: IsoDate = Field(description="The play's first day.")
    end: IsoDate = Field(description="The play's last day; not before start.")
    brief: IsoDate | None = Field(
        default=None,
        description="When the brief went out; on or before start.")
    recap: IsoDate | None = Field(default=None, description="When the recap was shared, after end.")
    event: Slug | None = Field(default=None, description="The id of the event the play supports.")

    @model_validator(mode="after")
    def _one_way_to_pick_accounts(self) -> Self:
        if self.accounts is not None and self.select is not None:
            raise ValueError("give either 'accounts' or 'select', not both")
        if self.end < self.start:
            raise ValueError(f"'end' ({self.end}) is before 'start' ({self.start})")
        return self
