"""`registry/events/*.yaml`: one event per file (SPEC §1.6)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from abmctl.model.base import IsoDate, Record, Slug


class Event(Record):
    id: Slug
    name: str
    kind: Literal["major", "minor"]
    date: IsoDate
    abm_looped_in: IsoDate | None = None
    invited: list[Slug] = Field(default_factory=list)
    location: str | None = None
