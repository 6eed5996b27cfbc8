"""The reader's fast paths read exactly what the general ones do (SPEC §2.1-2.3): unquoted
files split with `str.split`, timestamps parsed in the loop, rows grouped per account and
`Activity.rows` sorted only when asked for."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest

from abmctl.engine.activity import Activity, ActivityRow
from abmctl.load.activity_reader import parse_moment, read_activity_files
from abmctl.load.adapters import canonical
from abmctl.load.registry_files import load_registry
from abmctl.registry import Registry
from tests.support.registry import write

ACCOUNTS = """
accounts:
  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1}
  - {id: contoso, name: Contoso, domains: [contoso.io], tier: 2}
"""
HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source"
# every way a row can go wrong, and blank and short lines, in one unquoted export
ROWS = [
    "2026-11-12T09:30:00Z,northwind.com,web_visit,,/pricing,,,ga4",
    "",
    "2026-11-12T09:30:00Z,contoso.io,sales_touch,bo@contoso.io,call",
    "2026-11-11,ann@northwind.com,content_download,ann@northwind.com,ebook,,,marketo",
    "   ",
    "2026-11-13T08:00:00+02:00,contoso,outbound_response,,,,Positive,",
    "2026-11-10 10:00,northwind,web_visit,,,,,,,",
    "yesterday,northwind,web_visit,,,,,",
    "2026-11-12,fabrikam.com,web_visit,,,,,",
    "2026-11-12,northwind,third_party_intent,,topic,high,,",
    "2026-11-12,northwind,web_visit,,,,,,surplus",
    "2026-11-12,northwind,Web Visit,, padded ,7.5,,bombora",
]


@pytest.fixture
def reg(registry_root: Path) -> Registry:
    write(registry_root, "registry/accounts/all.yaml", ACCOUNTS)
    return load_registry(registry_root)


def export(reg: Registry, name: str, text: str) -> Path:
    path = reg.root / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="")
    return path


def seen(activity: Activity) -> tuple[list[tuple[Any, ...]], list[str], int]:
    """Everything a reader's caller can see, as plain values."""
    rows = [(r.occurred_at, r.account, r.type, r.contact, r.detail, r.score, r.sentiment,
             r.source, r.line) for r in activity.rows]
    return rows, [f"{s.line}: {s.reason}" for s in activity.skipped], activity.unmatched


def quoted(line: str) -> str:
    """The same row with every value quoted, as Salesforce and Excel write it."""
    return ",".join(f'"{cell}"' for cell in line.split(",")) if line.strip() else line


@pytest.mark.parametrize("eol", ["\n", "\r\n", "\r"])
def test_an_unquoted_export_reads_like_the_same_export_quoted(reg: Registry, eol: str) -> None:
    plain = export(reg, "plain.csv", eol.join([HEADER, *ROWS]) + eol)
    marked = export(reg, "quoted.csv", eol.join([HEADER, *map(quoted, ROWS)]) + eol)
    from_plain = read_activity_files([plain], reg, root=reg.root)
    from_quoted = read_activity_files([marked], reg, root=reg.root)
    assert seen(from_plain) == seen(from_quoted)
    assert len(from_plain.rows) == 6 and from_plain.unmatched == 1
    assert [s.line for s in from_plain.skipped] == [9, 11, 12]


def test_lines_stay_right_when_the_text_is_read_in_slices(
    reg: Registry, monkeypatch: pytest.MonkeyPatch,
) -> None:
    two_lines = '2026-11-14,northwind,web_visit,,"two\r\nlines",,,'
    text = "\r\n".join([HEADER, *ROWS, two_lines]) + "\r\n"
    whole = seen(read_activity_files([export(reg, "a.csv", text)], reg, root=reg.root))
    monkeypatch.setattr(canonical, "_SLICE", 16)  # a slice ends in almost every row
    sliced = seen(read_activity_files([export(reg, "b.csv", text)], reg, root=reg.root))
    assert sliced == whole
    assert whole[0][-1][4:] == ("two\r\nlines", None, None, None, 14)


