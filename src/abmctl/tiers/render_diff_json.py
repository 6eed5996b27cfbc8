"""`tiers diff` as its stable JSON document (`"version": 1`)."""

from __future__ import annotations

from abmctl.output.findings_json import finding_json
from abmctl.output.formats import View
from abmctl.output.json_text import dump_line
from abmctl.output.run_info import json_fields
from abmctl.tiers.diff import TierChange, TierDiff
from abmctl.tiers.render_plan_json import capacity_json
from abmctl.tiers.verdict import Verdict


def render(diff: TierDiff, view: View) -> str:
    return render_json(diff)


def render_json(diff: TierDiff) -> str:
    document = {
        "version": 1,
        "as_of": diff.as_of.isoformat(),
        "base": diff.base,
        "head": diff.head,
        "changes": [change_json(diff, c) for c in diff.changes],
        "findings": [finding_json(f) for f in diff.findings],
        "capacity": capacity_json(diff.capacity),
        **json_fields(diff.run_info),
    }
    return dump_line(document)


def change_json(diff: TierDiff, change: TierChange) -> dict[str, object]:
    """One change: who, from and to, where at the head, the plan's verdict with the scores it
    read, and the codes of the findings about it."""
    return {
        "account": change.account, "from": change.from_tier, "to": change.to_tier,
        "kind": change.kind, "path": change.path, "line": change.line or None,
        "plan": verdict_json(change.verdict),
        "findings": [f.code for f in diff.findings_of(change)],
    }


def verdict_json(verdict: Verdict | None) -> dict[str, object] | None:
    if verdict is None:
        return None
    return {
        "verdict": verdict.status, "reason": verdict.reason or None,
        "instead": verdict.instead or None,
        "as_of": verdict.plan_as_of.isoformat() if verdict.plan_as_of else None,
        "scores": [
            {"thresholds": bar.label, "checks": [
                {"score": name, "value": value, "threshold": limit, "met": met}
                for name, value, limit, met in bar.checks]}
            for bar in verdict.scores
        ],
    }
