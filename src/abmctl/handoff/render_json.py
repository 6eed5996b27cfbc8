"""Handoffs as the stable `handoffs` document (`"version": 1`).

Indented by two spaces, with each flat record (a signal, a history entry, a topic) on one
line. Written out directly rather than through `json.dumps(indent=2)`: a million-row run can
hand off ten thousand accounts with hundreds of thousands of history entries, and the indenting
encoder is pure Python (seconds at that size).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import datetime
from typing import Any

from abmctl.handoff.packet import Packet
from abmctl.handoff.report import Handoff, HandoffReport
from abmctl.output.formats import View
from abmctl.output.json_text import escaped
from abmctl.output.run_info import json_members
from abmctl.output.text import iso_stamp


def render(report: HandoffReport, view: View) -> Iterator[str]:
    return json_chunks(report)  # large: written as it is made


def render_json(report: HandoffReport) -> str:
    """`{"version": 1, "as_of", "handoffs": [...], "excluded", "sources", "unmatched_rows",
    "skipped_rows"}`."""
    return "".join(json_chunks(report))


def json_chunks(report: HandoffReport) -> Iterator[str]:
    """The document in pieces, one handoff each: a run with ten thousand handoffs writes
    150 MB, and holding it whole would double the run's memory."""
    yield f'{{\n  "version": 1,\n  "as_of": "{report.as_of.isoformat()}",\n  "handoffs": ['
    # an account's handoffs share one dossier (history, content, topics): render it once, keep
    # it until its last use
    uses = Counter(_shared(h.packet) for h in report.handoffs if h.packet)
    dossiers: dict[tuple[int, int, int], tuple[str, str, str]] = {}
    for n, handoff in enumerate(report.handoffs):
        yield ",\n" if n else "\n"
        yield escaped(_handoff(handoff, dossiers, uses))  # one search over the whole handoff
    yield "\n  ]" if report.handoffs else "]"
    yield ",\n" + json_members(report.run_info)
    yield (f'  "unmatched_rows": {report.unmatched_rows},\n'
           f'  "skipped_rows": {report.skipped_rows}\n}}\n')


def _handoff(handoff: Handoff, dossiers: dict[tuple[int, int, int], tuple[str, str, str]],
             uses: Counter[tuple[int, int, int]]) -> str:
    account, route = handoff.account, handoff.route
    fields = [
        ("account", _text(account.id)),
        ("tier", str(account.tier)),
        ("stage", _text(account.stage)),
        ("transition", _text(handoff.transition)),
        ("route", _value({"to": route.to, "person": route.person, "alert": list(route.alert)})),
        ("signals", _lines([
            f'{{"type": {_text(s.type)}, "occurred_at": "{iso_stamp(s.occurred_at)}", '
            f'"contact": {_maybe(s.contact)}, "detail": {_maybe(s.detail)}}}'
            for s in handoff.signals], "      ")),
        ("at", _text(iso_stamp(handoff.at))),  # the crossing (or booked meeting): text's time
        ("due", _text(iso_stamp(handoff.due))),
        ("sla_breached", "true" if handoff.sla_breached else "false"),
        ("sla_status", _text(handoff.sla_status)),
        ("first_touch", _text(iso_stamp(handoff.followed_up)) if handoff.followed_up is not None
         else "null"),
        ("packet", _packet(handoff.packet, dossiers, uses) if handoff.packet else "null"),
    ]
    return "    " + _object(fields, "    ")


def _packet(packet: Packet, dossiers: dict[tuple[int, int, int], tuple[str, str, str]],
            uses: Counter[tuple[int, int, int]]) -> str:
    key = _shared(packet)
    shared = dossiers.pop(key, None)
    if shared is None:
        shared = _dossier(packet)
    uses[key] -= 1
    if uses[key] > 0:
        dossiers[key] = shared
    history, content, topics = shared
    fields = [
        ("research", _value(packet.research)),
        ("engagement_history", history),
        ("content_consumed", content),
        ("intent_topics", topics),
        ("suggested_approach", _text(packet.suggested_approach)),
        ("engagement_history_left_out", str(packet.engagement_history.left_out)),
    ]
    return _object(fields, "      ")


def _shared(packet: Packet) -> tuple[int, int, int]:
    """What a packet shares with the other packets of its account's dossier."""
    return id(packet.engagement_history), id(packet.content_consumed), id(packet.intent_topics)


def _dossier(packet: Packet) -> tuple[str, str, str]:
    """The history, content and topics of a packet: the same in each handoff of its account."""
    return (
        _lines(_entries(packet.engagement_history.plain()), "        "),
        _lines([
            f'{{"type": {_text(c.type)}, "detail": {_text(c.detail)}, "count": {c.count}, '
            f'"last": "{iso_stamp(c.last)}"}}' for c in packet.content_consumed], "        "),
        _records((
            {"topic": t.topic, "source": t.source, "score": _number(t.score),
             "last": iso_stamp(t.last)} for t in packet.intent_topics), "        "),
    )


def _entries(history: Iterable[tuple[datetime, str, str | None, str | None, bool]],
             ) -> list[str]:
    """One line per entry: the bulk of a large document (hundreds of thousands of entries), so
    written with one f-string each rather than through a dict and the encoder."""
    string = _STRING
    return [
        f'{{"occurred_at": "{iso_stamp(moment)}", "type": {string(kind)}, '
        f'"contact": {"null" if contact is None else string(contact)}, '
        f'"detail": {"null" if detail is None else string(detail)}, '
        f'"qualifying": {"true" if qualifying else "false"}}}'
        for moment, kind, contact, detail, qualifying in history
    ]


def _object(fields: Sequence[tuple[str, str]], indent: str) -> str:
    """`{` fields, one a line, indented under `indent` `}`."""
    body = ",\n".join(f'{indent}  "{name}": {value}' for name, value in fields)
    return f"{{\n{body}\n{indent}}}"


def _records(records: Iterable[dict[str, Any]], indent: str) -> str:
    return _lines([_value(r) for r in records], indent)


def _lines(items: Sequence[str], indent: str) -> str:
    """`[` items, one a line, under a field indented by `indent` `]`."""
    if not items:
        return "[]"
    body = f",\n{indent}  ".join(items)
    return f"[\n{indent}  {body}\n{indent}]"


def _number(value: float | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if float(value).is_integer() else value


def _no_default(value: object) -> Any:
    raise TypeError(f"not JSON: {value!r}")


# json.dumps(..., ensure_ascii=False) builds a new encoder per call: build the C one once
_ENCODER: Any = getattr(json.encoder, "c_make_encoder", None)
_ENCODE = (_ENCODER(None, _no_default, json.encoder.encode_basestring, None, ": ", ", ",
                    False, False, True) if _ENCODER is not None else None)
_STRING: Any = json.encoder.encode_basestring


def _value(value: Any) -> str:
    """Any JSON value on one line."""
    if value is None:
        return "null"
    if isinstance(value, str):
        return _text(value)
    if _ENCODE is None:
        return json.dumps(value, ensure_ascii=False)
    return "".join(_ENCODE(value, 0))


def _text(value: str) -> str:
    encoded: str = _STRING(value)
    return encoded


def _maybe(value: str | None) -> str:
    """A string or null."""
    return "null" if value is None else _text(value)