def test_a_line_past_the_csv_field_limit_is_skipped_as_csv_would(reg: Registry) -> None:
    huge = "x" * (csv.field_size_limit() + 1)
    text = f"{HEADER}\n2026-11-12,northwind,web_visit,,{huge},,,\n2026-11-12,contoso,web_visit\n"
    activity = read_activity_files([export(reg, "a.csv", text)], reg, root=reg.root)
    assert [r.account for r in activity.rows] == ["contoso"]
    assert [(s.line, s.reason.split(":")[0]) for s in activity.skipped] == [
        (2, "cannot split the row")]


@pytest.mark.parametrize("text", [
    "2026-11-12T09:30:00Z", "2026-11-12T09:30:00.250Z", "2026-11-12T11:30:00+02:00",
    "2026-11-12T09:30:00", "2026-11-12", " 2026-11-12T09:30:00Z ", "2026-11-12T25:00:00Z",
])
def test_timestamps_read_in_the_loop_match_parse_moment(reg: Registry, text: str) -> None:
    path = export(reg, "a.csv", f"occurred_at,account,type\n{text},northwind,web_visit\n")
    activity = read_activity_files([path], reg, root=reg.root)
    expected = parse_moment(text)
    if isinstance(expected, str):
        assert [s.reason for s in activity.skipped] == [expected]
    else:
        assert [r.occurred_at for r in activity.rows] == [expected]
        assert activity.rows[0].occurred_at.tzinfo is UTC


def test_rows_and_accounts_come_out_in_time_order_ties_in_file_order(reg: Registry) -> None:
    first = export(reg, "a.csv", "occurred_at,account,type\n2026-11-12,contoso,web_visit\n"
                                 "2026-11-10,northwind,web_visit\n2026-11-12,northwind,sales_touch\n")
    second = export(reg, "b.csv", "occurred_at,account,type\n2026-11-12,northwind,web_visit\n"
                                  "2026-11-09,contoso,meeting_booked\n")
    activity = read_activity_files([first, second], reg, root=reg.root)
    by_account = {a: [(r.path[-5:], r.line) for r in rows]
                  for a, rows in activity.by_account.items()}
    # accounts in the order of their first row, as grouping the sorted rows would give
    assert by_account == {"contoso": [("b.csv", 3), ("a.csv", 2)],
                          "northwind": [("a.csv", 3), ("a.csv", 4), ("b.csv", 2)]}
    assert list(by_account) == ["contoso", "northwind"]
    assert [(r.path[-5:], r.line) for r in activity.rows] == [
        ("b.csv", 3), ("a.csv", 3), ("a.csv", 2), ("a.csv", 4), ("b.csv", 2)]


def test_an_activity_made_from_rows_groups_them_by_account() -> None:
    moment = datetime(2026, 11, 12, tzinfo=UTC)
    rows = [ActivityRow(moment, "contoso", "web_visit"),
            ActivityRow(moment, "northwind", "web_visit"),
            ActivityRow(moment, "contoso", "sales_touch")]
    activity = Activity(rows=rows, unmatched=2)
    assert activity.rows is rows
    assert {a: [r.type for r in group] for a, group in activity.by_account.items()} == {
        "contoso": ["web_visit", "sales_touch"], "northwind": ["web_visit"]}
    assert repr(activity) == "Activity(3 rows, 2 unmatched, 0 skipped, files=[])"


def test_a_score_or_sentiment_found_good_once_does_not_excuse_the_rest_of_a_row(
        reg: Registry) -> None:
    rows = ["2026-11-12,northwind,outbound_response,,,7.5,Positive,",  # both good: remembered
            "2026-11-12,northwind,outbound_response,,,7.5,meh,",
            "2026-11-12,northwind,outbound_response,,,high,Positive,",
            "someday,northwind,outbound_response,,,7.5,Positive,",
            "2026-11-12,nowhere.example,outbound_response,,,7.5,Positive,",
            "2026-11-12,northwind,outbound_response,,,Positive,7.5,",
            "2026-11-13,contoso,outbound_response,,,7.5,Positive,"]
    activity = read_activity_files([export(reg, "a.csv", "\n".join([HEADER, *rows]))], reg,
                                   root=reg.root)
    assert [(r.account, r.score, r.sentiment) for r in activity.rows] == [
        ("northwind", 7.5, "positive"), ("contoso", 7.5, "positive")]
    assert [(s.line, s.reason.split(" ")[0]) for s in activity.skipped] == [
        (3, "sentiment"), (4, "score"), (5, "occurred_at"), (7, "score")]
    assert activity.unmatched == 1
