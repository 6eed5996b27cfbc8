"""An account's explanation in Markdown (a ticket, a pull-request comment); every value from
the registry or the activity goes through `output.escape.markdown`."""

from __future__ import annotations

from datetime import UTC, timedelta

from abmctl.engine.standing import listing, score_text
from abmctl.explain.explanation import (
    Criteria,
    Explanation,
    History,
    Intent,
    Ownership,
    Tiering,
)
from abmctl.output.escape import markdown, markdown_code
from abmctl.output.formats import View
from abmctl.output.text import stamp


def render(explanation: Explanation, view: View) -> str:
    return render_markdown(explanation)


def render_markdown(e: Explanation) -> str:
    lines = [*_record(e), *_tiering(e.tiering), *_intent(e.intent), *_ownership(e.ownership),
             "### Handoff", ""]
    lines += [f"- {h.transition} at {stamp(h.at)}: to {h.route.to} "
              f"{markdown(h.route.person or '')}; SLA due {stamp(h.due)}, {h.sla_status}"
              for h in e.handoffs] or ["None open."]
    lines += ["", "### Conflicts", ""]
    lines += [f"- {c.finding.severity} {c.finding.code}: {markdown(c.finding.message)}"
              + (f" ({c.count} alike)" if c.count > 1 else "") for c in e.conflicts] \
        or ["None open."]
    lines += ["", "### Findings", ""]
    lines += [f"- {markdown_code(f.where)} {f.severity} {f.code}: {markdown(f.message)}"
              for f in e.findings] or ["None."]
    lines += ["", "### Tier history", "", *_history(e.history)]
    return "\n".join(lines) + "\n"


def _record(e: Explanation) -> list[str]:
    a, t = e.account, e.tiering
    return [f"## {markdown(a.name)} ({markdown_code(a.id)})", "",
            f"As of {e.as_of}; {markdown_code(f'{a.path}:{a.line}')}", "",
            f"- domains: {markdown(', '.join(a.domains))}",
            f"- tier: {a.tier}" + (f" {markdown(t.tier_name)}" if t.tier_name else "")
            + (f", since {a.tier_since}" if a.tier_since else ""),
            f"- stage: {markdown(a.stage)}" + (f", since {a.stage_since}" if a.stage_since
                                                else ""),
            f"- region: {markdown(a.region or '-')}; segment: {markdown(a.segment or '-')}", ""]


def _tiering(t: Tiering) -> list[str]:
    v, w = t.verdict, t.verdict.window
    move = "" if v.move is None else (
        f" (tier {v.move.from_tier} → "
        f"{'off the list' if v.move.to_tier is None else v.move.to_tier})")
    window = (f"Review window open until {w.end}." if v.window_open else
              f"Review window closed (ran {w.start} to {w.end}); next opens {w.next_start}.")
    return ["### Tier and why", "",
            f"Scores: fit {t.standing.fit}, intent {t.standing.intent}, relationship "
            f"{t.standing.relationship}, ACV {score_text(t.standing.acv_potential)}", "",
            _criteria(t.keep, "keep: tier not defined"),
            _criteria(t.promote, "no higher tier to promote into"), "",
            f"**Plan today: {v.kind.replace('_', ' ')}**{move}: {markdown(v.reason)}", "",
            window, ""]


def _intent(i: Intent) -> list[str]:
    lines = [f"### Intent {i.score}", ""]
    if i.added is None:
        return [*lines, "No signal rows in the activity: " + (
            "the recorded `scores.intent`." if i.source == "scores.intent" else
            "no `scores.intent` either, so 0."), ""]
    lines += [f"The qualifying signals of the {(i.until - i.since).days} days to "
              f"{stamp(i.until - timedelta(microseconds=1))}:", "",
              "| when | type | detail | contact | points |", "|---|---|---|---|---:|"]
    for term in i.added.terms:
        s = term.signal
        points = str(term.points) if term.repeats is None else \
            f"0 (counted at {stamp(term.repeats.occurred_at)})"
        lines.append(f"| {stamp(s.occurred_at)} | {s.type} | {markdown(s.detail or '')} | "
                     f"{markdown(s.contact or '')} | {points} |")
    capped = f", capped at {i.added.cap}" if i.added.subtotal > i.added.cap else ""
    return [*lines, "", f"{i.added.distinct} distinct x {i.added.per_signal} = "
            f"{i.added.subtotal}{capped}: **intent {i.added.score}**", ""]


def _ownership(o: Ownership) -> list[str]:
    owners = [f"- {w.role}: {markdown(w.person)}" + (f" ({markdown(w.name)})" if w.name else "")
              for w in o.owners] or ["- no owners named"]
    return ["### Stage and owners", "",
            f"{markdown(o.stage)}, {'on' if o.on_motion else 'off'} the motion; decides: "
            f"{markdown(o.decides)} (team {markdown(o.decides_team)})", "", *owners, ""]


def _history(h: History) -> list[str]:
    lines = [markdown(note) for note in h.notes]
    return lines + [f"- {ev.when.astimezone(UTC).date()}: {_change(ev.before, ev.after)}, "
                    f"{markdown_code(ev.commit[:8])} {markdown(ev.author)}: "
                    f"{markdown(ev.subject)}" for ev in h.events] \
        or ["No tier change in git."]


def _criteria(c: Criteria | None, missing: str) -> str:
    if c is None:
        return f"- {missing}"
    return (f"- tier {c.tier} {c.kind} ({markdown(c.name)}): {'met' if c.met else 'not met'}"
            f"{markdown(listing(list(c.checks)))}")


def _change(before: int | None, after: int | None) -> str:
    if before is None:
        return f"added at tier {after}"
    return f"removed from tier {before}" if after is None else f"tier {before} → {after}"
