"""What `abmctl handoff` prints: the packet, the JSON of SPEC §3.3, text and Markdown (the
command line itself is tested in tests/commands/test_handoff.py)."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from abmctl.handoff.packet import History, HistoryEntry
from abmctl.handoff.render_json import render_json
from abmctl.handoff.render_markdown import render_markdown
from abmctl.handoff.render_text import render_text
from abmctl.handoff.report import HandoffReport, handoff_report
from tests.handoff.builders import (
    AS_OF,
    account,
    activity,
    at,
    hot_rows,
    make_registry,
    packet_of,
    row,
)

RESEARCH = "Expanding into three EU markets; CFO targets a 15% opex cut."


def brightwater(tmp_path: Path, as_of: date = AS_OF) -> HandoffReport:
    """One hot Tier 1 account with research, an ROI download, a surge and a registration."""
    reg = make_registry(tmp_path, account(stage="engagement", research=RESEARCH))
    rows = [*hot_rows(day=12), row("web_visit", at(5), detail="/pricing"),
            row("content_download", at(8), "dee@x.com", "ebook"),
            row("marketing_touch", at(1), detail="email: roundtable invite"),
            row("web_visit", at(1, month=7), detail="/old")]  # older than the 90-day lookback
    found = handoff_report(reg, activity(*rows), as_of)
    found = HandoffReport(found.as_of, found.handoffs, unmatched_rows=3, skipped_rows=1)
    return found


def test_the_packet_carries_research_history_content_topics_and_an_approach(
    tmp_path: Path,
) -> None:
    [handoff] = brightwater(tmp_path).handoffs
    packet = packet_of(handoff)
    assert packet.research == RESEARCH
    history = [(e.occurred_at.day, e.type, e.qualifying) for e in packet.engagement_history]
    assert history[0] == (1, "marketing_touch", False)  # the July visit is outside the lookback
    assert (6, "third_party_intent", True) in history and (8, "content_download", False) in history
    assert [(c.type, c.detail, c.count) for c in packet.content_consumed] == [
        ("content_download", "roi_calculator", 1), ("content_download", "ebook", 1),
        ("web_visit", "/pricing", 1)]
    assert [(t.topic, t.source, t.score) for t in packet.intent_topics] == [
        ("data observability", "bombora", 78)]  # 'ebook' names a kind of asset, not a topic


def test_on_the_day_it_turns_hot_the_approach_gives_the_time_to_call_by(tmp_path: Path) -> None:
    [handoff] = brightwater(tmp_path, as_of=date(2026, 11, 12)).handoffs
    assert packet_of(handoff).suggested_approach.startswith(
        "Tier 1, 1:1, hot (4 distinct signals in 14 days): the AE reaches out by Nov 13 "
        "09:00 UTC; open with")


def test_the_suggested_approach_is_written_from_what_the_account_did(tmp_path: Path) -> None:
    [handoff] = brightwater(tmp_path).handoffs
    approach = packet_of(handoff).suggested_approach
    # as of AS_OF the 24 hours ran out with no call
    assert approach.startswith("Tier 1, 1:1, hot (4 distinct signals in 14 days): the AE's "
                               "call was due by Nov 13 09:00 UTC (SLA breached); open with")
    assert "the ROI calculator they downloaded on Nov 8" in approach
    assert "the 'data observability' surge" in approach
    assert "cy@x.com's positive reply" in approach
    assert "'Executive roundtable, London' (Dec 3), which they registered for" in approach


def test_an_account_with_nothing_to_cite_is_told_to_start_from_research(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, account(meeting_booked="2026-11-20", research=RESEARCH))
    [handoff] = handoff_report(reg, None, AS_OF).handoffs
    assert packet_of(handoff).suggested_approach.endswith(
        "Prepare with the account research (no content engagement recorded yet).")


def test_json_is_the_stable_handoff_document(tmp_path: Path) -> None:
    document = json.loads(render_json(brightwater(tmp_path)))
    assert list(document) == ["version", "as_of", "handoffs", "excluded", "sources",
                              "unmatched_rows", "skipped_rows"]
    assert (document["version"], document["as_of"]) == (1, "2026-11-23")
    assert (document["unmatched_rows"], document["skipped_rows"]) == (3, 1)
    [handoff] = document["handoffs"]
    assert list(handoff) == ["account", "tier", "stage", "transition", "route", "signals",
                             "at", "due", "sla_breached", "sla_status", "first_touch", "packet"]
    assert handoff["route"] == {"to": "ae", "person": "ana.lima",
                                "alert": ["mei.chen", "raj.patel"]}
    assert handoff["signals"][0] == {"type": "third_party_intent",
                                     "occurred_at": "2026-11-06T09:00:00Z", "contact": None,
                                     "detail": "data observability"}
    assert (handoff["due"], handoff["sla_breached"]) == ("2026-11-13T09:00:00Z", True)
    # the crossing the text shows, and no sales touch yet: what the text's SLA column says
    assert (handoff["at"], handoff["sla_status"], handoff["first_touch"]) == (
        "2026-11-12T09:00:00Z", "breached", None)
    packet: dict[str, Any] = handoff["packet"]
    assert list(packet) == ["research", "engagement_history", "content_consumed",
                            "intent_topics", "suggested_approach",
                            "engagement_history_left_out"]
    assert packet["engagement_history_left_out"] == 0
    assert packet["content_consumed"][0] == {"type": "content_download",
                                             "detail": "roi_calculator", "count": 1,
                                             "last": "2026-11-08T09:00:00Z"}
    assert packet["intent_topics"][0]["score"] == 78
    assert packet["engagement_history"][1]["qualifying"] is False


def test_text_marks_breaches_and_ends_with_the_summary(tmp_path: Path) -> None:
    text = render_text(brightwater(tmp_path))
    assert "BREACHED" in text and "northwind" in text and "\x1b[" not in text
    assert text.splitlines()[-1] == "1 handoff, 1 overdue; 3 unmatched rows, 1 skipped row"


def test_text_details_show_the_packet_in_a_panel(tmp_path: Path) -> None:
    text = render_text(brightwater(tmp_path), details=True)
    assert "Northwind · Tier 1 · engagement" in text
    for label in ("research", "content", "intent topics", "approach", "history"):
        assert f"│ {label}" in text
    assert "roi_calculator (1 download, last 2026-11-08 09:00 UTC)" in text


def test_an_empty_report_says_so(tmp_path: Path) -> None:
    report = handoff_report(make_registry(tmp_path), activity(), AS_OF)
    assert render_text(report).splitlines()[1:] == [
        "No account needs a handoff.", "0 handoffs, 0 overdue; 0 unmatched rows, 0 skipped rows"]


def test_markdown_is_a_table_a_summary_and_with_details_each_packet(tmp_path: Path) -> None:
    report = brightwater(tmp_path)
    plain = render_markdown(report)
    assert "| `northwind` | 1 | engagement | hot | Nov 13 09:00 | ae ana.lima |" not in plain
    assert "| `northwind` | 1 | engagement | hot | 2026-11-12 09:00 | ae ana.lima | " \
           "mei.chen, raj.patel | 2026-11-13 09:00 | **BREACHED** |" in plain
    assert "**1 handoff, 1 overdue; 3 unmatched rows, 1 skipped row**" in plain
    assert "### " not in plain
    detailed = render_markdown(report, details=True)
    assert "### Northwind (`northwind`), Tier 1, engagement" in detailed
    assert f"**Research.** {RESEARCH}" in detailed


def test_since_is_checked_against_the_as_of_date_too(tmp_path: Path) -> None:
    report = handoff_report(make_registry(tmp_path), activity(*hot_rows(day=12)), AS_OF,
                            since=date(2026, 11, 13))
    assert report.handoffs == []


def test_json_survives_quotes_line_breaks_and_accents_and_repeats_shared_histories(
    tmp_path: Path,
) -> None:
    """An awareness account that is also hot has two handoffs sharing one history."""
    reg = make_registry(tmp_path, account(research='Said "hi" in Zürich'))
    rows = [*hot_rows(day=20), row("marketing_touch", at(2), detail='mail "Q4"\n\t\\ ünïcode')]
    report = handoff_report(reg, activity(*rows), AS_OF)
    document = json.loads(render_json(report))
    first, second = document["handoffs"]
    assert first["packet"]["research"] == 'Said "hi" in Zürich'
    assert first["packet"]["engagement_history"] == second["packet"]["engagement_history"]
    assert first["packet"]["engagement_history"][0]["detail"] == 'mail "Q4"\n\t\\ ünïcode'


# --- what makes a large report fast changes nothing it says -----------------------------------

def test_a_history_reads_as_a_sequence_of_entries() -> None:
    rows = [row("web_visit", at(1), detail="/pricing"), row("content_download", at(2), "ann",
                                                            "case_study")]
    history = History(rows, [False, True])
    entries = [HistoryEntry(at(1), "web_visit", None, "/pricing", False),
               HistoryEntry(at(2), "content_download", "ann", "case_study", True)]
    assert (list(history), len(history), history[-1]) == (entries, 2, entries[1])
    assert list(history[-1:]) == entries[1:] and list(history.plain()) == entries
    assert history == History(list(rows), [False, True]) != History(rows, [False, False])


def test_plain_text_is_the_colored_text_without_its_colors(tmp_path: Path) -> None:
    """Without a terminal the table is written as plain text, not laid out by rich."""
    reg = make_registry(tmp_path, account(), account("contoso", tier=2, stage="engagement"),
                        account("fabrikam", tier=3))
    rows = [*hot_rows(day=12), *hot_rows(day=20, account_id="contoso"),
            row("meeting_booked", at(21), account_id="fabrikam")]
    report = handoff_report(reg, activity(*rows), AS_OF)
    colored = re.sub(r"\x1b\[[0-9;]*m", "", render_text(report, color=True, width=72))
    assert len(report.handoffs) == 4
    assert render_text(report, width=72) == "".join(
        line.rstrip() + "\n" for line in colored.splitlines())


def _visits(count: int) -> list[Any]:
    """`count` page visits on Nov 1-9, before the hot rows of Nov 12."""
    return [row("web_visit", at(1 + n % 9, 8, n % 60), detail=f"/p{n}") for n in range(count)]


@pytest.mark.parametrize(("visits", "kept", "left_out"), [(6, 10, 0), (7, 10, 1), (20, 10, 14)])
def test_a_packet_keeps_the_last_ten_history_entries_and_counts_the_rest(
    tmp_path: Path, visits: int, kept: int, left_out: int,
) -> None:
    reg = make_registry(tmp_path, account(stage="engagement"))
    rows = [*_visits(visits), *hot_rows(day=12)]  # 4 hot rows + the visits
    [handoff] = handoff_report(reg, activity(*rows), AS_OF).handoffs
    history = packet_of(handoff).engagement_history
    assert (len(history), history.left_out, history.total) == (kept, left_out, visits + 4)
    assert history[-1].type == "outbound_response"  # the latest entries are the ones kept
    document = json.loads(render_json(handoff_report(reg, activity(*rows), AS_OF)))
    packet = document["handoffs"][0]["packet"]
    assert (len(packet["engagement_history"]), packet["engagement_history_left_out"]) == (
        kept, left_out)


def test_history_all_keeps_every_entry_and_a_count_keeps_that_many(tmp_path: Path) -> None:
    reg = make_registry(tmp_path, account(stage="engagement"))
    rows = [*_visits(20), *hot_rows(day=12)]
    every = handoff_report(reg, activity(*rows), AS_OF, history=None).handoffs[0]
    two = handoff_report(reg, activity(*rows), AS_OF, history=2).handoffs[0]
    full, short = packet_of(every).engagement_history, packet_of(two).engagement_history
    assert (len(full), full.left_out) == (24, 0)
    assert (len(short), short.left_out) == (2, 22)
    assert list(short) == list(full)[-2:]
    assert [e.qualifying for e in short] == [True, True]  # the last two hot rows made signals
    assert "last 2 of 24" in render_markdown(handoff_report(reg, activity(*rows), AS_OF,
                                                            history=2), details=True)
