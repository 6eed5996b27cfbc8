"""`registry/agreements/*.yaml`: one partner agreement per file (SPEC §1.4, seed 000 Rules 4-5)."""

from __future__ import annotations

from typing import Literal

from abmctl.model.base import IsoDate, Record, Slug, Strict

Cadence = Literal["weekly", "biweekly", "monthly", "quarterly"]
# how many days a sync may be apart before it is overdue (ABM404)
CADENCE_DAYS: dict[str, int] = {"weekly": 7, "biweekly": 14, "monthly": 31, "quarterly": 92}


class Decides(Strict):
    before_meeting: str
    after_meeting: str


class LeadTimes(Strict):
    major: int
    minor: int


class Agreement(Record):
    partner: Slug
    kickoff: IsoDate | None = None
    cadence: Cadence | None = None
    reviewed: IsoDate | None = None
    decides: Decides | None = None
    abm_provides: list[str] | None = None
    lead_time_days: LeadTimes | None = None
    messaging_refreshed: IsoDate | None = None
    notes: str | None = None
