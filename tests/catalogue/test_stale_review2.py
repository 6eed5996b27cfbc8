"""Review: stale activity judges no intent (ABM206 reports nothing), so a suppression of
ABM206 is not "unused" then, and `lint --fix` must not delete it."""

from __future__ import annotations

from pathlib import Path

from tests.support.cli import invoke
from tests.support.registry import write, write_registry

RECORD = """
    accounts:
      - id: contoso  # abmctl: ignore[ABM206] until=2027-12-31 reason="exec sponsor"
        name: Contoso
        domains: [contoso.com]
        tier: 1
        tier_since: 2026-10-01
        region: emea
        sources: [marketing, sales]
        reviewed: 2026-11-01
        scores: {fit: 52, relationship: 40, intent: 75}
        owners: {ae: ana.lima, sdr: raj.patel, abm: mei.chen}
"""


def test_stale_activity_keeps_an_intent_rules_suppression(registry_root: Path) -> None:
    write_registry(registry_root, {"registry/accounts/emea.yaml": RECORD})
    write(registry_root, "registry/signals/activity.csv",
          "occurred_at,account,type,contact,detail,score,sentiment,source\n"
          "2026-11-01T00:00:00Z,contoso.com,third_party_intent,,x,95,,bombora\n")
    path = registry_root / "registry/accounts/emea.yaml"
    before = path.read_text(encoding="utf-8")
    # without activity scores.intent is judged: ABM206 reports contoso, the comment hides it
    fresh = invoke("lint", "--root", str(registry_root), "--as-of", "2026-11-23",
                   "--no-registry-signals", "--select", "ABM0,ABM206", "--format", "json")
    assert '"ABM007"' not in fresh.stdout
    # months later the export is stale: intent is judged by no rule
    stale = invoke("lint", "--root", str(registry_root), "--as-of", "2027-06-01",
                   "--format", "json")
    assert '"ABM007"' not in stale.stdout, stale.stdout
    invoke("lint", "--root", str(registry_root), "--as-of", "2027-06-01", "--fix")
    assert path.read_text(encoding="utf-8") == before
