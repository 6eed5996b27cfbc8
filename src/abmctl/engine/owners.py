"""Owners and routing, in one place: who gets a handoff, who decides a conflict, which team a
role belongs to, which owners a tier requires and how many accounts an AE may hold.

`handoff`, `overlap`, `tiers plan` and the ABM2xx/ABM6xx rules all ask an `Owners` built once
per run from the registry; none reads `routing`, `requires` or `capacity` itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from abmctl.engine.motion import on_motion
from abmctl.model.accounts import STAGE_OWNER

if TYPE_CHECKING:
    from abmctl.model.accounts import Account
    from abmctl.model.settings import TierDef
    from abmctl.registry import Registry

# marketing is always told; the SDR who worked the account hears it went to the AE
AE_ALERTS: tuple[str, ...] = ("abm", "sdr")
# a crossing in a tier with no routing goes to the ordinary lead process, marketing told
STANDARD = "standard"
_UNROUTED: tuple[str, tuple[str, ...]] = (STANDARD, ("abm",))
# the team kind of an owner role, for accounts that name nobody in that role
ROLE_TEAM_KIND: dict[str, str] = {
    "ae": "sales", "cs": "customer_success", "pmm": "product_marketing",
    "regional_marketer": "regional_marketing", "leader": "sales_leadership",
}


@dataclass(frozen=True, slots=True)
class Route:
    """Where a handoff goes: an owner role, the person in it (None: no one named), and who is
    told (people, never the person it goes to)."""

    to: str
    person: str | None
    alert: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class AeCap:
    """How many accounts of a tier an AE may hold (None: no cap), and where that number is set."""

    limit: int | None
    source: str


class Owners:
    """The registry's owners, teams and routing, read once per run."""

    def __init__(self, reg: Registry) -> None:
        self.reg = reg
        self._routing = reg.settings.engagement.routing
        self._kinds: dict[str, str] = {}
        for team in reg.teams:
            self._kinds.setdefault(team.kind, team.id)

    def routed_roles(self, tier: int, transition: str) -> tuple[str, tuple[str, ...]]:
        """(the role a transition goes to, the roles told), by the tier's routing:
        a crossing follows the tier's rule; a meeting or a hot account goes to the AE."""
        if transition != "to_engagement":
            return "ae", AE_ALERTS
        rule = self._routing.get(tier)
        return (rule.to, tuple(rule.alert)) if rule is not None else _UNROUTED

    def route(self, account: Account, transition: str) -> Route:
        """Tier 1 to the AE, Tier 2 to the SDR with an AE alert, Tier 3 the standard
        process, marketing always told; a meeting or a hot account goes to the AE."""
        to, alerts = self.routed_roles(account.tier, transition)
        person = None if to == STANDARD else account.owner(to)
        told = [account.owner(role) for role in alerts]
        alert = tuple(dict.fromkeys(p for p in told if p is not None and p != person))
        return Route(to, person, alert)

    def team(self, kind: str) -> str:
        """The id of the first team of `kind` (the registry names its own teams), else the
        kind itself."""
        return self._kinds.get(kind, kind)

    def team_of_role(self, account: Account, role: str) -> str:
        """The team of the account's owner in `role`, else the team of the role's kind."""
        person = self.reg.person_by_id.get(account.owner(role) or "")
        return person.team if person is not None else self.team(ROLE_TEAM_KIND.get(role, role))

    def routed_teams(self, account: Account) -> tuple[str, ...]:
        """The teams of the people a crossing is routed to and told of: who hears of a signal;
        the standard lead process is no team."""
        to, alerts = self.routed_roles(account.tier, "to_engagement")
        teams = (self.team_of_role(account, role) for role in (to, *alerts))
        return tuple(dict.fromkeys(t for t in teams if t != STANDARD))

    def decides(self, account: Account, meeting_booked: bool) -> str:
        """The stage owner, the one who decides at each stage: ABM before a qualified meeting,
        the AE (by name when known) after it; ABM takes off-motion accounts out of plays.
        `meeting_booked` is the timeline's answer, as of the run's date."""
        role = STAGE_OWNER.get(account.stage) or "abm"
        if role == "abm" and on_motion(account) and meeting_booked:
            role = "ae"
        return self.team("abm") if role == "abm" else account.owner(role) or role

    def team_of(self, decider: str) -> str:
        """The team of whoever `decides` named: a person's team, else the team named."""
        person = self.reg.person_by_id.get(decider)
        return person.team if person is not None else decider

    def required_missing(self, account: Account, tier: TierDef) -> list[str]:
        """The roles `tier` requires that the account names nobody in (ABM201)."""
        return [role for role in tier.requires if account.owner(role) is None]

    def ae_cap(self, ae: str, tier: TierDef) -> AeCap:
        """The AE's own `capacity` for the tier in teams.yaml, else the tier's `max_per_ae`
        (5-15 accounts per AE at 1:1)."""
        person = self.reg.person_by_id.get(ae)
        own = person.capacity.get(tier.id) if person is not None else None
        if own is not None:
            return AeCap(own, f"capacity {{{tier.id}: {own}}} in teams.yaml")
        return AeCap(tier.max_per_ae, f"tier {tier.id} max_per_ae")
