"""Partner syncs on their cadence: when an agreement's sync is overdue.

ABM404 (lint) and the scorecard's agreement cadence compliance both ask `sync_of`, so an
agreement lint flags is exactly one the scorecard counts against compliance.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from abmctl.model.agreements import CADENCE_DAYS

if TYPE_CHECKING:
    from datetime import date

    from abmctl.model.agreements import Agreement
    from abmctl.registry import Registry


@dataclass(frozen=True, slots=True)
class Sync:
    """An agreement's sync: its cadence, the days that cadence allows, the last sync held."""

    partner: str
    cadence: str
    allowed: int  # weekly 7, biweekly 14, monthly 31, quarterly 92
    reviewed: date | None

    def days_since(self, day: date) -> int | None:
        return (day - self.reviewed).days if self.reviewed is not None else None

    def overdue(self, day: date) -> bool:
        """Never held, or held more than `allowed` days before `day` (exactly `allowed` days
        ago is on time)."""
        since = self.days_since(day)
        return since is None or since > self.allowed


def sync_of(reg: Registry, agreement: Agreement) -> Sync | None:
    """The agreement's own cadence, else its partner kind's from `rules/engagement.yaml`;
    None when neither says one (nothing can be overdue)."""
    cadence = agreement.cadence
    if cadence is None:
        team = reg.team_by_id.get(agreement.partner)
        cadence = reg.settings.engagement.cadences.get(team.kind) if team is not None else None
    if cadence is None:
        return None
    return Sync(agreement.partner, cadence, CADENCE_DAYS[cadence], agreement.reviewed)
