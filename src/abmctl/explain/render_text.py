"""An account's explanation at a terminal: one screen, a section per question, each line
wrapped to the width (80 columns tested)."""

from __future__ import annotations

from datetime import UTC, date, timedelta

from abmctl.engine.standing import listing, score_text
from abmctl.explain.explanation import (
    Conflict,
    Criteria,
    Explanation,
    History,
    Intent,
    Ownership,
    Tiering,
)
from abmctl.findings import Finding
from abmctl.handoff.report import Handoff
from abmctl.output.escape import terminal
from abmctl.output.formats import View
from abmctl.output.terminal import Paint, painter
from abmctl.output.text import plural, stamp, wrap_listed

VERDICT_STYLE = {"promoted": "green", "demoted": "yellow", "leaving": "red", "held": "yellow"}
SEVERITY_STYLE = {"error": "red", "warning": "yellow", "info": "cyan"}


def render(explanation: Explanation, view: View) -> str:
    return render_text(explanation, color=view.color, width=view.width)


def render_text(e: Explanation, *, color: bool = False, width: int = 100) -> str:
    paint = painter(color)
    sections = [
        _record(e, paint),
        _tiering(e.tiering, paint),
        _intent(e.intent),
        _ownership(e.ownership),
        _handoffs(e.handoffs, paint),
        _conflicts(e.conflicts, paint),
        _findings(e.findings, paint),
        _history(e.history),
    ]
    lines: list[str] = []
    for heading, body in sections:
        if lines:
            lines.append("")
        lines.append(paint(heading, "bold"))
        for line in body:
            lines += wrap_listed(line, width)
    return "\n".join(lines) + "\n"


Section = tuple[str, list[str]]


def _record(e: Explanation, paint: Paint) -> Section:
    a = e.account
    tier = e.tiering
    named = f" {terminal(tier.tier_name)}" if tier.tier_name else ""
    body = [
        terminal(f"{a.path}:{a.line}"),
        f"  domains  {terminal(', '.join(a.domains))}",
        f"  tier     {a.tier}{named}{_since(a.tier_since)}",
        f"  stage    {terminal(a.stage)}{_since(a.stage_since)}",
    ]
    where = [f"region {terminal(a.region)}" if a.region else "no region",
             f"segment {terminal(a.segment)}" if a.segment else ""]
    body.append("  " + ", ".join(w for w in where if w))
    return f"{terminal(a.id)}: {terminal(a.name)} (as of {e.as_of})", body


def _since(day: date | None) -> str:
    return f", since {day}" if day is not None else ""


def _tiering(t: Tiering, paint: Paint) -> Section:
    s = t.standing
    body = [f"  scores: fit {s.fit}, intent {s.intent}, relationship {s.relationship}, "
            f"ACV {score_text(s.acv_potential)}"]
    body.append(_criteria(t.keep, f"tier {t.tier} keep: not defined (ABM003)"))
    body.append(_criteria(t.promote, "no higher tier to promote into"))
    v = t.verdict
    move = v.move
    if move is None:
        said = {"stays": f"stays in tier {t.tier}", "off_motion": "not judged (off the motion)",
                "unknown_tier": "not judged (unknown tier)"}[v.kind]
    else:
        to = "off the list" if move.to_tier is None else f"tier {move.to_tier}"
        said = (f"held at tier {move.from_tier} (for {to})" if v.kind == "held"
                else f"{v.kind} to {to}" if move.to_tier is not None else "leaves the list")
    body.append(f"  plan today: {paint(said, VERDICT_STYLE.get(v.kind, ''))}: "
                f"{terminal(v.reason)}")
    w = v.window
    body.append(f"  review window open until {w.end}" if v.window_open else
                f"  review window closed (ran {w.start} to {w.end}); next opens {w.next_start}")
    return "Tier and why", body


def _criteria(c: Criteria | None, missing: str) -> str:
    if c is None:
        return f"  {missing}"
    verdict = "met" if c.met else "not met"
    return f"  tier {c.tier} {c.kind} ({terminal(c.name)}): {verdict}{listing(list(c.checks))}"


_INSTANT = timedelta(microseconds=1)  # the lookback ends at midnight after the as-of day


