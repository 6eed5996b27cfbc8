"""`registry/agreements/*.yaml`: one partner agreement per file: what each side
provides and decides, and how often they sync."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from abmctl.model.base import IsoDate, Record, Slug, Strict

Cadence = Literal["weekly", "biweekly", "monthly", "quarterly"]
# how many days a sync may be apart before it is overdue (ABM404)
CADENCE_DAYS: dict[str, int] = {"weekly": 7, "biweekly": 14, "monthly": 31, "quarterly": 92}


class Decides(Strict):
    before_meeting: str = Field(
        description="Who decides before a qualified meeting (a sales agreement says abm).")
    after_meeting: str = Field(description="Who decides after it (a sales agreement says ae).")


class LeadTimes(Strict):
    major: int = Field(description="Days before a major event that ABM is looped in (at least 90).")
    minor: int = Field(description="Days before a minor event that ABM is looped in (at least 60).")


class Agreement(Record):
    partner: Slug = Field(description="The id of the partner team.")
    kickoff: IsoDate | None = Field(default=None, description="When the kickoff was held.")
    cadence: Cadence | None = Field(
        default=None,
        description="How often the teams sync: weekly, biweekly, monthly or quarterly.")
    reviewed: IsoDate | None = Field(
        default=None,
        description="The last sync held (not after today).")
    decides: Decides | None = Field(
        default=None,
        description="Who decides before and after a qualified meeting.")
    abm_provides: list[str] | None = Field(
        default=None,
        description=("What ABM hands over (an email_ops agreement: account_list, copy, "
                     "send_window)."))
    lead_time_days: LeadTimes | None = Field(
        default=None,
        description="An events agreement: how many days ahead ABM is looped in.")
    messaging_refreshed: IsoDate | None = Field(
        default=None,
        description="A product_marketing agreement: when the shared messaging was last refreshed.")
    notes: str | None = Field(default=None, description="Notes.")
