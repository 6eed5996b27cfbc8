"""An account's explanation as the stable `explain` JSON document (`"version": 1`), described
in docs/reference.md (`abmctl explain`). `explanation_json` is the document as a value, for a
caller that embeds it (the HTML report's account pages)."""

from __future__ import annotations

from typing import Any

from abmctl.engine.standing import Check, Standing
from abmctl.explain.explanation import (
    Criteria,
    Explanation,
    History,
    Intent,
    Ownership,
    Tiering,
)
from abmctl.findings import Finding
from abmctl.handoff.report import Handoff
from abmctl.output.formats import View
from abmctl.output.json_text import dump_line
from abmctl.output.run_info import json_fields
from abmctl.output.text import iso_stamp
from abmctl.overlap.groups import conflict_json
from abmctl.tiers.render_history_json import event_json


def render(explanation: Explanation, view: View) -> str:
    return dump_line(explanation_json(explanation))


def explanation_json(e: Explanation) -> dict[str, Any]:
    """The whole document: the record, then each section in the order the text shows them."""
    return {
        "version": 1,
        "as_of": e.as_of.isoformat(),
        "account": account_json(e),
        "tier": tiering_json(e.tiering),
        "intent": intent_json(e.intent),
        "ownership": ownership_json(e.ownership),
        "handoffs": [handoff_json(h) for h in e.handoffs],
        "conflicts": [conflict_json(c.finding, c.count) for c in e.conflicts],
        "findings": [finding_json(f) for f in e.findings],
        "history": history_json(e.history),
        **json_fields(e.run_info),
    }


def account_json(e: Explanation) -> dict[str, Any]:
    a = e.account
    return {
        "id": a.id, "name": a.name, "domains": list(a.domains), "tier": a.tier,
        "tier_since": _day(a.tier_since), "stage": a.stage, "stage_since": _day(a.stage_since),
        "region": a.region, "segment": a.segment, "owners": dict(a.owners),
        "path": a.path, "line": a.line,
    }


def tiering_json(t: Tiering) -> dict[str, Any]:
    verdict, window = t.verdict, t.verdict.window
    move = verdict.move
    return {
        "tier": t.tier,
        "name": t.tier_name,
        "standing": standing_json(t.standing),
        "keep": criteria_json(t.keep),
        "promote": criteria_json(t.promote),
        "verdict": {
            "kind": verdict.kind,
            "from": move.from_tier if move is not None else t.tier,
            "to": move.to_tier if move is not None else t.tier,
            "reason": verdict.reason,
            "window": {"open": verdict.window_open, "start": window.start.isoformat(),
                       "end": window.end.isoformat(),
                       "next_start": window.next_start.isoformat()},
        },
    }


def standing_json(s: Standing) -> dict[str, Any]:
    return {"fit": s.fit, "intent": s.intent, "relationship": s.relationship,
            "acv_potential": _number(s.acv_potential)}


def criteria_json(c: Criteria | None) -> dict[str, Any] | None:
    if c is None:
        return None
    return {"tier": c.tier, "name": c.name, "met": c.met,
            "checks": [check_json(item) for item in c.checks]}


def check_json(item: Check) -> dict[str, Any]:
    score, value, threshold, met = item
    return {"score": score, "value": _number(value), "threshold": _number(threshold),
            "met": met}


def intent_json(i: Intent) -> dict[str, Any]:
    added = i.added
    return {
        "source": i.source,
        "score": i.score,
        "lookback": {"since": iso_stamp(i.since), "until": iso_stamp(i.until)},
        "signals": [] if added is None else [
            {"occurred_at": iso_stamp(t.signal.occurred_at), "type": t.signal.type,
             "contact": t.signal.contact, "detail": t.signal.detail, "points": t.points,
             "repeats": iso_stamp(t.repeats.occurred_at) if t.repeats is not None else None}
            for t in added.terms],
        "per_signal": added.per_signal if added is not None else None,
        "distinct": added.distinct if added is not None else None,
        "subtotal": added.subtotal if added is not None else None,
        "cap": added.cap if added is not None else None,
        "recorded": i.recorded,
    }


def ownership_json(o: Ownership) -> dict[str, Any]:
    return {
        "stage": o.stage, "stage_since": _day(o.stage_since), "on_motion": o.on_motion,
        "owners": [{"role": w.role, "person": w.person, "name": w.name, "team": w.team}
                   for w in o.owners],
        "decides": o.decides, "decides_team": o.decides_team,
        "meeting_booked": iso_stamp(o.meeting) if o.meeting is not None else None,
    }


def handoff_json(h: Handoff) -> dict[str, Any]:
    """The handoff keys of the `handoffs` document, without the packet."""
    route = h.route
    return {
        "transition": h.transition,
        "route": {"to": route.to, "person": route.person, "alert": list(route.alert)},
        "signals": [{"type": s.type, "occurred_at": iso_stamp(s.occurred_at),
                     "contact": s.contact, "detail": s.detail} for s in h.signals],
        "at": iso_stamp(h.at),
        "due": iso_stamp(h.due),
        "sla_breached": h.sla_breached,
        "sla_status": h.sla_status,
        "first_touch": iso_stamp(h.followed_up) if h.followed_up is not None else None,
    }


def finding_json(f: Finding) -> dict[str, Any]:
    return {"code": f.code, "severity": f.severity, "message": f.message, "path": f.path,
            "line": f.line, "column": f.column}


def history_json(h: History) -> dict[str, Any]:
    """The changes as `tiers history --format json` writes its events, and the notes."""
    return {"changes": [event_json(e) for e in h.events], "notes": list(h.notes)}


def _day(day: Any) -> str | None:
    return day.isoformat() if day is not None else None


def _number(value: float) -> float | int:
    return int(value) if float(value).is_integer() else value
