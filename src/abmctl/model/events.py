"""`registry/events/*.yaml`: one event per file."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from abmctl.model.base import IsoDate, Record, Slug


class Event(Record):
    id: Slug = Field(description="The event's id.")
    name: str = Field(description="The event's name.")
    kind: Literal["major", "minor"] = Field(
        description="major (conference, tradeshow) or minor (webinar, small field event).")
    date: IsoDate = Field(description="The day of the event.")
    abm_looped_in: IsoDate | None = Field(
        default=None,
        description="When ABM was brought in (90 days ahead for major, 60 for minor).")
    invited: list[Slug] = Field(
        default_factory=list,
        description="The ids of the accounts invited.")
    location: str | None = Field(default=None, description="Where the event is.")
