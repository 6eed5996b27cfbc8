"""`registry/plays/*.yaml`: one play per file (SPEC §1.5)."""

from __future__ import annotations

from typing import Self

from pydantic import Field, model_validator

from abmctl.model.base import IsoDate, Record, Slug, Strict


class Select(Strict):
    """Accounts a 1:few play targets by attribute; every given key must match."""

    tier: int | None = None
    segment: str | None = None
    region: Slug | None = None


class Play(Record):
    id: Slug
    name: str
    owner: Slug
    tier: int | None = None
    accounts: list[Slug] | None = None
    select: Select | None = None
    channels: list[str] = Field(default_factory=list)
    start: IsoDate
    end: IsoDate
    brief: IsoDate | None = None
    recap: IsoDate | None = None
    event: Slug | None = None

    @model_validator(mode="after")
    def _one_way_to_pick_accounts(self) -> Self:
        if self.accounts is not None and self.select is not None:
            raise ValueError("give either 'accounts' or 'select', not both")
        if self.end < self.start:
            raise ValueError(f"'end' ({self.end}) is before 'start' ({self.start})")
        return self