def _intent(i: Intent) -> Section:
    window = f"the {(i.until - i.since).days} days to {stamp(i.until - _INSTANT)}"
    added = i.added
    if added is None:
        source = ("no signal rows in the activity: the recorded scores.intent"
                  if i.source == "scores.intent" else
                  "no signal rows in the activity and no scores.intent: 0")
        return f"Intent {i.score}", [f"  {source}"]
    body = [f"  the qualifying signals of {window}"]
    if not added.terms:
        body.append("  no qualifying signal in the lookback")
    for term in added.terms:
        signal = term.signal
        what = " ".join(terminal(part) for part in (signal.detail, signal.contact) if part)
        if signal.type == "web_visit":
            what = f"{len(signal.rows)} visits" + (f", last {what}" if what else "")
        repeat = "" if term.repeats is None else (
            f" (counted at {stamp(term.repeats.occurred_at)})")
        body.append(f"  {stamp(signal.occurred_at):<20} {signal.type:<19} {term.points:+4d}  "
                    f"{what}{repeat}")
    total = (f"  {plural(added.distinct, 'distinct signal')} x {added.per_signal} = "
             f"{added.subtotal}")
    if added.subtotal > added.cap:
        total += f"; capped at {added.cap}"
    body.append(f"{total}: intent {added.score}")
    return f"Intent {i.score}", body


def _ownership(o: Ownership) -> Section:
    motion = "on the motion" if o.on_motion else "off the motion"
    since = f" since {o.stage_since}" if o.stage_since else ""
    body = [f"  {terminal(o.stage)}{since}, {motion}; decides: {terminal(o.decides)} "
            f"(team {terminal(o.decides_team)})"]
    if o.meeting is not None:
        body.append(f"  meeting booked {stamp(o.meeting)}")
    if not o.owners:
        body.append("  no owners named")
    for owner in o.owners:
        who = ", ".join(terminal(p) for p in (owner.name, owner.team) if p) or \
            "not in teams.yaml"
        body.append(f"  {owner.role:<18} {terminal(owner.person)} ({who})")
    return "Stage and owners", body


def _handoffs(handoffs: tuple[Handoff, ...], paint: Paint) -> Section:
    if not handoffs:
        return "Handoff", ["  none open"]
    body = []
    for h in handoffs:
        route = h.route
        to = f"{route.to} {terminal(route.person)}" if route.person else route.to
        alert = f", alert {terminal(', '.join(route.alert))}" if route.alert else ""
        status = paint(h.sla_status, "red" if h.sla_breached else "")
        touch = f", first touch {stamp(h.followed_up)}" if h.followed_up else ""
        body.append(f"  {h.transition} at {stamp(h.at)}: to {to}{alert}; SLA due "
                    f"{stamp(h.due)}, {status}{touch}")
    return "Handoff", body


def _conflicts(conflicts: tuple[Conflict, ...], paint: Paint) -> Section:
    if not conflicts:
        return "Conflicts", ["  none open"]
    body = []
    for c in conflicts:
        f = c.finding
        times = f" ({c.count} alike)" if c.count > 1 else ""
        body.append(f"  {paint(f.severity, SEVERITY_STYLE[f.severity])} {f.code} "
                    f"{terminal(f.message)}{times}")
    return f"Conflicts ({len(conflicts)})", body


def _findings(findings: tuple[Finding, ...], paint: Paint) -> Section:
    if not findings:
        return "Findings", ["  none"]
    return f"Findings ({len(findings)})", [
        f"  {terminal(f.where)}: {paint(f.severity, SEVERITY_STYLE[f.severity])} {f.code} "
        f"{terminal(f.message)}" for f in findings]


def _history(h: History) -> Section:
    body = [f"  {terminal(note)}" for note in h.notes]
    if not h.events and not h.notes:
        body.append("  no tier change in git")
    for event in h.events:
        change = (f"added at tier {event.after}" if event.before is None else
                  f"removed from tier {event.before}" if event.after is None else
                  f"tier {event.before} -> {event.after}")
        body.append(f"  {event.when.astimezone(UTC).date()}  {change:<16} {event.commit[:8]}  "
                    f"{terminal(event.author)}: {terminal(event.subject)}")
    return "Tier history", body
