"""rules/engagement.yaml: a key left out takes its default at every depth (a tier's routing,
one key of it, a partner kind's cadence); a tier with no built-in routing must say where it goes."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from abmctl.model.settings import EngagementSettings, TierRouting


def test_nothing_given_is_the_built_in_routing_and_cadences() -> None:
    settings = EngagementSettings.model_validate({})
    assert settings.routing[2] == TierRouting(to="sdr", alert=["ae", "abm"])
    assert settings.cadences["events"] == "monthly"


def test_one_key_of_one_tier_keeps_the_tiers_other_key_and_the_other_tiers() -> None:
    settings = EngagementSettings.model_validate({"routing": {2: {"to": "ae"}}})
    assert settings.routing == {
        1: TierRouting(to="ae", alert=["abm"]),
        2: TierRouting(to="ae", alert=["ae", "abm"]),
        3: TierRouting(to="standard", alert=["abm"]),
    }
    assert EngagementSettings.model_validate(
        {"routing": {1: {"alert": []}}}).routing[1] == TierRouting(to="ae", alert=[])


def test_a_fourth_tier_is_added_and_needs_its_to() -> None:
    settings = EngagementSettings.model_validate({"routing": {4: {"to": "abm"}}})
    assert settings.routing[4] == TierRouting(to="abm", alert=[])
    assert set(settings.routing) == {1, 2, 3, 4}
    with pytest.raises(ValidationError, match="routing.4.to"):
        EngagementSettings.model_validate({"routing": {4: {"alert": ["abm"]}}})


def test_a_wrong_value_under_a_default_tier_is_still_refused() -> None:
    with pytest.raises(ValidationError, match="routing.2.too"):
        EngagementSettings.model_validate({"routing": {2: {"too": "sdr"}}})
    with pytest.raises(ValidationError):
        EngagementSettings.model_validate({"routing": {2: {"to": "boss"}}})


def test_one_partners_cadence_keeps_every_other_kinds_default() -> None:
    cadences = EngagementSettings.model_validate({"cadences": {"sales": "biweekly"}}).cadences
    assert cadences["sales"] == "biweekly"
    assert cadences["events"] == "monthly" and cadences["sales_leadership"] == "quarterly"
