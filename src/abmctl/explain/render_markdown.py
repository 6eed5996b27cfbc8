"""An account's explanation in Markdown (a ticket, a pull-request comment); every value from
the registry or the activity goes through `output.escape.markdown`."""

from __future__ import annotations

from datetime import UTC, timedelta

from abmctl.engine.standing import listing, score_text
from abmctl.explain.explanation import Criteria, Explanation
from abmctl.output.escape import markdown, markdown_code
from abmctl.output.formats import View
from abmctl.output.text import stamp


def render(explanation: Explanation, view: View) -> str:
    return render_markdown(explanation)


def render_markdown(e: Explanation) -> str:
    a, t, i, o = e.account, e.tiering, e.intent, e.ownership
    lines = [f"## {markdown(a.name)} ({markdown_code(a.id)})", "",
             f"As of {e.as_of}; {markdown_code(f'{a.path}:{a.line}')}", "",
             f"- domains: {markdown(', '.join(a.domains))}",
             f"- tier: {a.tier}" + (f" {markdown(t.tier_name)}" if t.tier_name else "")
             + (f", since {a.tier_since}" if a.tier_since else ""),
             f"- stage: {markdown(a.stage)}" + (f", since {a.stage_since}" if a.stage_since
                                                 else ""),
             f"- region: {markdown(a.region or '-')}; segment: {markdown(a.segment or '-')}",
             "", "### Tier and why", "",
             f"Scores: fit {t.standing.fit}, intent {t.standing.intent}, relationship "
             f"{t.standing.relationship}, ACV {score_text(t.standing.acv_potential)}", ""]
    lines += [_criteria(t.keep, "keep: tier not defined"),
              _criteria(t.promote, "no higher tier to promote into")]
    v = t.verdict
    move = "" if v.move is None else (
        f" (tier {v.move.from_tier} → "
        f"{'off the list' if v.move.to_tier is None else v.move.to_tier})")
    w = v.window
    window = (f"Review window open until {w.end}." if v.window_open else
              f"Review window closed (ran {w.start} to {w.end}); next opens {w.next_start}.")
    lines += ["", f"**Plan today: {v.kind.replace('_', ' ')}**{move}: {markdown(v.reason)}", "",
              window, ""]
    lines += [f"### Intent {i.score}", ""]
    if i.added is None:
        lines.append("No signal rows in the activity: " + (
            "the recorded `scores.intent`." if i.source == "scores.intent" else
            "no `scores.intent` either, so 0."))
    else:
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
        lines += ["", f"{i.added.distinct} distinct x {i.added.per_signal} = "
                  f"{i.added.subtotal}{capped}: **intent {i.added.score}**"]
    lines += ["", "### Stage and owners", "",
              f"{markdown(o.stage)}, {'on' if o.on_motion else 'off'} the motion; decides: "
              f"{markdown(o.decides)} (team {markdown(o.decides_team)})", ""]
    lines += [f"- {o_.role}: {markdown(o_.person)}"
              + (f" ({markdown(o_.name)})" if o_.name else "") for o_ in o.owners] or \
        ["- no owners named"]
    lines += ["", "### Handoff", ""]
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
    lines += ["", "### Tier history", ""]
    h = e.history
    lines += [markdown(note) for note in h.notes]
    lines += [f"- {ev.when.astimezone(UTC).date()}: {_change(ev.before, ev.after)}, "
              f"{markdown_code(ev.commit[:8])} {markdown(ev.author)}: {markdown(ev.subject)}"
              for ev in h.events] or ([] if h.notes else ["No tier change in git."])
    return "\n".join(lines) + "\n"


def _criteria(c: Criteria | None, missing: str) -> str:
    if c is None:
        return f"- {missing}"
    return (f"- tier {c.tier} {c.kind} ({markdown(c.name)}): {'met' if c.met else 'not met'}"
            f"{markdown(listing(list(c.checks)))}")


def _change(before: int | None, after: int | None) -> str:
    if before is None:
        return f"added at tier {after}"
    return f"removed from tier {before}" if after is None else f"tier {before} → {after}"
