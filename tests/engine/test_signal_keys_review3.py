"""Review: a signal holds its row (web visits: the visits counted too) and shares its
`(type, contact)` key with the other signals of that contact; a normal text is its own normal
form. The keys still compare as before: contacts that differ only in case, surrounding space or
`-`/space for `_` are one key, a contact None and "" alike are no contact, and a `distinct_by`
other than the default normalizes as it did."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from abmctl.engine.activity import ActivityRow, normal_form
from abmctl.engine.signals import intent_score, qualifying_signals
from abmctl.model.settings import SignalSettings

DAY = datetime(2026, 11, 1, 9, 0, tzinfo=UTC)
AS_OF = date(2026, 11, 20)


def row(kind: str, hours: float, contact: str | None = None,
        detail: str | None = None) -> ActivityRow:
    return ActivityRow(DAY + timedelta(hours=hours), "northwind", kind, contact, detail,
                       line=int(hours) + 2)


def test_contacts_alike_but_for_case_space_and_dashes_are_one_key() -> None:
    rules = SignalSettings()
    rows = [row("event_attendance", n, contact) for n, contact in enumerate(
        ["Ann@X.com", " ann@x.com ", "ANN@X.COM", "ann@x.com",
         "mary-jane@x.com", "mary_jane@x.com", "Mary Jane@x.com",
         None, "", "   "])]
    found = qualifying_signals(rows, rules)
    assert [s.key for s in found] == (
        [("event_attendance", "ann@x.com")] * 4 + [("event_attendance", "mary_jane@x.com")] * 3
        + [("event_attendance", None)] * 3)
    assert len({s.key for s in found}) == 3
    assert intent_score(found, rules, AS_OF) == 3 * rules.intent_score.per_signal
    # each signal holds its own row, and says that row's contact and detail
    assert [s.row for s in found] == rows
    assert all(s.rows == (s.row,) and s.counted is None for s in found)
    assert [s.contact for s in found] == [r.contact for r in rows]


def test_a_web_visit_signal_holds_the_visits_it_counted_and_says_the_last() -> None:
    rules = SignalSettings()
    visits = [row("web_visit", n * 24, f"v{n}@x.com", f"/page/{n}") for n in range(7)]
    found = qualifying_signals(visits, rules)
    assert [(s.row, s.rows) for s in found] == [
        (visits[2], tuple(visits[0:3])), (visits[5], tuple(visits[3:6]))]
    assert [(s.key, s.contact, s.detail) for s in found] == [
        (("web_visit", None), None, "/page/2"), (("web_visit", None), None, "/page/5")]


@pytest.mark.parametrize(("distinct_by", "keys"), [
    (["type"], 2),
    (["contact"], 2),  # ann (twice written) and no contact
    (["type", "detail"], 4),  # White-Paper = white_paper = white paper, per type
    (["type", "contact", "detail"], 4),
    (["type", "source"], 2),
])
def test_other_distinct_keys_normalize_as_they_did(distinct_by: list[str], keys: int) -> None:
    rules = SignalSettings(distinct_by=distinct_by)  # type: ignore[arg-type]
    rows = [row("event_attendance", 0, "Ann@X.com", "White-Paper"),
            row("event_attendance", 1, "ann@x.com", "white_paper"),
            row("event_attendance", 2, None, "case study"),
            row("third_party_intent", 3, "", None),
            row("third_party_intent", 4, "ann@x.com", "white paper")]
    rows[3].score = rows[4].score = 90.0
    found = qualifying_signals(rows, rules)
    assert len(found) == 5
    assert len({s.key for s in found}) == keys
    assert intent_score(found, rules, AS_OF) == min(rules.intent_score.cap,
                                                    keys * rules.intent_score.per_signal)


@pytest.mark.parametrize(("text", "form"), [
    (None, ""), ("", ""), ("   ", ""), ("white_paper", "white_paper"),
    ("White-Paper", "white_paper"), (" case study ", "case_study"), ("a-b c_d", "a_b_c_d"),
])
def test_normal_form_is_the_same_text_whether_or_not_it_was_normal(
        text: str | None, form: str) -> None:
    assert normal_form(text) == form
    if text and text == form:
        assert normal_form(text) is text  # its own normal form, not a copy
