"""Reading activity exports (SPEC §2.1-2.3): every layout, every account form, every fault."""

from __future__ import annotations

import gzip
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest

from abmctl.engine.activity import Activity
from abmctl.errors import AbmctlError
from abmctl.load.activity_reader import parse_moment, read_activity_files
from abmctl.load.adapters import ADAPTERS, RawRow, SourceFile
from abmctl.load.adapters.canonical import read_canonical
from abmctl.load.registry_files import load_registry
from abmctl.registry import Registry
from tests.support.registry import write

ACCOUNTS = """
accounts:
  - id: northwind
    name: Northwind Traders
    domains: [northwind.com, northwind.co.uk]
    tier: 1
  - id: contoso
    name: Contoso
    domains: [contoso.io]
    tier: 2
"""
HEADER = "occurred_at,account,type,contact,detail,score,sentiment,source"


@pytest.fixture
def reg(registry_root: Path) -> Registry:
    write(registry_root, "registry/accounts/all.yaml", ACCOUNTS)
    return load_registry(registry_root)


def export(reg: Registry, name: str, content: str | bytes) -> Path:
    path = reg.root / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, str):
        path.write_text(content, encoding="utf-8", newline="")
    else:
        path.write_bytes(content)
    return path


def read(reg: Registry, *paths: Path, **options: str) -> Activity:
    return read_activity_files(list(paths), reg, root=reg.root, **options)  # type: ignore[arg-type]


def skipped(activity: Activity) -> list[tuple[str, int, str]]:
    return [(s.path, s.line, s.reason) for s in activity.skipped]


@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_delimiters_are_detected_from_the_header(reg: Registry, delimiter: str) -> None:
    text = (HEADER.replace(",", delimiter) + "\n"
            + delimiter.join(["2026-11-12", "northwind.com", "content_download",
                              "ann@northwind.com", "roi_calculator", "", "", "hubspot"]) + "\n")
    activity = read(reg, export(reg, "a.csv", text))
    [row] = activity.rows
    assert (row.account, row.type, row.contact, row.detail, row.source) == (
        "northwind", "content_download", "ann@northwind.com", "roi_calculator", "hubspot")
    assert row.occurred_at == datetime(2026, 11, 12, tzinfo=UTC)
    assert (row.path, row.line) == ("exports/a.csv", 2)


def test_a_byte_order_mark_does_not_hide_the_first_column(reg: Registry) -> None:
    data = ("\ufeffoccurred_at,account,type\n2026-11-12,northwind,web_visit\n").encode()
    assert len(read(reg, export(reg, "bom.csv", data)).rows) == 1


def test_header_names_are_matched_case_insensitively_and_extra_columns_ignored(
    reg: Registry,
) -> None:
    text = "Type,Occurred_At,Campaign,Account\nweb_visit,2026-11-12,fall,northwind\n"
    [row] = read(reg, export(reg, "a.csv", text)).rows
    assert (row.type, row.account, row.detail) == ("web_visit", "northwind", None)


def test_json_lines_rows_read_like_csv_rows(reg: Registry) -> None:
    text = (
        '{"occurred_at": "2026-11-12T09:30:00Z", "account": "contoso.io", '
        '"type": "third_party_intent", "detail": "data observability", "score": 72}\n'
        "\n"
        '{"occurred_at": "2026-11-13", "account": "northwind", "type": "outbound_response", '
        '"sentiment": "Positive", "contact": null}\n'
    )
    first, second = read(reg, export(reg, "a.jsonl", text)).rows
    assert (first.account, first.score, first.detail) == ("contoso", 72.0, "data observability")
    assert (second.sentiment, second.contact, second.line) == ("positive", None, 3)


@pytest.mark.parametrize("named", [
    "northwind",                      # the account id
    "northwind.com",                  # a domain
    "www.Northwind.COM",              # www. and case
    "northwind.co.uk",                # its second domain
    "eu.northwind.com",               # a subdomain
    "https://www.northwind.com/pricing?utm=x",  # a URL
    "Ann.Lee@Northwind.com",          # an email
    "  northwind.com ",               # stray spaces
])
def test_every_form_of_account_name_matches(reg: Registry, named: str) -> None:
    text = f'{HEADER}\n2026-11-12,"{named}",web_visit,,,,,\n'
    activity = read(reg, export(reg, "a.csv", text))
    assert [r.account for r in activity.rows] == ["northwind"]
    assert activity.unmatched == 0


@pytest.mark.parametrize("named", ["fabrikam.com", "northwind.com.evil.io", "ann@gmail.com"])
def test_rows_of_accounts_not_on_the_list_are_counted_not_reported(
    reg: Registry, named: str,
) -> None:
    text = f"{HEADER}\n2026-11-12,{named},web_visit,,,,,\n2026-11-12,contoso,web_visit,,,,,\n"
    activity = read(reg, export(reg, "a.csv", text))
    assert (len(activity.rows), activity.unmatched, activity.skipped) == (1, 1, [])


@pytest.mark.parametrize(("row", "reason"), [
    ("2026-13-01,northwind,web_visit", "occurred_at '2026-13-01' is not an ISO 8601 date"),
    ("yesterday,northwind,web_visit", "occurred_at 'yesterday' is not an ISO 8601 date"),
    (",northwind,web_visit", "missing required field 'occurred_at'"),
    ("2026-11-12,,web_visit", "missing required field 'account'"),
    ("2026-11-12,northwind,", "missing required field 'type'"),
    ("2026-11-12,northwind,webinar", "unknown type 'webinar' (expected one of: content_download"),
    ("2026-11-12,northwind,third_party_intent,,,high", "score 'high' is not a number"),
    ("2026-11-12,northwind,outbound_response,,,,meh", "sentiment 'meh' is not positive"),
    ("2026-11-12,northwind,web_visit,,,,,,surplus", "9 fields but the header has 8"),
])
def test_a_malformed_row_is_skipped_with_file_and_line_and_the_rest_read(
    reg: Registry, row: str, reason: str,
) -> None:
    text = f"{HEADER}\n2026-11-11,northwind,web_visit\n{row}\n2026-11-13,contoso,web_visit\n"
    activity = read(reg, export(reg, "a.csv", text))
    assert len(activity.rows) == 2
    [(path, line, why)] = skipped(activity)
    assert (path, line) == ("exports/a.csv", 3)
    assert why.startswith(reason)


def test_an_unclosed_quote_loses_its_own_row_only(reg: Registry) -> None:
    # without care, csv reads everything after the stray quote as one value of row 3
    text = (f"{HEADER}\n2026-11-11,northwind,web_visit\n"
            '2026-11-12,northwind,marketing_touch,,"spring promo,,,marketo\n'
            "2026-11-13,contoso,web_visit\n2026-11-14,contoso,web_visit,,\"/a,b\"\n")
    activity = read(reg, export(reg, "a.csv", text))
    assert [(r.line, r.type, r.detail) for r in activity.rows] == [
        (2, "web_visit", None), (4, "web_visit", None), (5, "web_visit", "/a,b"),
    ]
    [(path, line, why)] = skipped(activity)
    assert (path, line) == ("exports/a.csv", 3)
    assert why.startswith("a quote opened in this row never closes")


def test_an_unclosed_quote_running_to_the_end_loses_its_own_row_only(reg: Registry) -> None:
    text = (f'{HEADER}\n2026-11-12,northwind,marketing_touch,,"spring promo,,,marketo\n'
            "2026-11-13,contoso,web_visit\n2026-11-14,contoso,web_visit\n")
    activity = read(reg, export(reg, "a.csv", text))
    assert [r.line for r in activity.rows] == [3, 4]
    assert [(s.line, s.reason[:28]) for s in activity.skipped] == [
        (2, "a quote opened in this row n"),
    ]


def test_a_quoted_value_spanning_lines_at_the_end_is_one_row(reg: Registry) -> None:
    text = f'{HEADER}\n2026-11-11,northwind,web_visit\n2026-11-12,contoso,web_visit,,"a\nb"\n'
    activity = read(reg, export(reg, "a.csv", text))
    assert [(r.line, r.detail) for r in activity.rows] == [(2, None), (3, "a\nb")]
    assert activity.skipped == []


def test_a_missing_required_column_stops_the_run_naming_file_and_columns(reg: Registry) -> None:
    path = export(reg, "crm.csv", "date,company,type\n2026-11-12,northwind,web_visit\n")
    with pytest.raises(AbmctlError) as caught:
        read(reg, path)
    error = caught.value
    assert (error.exit_code, error.path, error.line) == (2, "exports/crm.csv", 1)
    assert "missing required column(s) occurred_at, account" in error.message
    assert "found: date, company, type" in error.message


def test_a_binary_file_is_one_skipped_entry(reg: Registry) -> None:
    activity = read(reg, export(reg, "a.csv", b"PK\x03\x04\x00\x00binary\x00stuff"))
    assert activity.rows == []
    [(path, line, why)] = skipped(activity)
    assert (path, line) == ("exports/a.csv", 1)
    assert "not CSV/JSON Lines" in why


def test_an_empty_file_reads_as_nothing(reg: Registry) -> None:
    activity = read(reg, export(reg, "a.csv", b""))
    assert (activity.rows, activity.skipped, activity.files) == ([], [], ["exports/a.csv"])


def test_latin1_lines_are_skipped_one_by_one_naming_the_byte(reg: Registry) -> None:
    data = (f"{HEADER}\n2026-11-11,northwind,web_visit,,,,,\n"
            "2026-11-12,northwind,web_visit,Jos\xe9,,,,\n"
            "2026-11-13,northwind,web_visit,,,,,\n").encode("latin-1")
    activity = read(reg, export(reg, "a.csv", data))
    assert [r.line for r in activity.rows] == [2, 4]
    assert skipped(activity) == [
        ("exports/a.csv", 3, "not UTF-8 (byte 0xe9); re-save as UTF-8")
    ]


def test_a_header_that_is_not_utf8_stops_the_run(reg: Registry) -> None:
    data = "occurred_at,account,type,d\xe9tail\n2026-11-12,northwind,web_visit,x\n"
    with pytest.raises(AbmctlError, match=r"not UTF-8 \(byte 0xe9\)"):
        read(reg, export(reg, "a.csv", data.encode("latin-1")))


def test_a_bad_json_line_is_skipped_with_its_line(reg: Registry) -> None:
    text = ('{"occurred_at": "2026-11-12", "account": "northwind", "type": "web_visit"}\n'
            '{"occurred_at": "2026-11-12", "account": \n'
            '["not", "an", "object"]\n')
    activity = read(reg, export(reg, "a.ndjson", text))
    assert len(activity.rows) == 1
    assert [(line, why.split(":")[0]) for _, line, why in skipped(activity)] == [
        (2, "not valid JSON"), (3, "not a JSON object (one {...} per line)")
    ]


def test_a_missing_path_stops_the_run(reg: Registry) -> None:
    with pytest.raises(AbmctlError, match="no such file or folder") as caught:
        read(reg, reg.root / "nope.csv")
    assert caught.value.exit_code == 2


def test_a_folder_reads_its_exports_in_name_order_and_nothing_else(reg: Registry) -> None:
    export(reg, "b.csv", "occurred_at,account,type\n2026-11-12,contoso,web_visit\n")
    export(reg, "a.jsonl", '{"occurred_at": "2026-11-12", "account": "northwind", '
                           '"type": "web_visit"}\n')
    export(reg, "notes.md", "# not an export\n")
    export(reg, ".~lock.b.csv#", "junk")
    activity = read(reg, reg.root / "exports")
    assert activity.files == ["exports/a.jsonl", "exports/b.csv"]
    # same moment: file order is kept (the sort is stable)
    assert [r.account for r in activity.rows] == ["northwind", "contoso"]


def test_rows_come_out_in_time_order_across_files(reg: Registry) -> None:
    late = export(reg, "a.csv", "occurred_at,account,type\n2026-11-20,northwind,web_visit\n")
    early = export(reg, "b.csv", "occurred_at,account,type\n2026-11-02,contoso,web_visit\n")
    assert [r.account for r in read(reg, late, early).rows] == ["contoso", "northwind"]


@pytest.mark.parametrize(("text", "moment"), [
    ("2026-11-12", datetime(2026, 11, 12, tzinfo=UTC)),
    ("2026-11-12T09:30:00", datetime(2026, 11, 12, 9, 30, tzinfo=UTC)),
    ("2026-11-12 09:30", datetime(2026, 11, 12, 9, 30, tzinfo=UTC)),
    ("2026-11-12T09:30:00Z", datetime(2026, 11, 12, 9, 30, tzinfo=UTC)),
    ("2026-11-12T09:30:00.250Z", datetime(2026, 11, 12, 9, 30, 0, 250000, tzinfo=UTC)),
    ("2026-11-12T11:30:00+02:00", datetime(2026, 11, 12, 9, 30, tzinfo=UTC)),
])
def test_iso_dates_and_datetimes_become_utc(text: str, moment: datetime) -> None:
    assert parse_moment(text) == moment


def test_date_format_reads_us_locale_dates(reg: Registry) -> None:
    path = export(reg, "sf.csv", "occurred_at,account,type\n11/12/2026,northwind,sales_touch\n"
                                 "2026-11-12,northwind,sales_touch\n")
    activity = read(reg, path, date_format="%m/%d/%Y")
    assert [r.occurred_at for r in activity.rows] == [datetime(2026, 11, 12, tzinfo=UTC)]
    assert "does not match --date-format '%m/%d/%Y'" in skipped(activity)[0][2]


def test_crlf_and_a_quoted_line_break_keep_line_numbers(reg: Registry) -> None:
    text = (f"{HEADER}\r\n2026-11-11,northwind,marketing_touch,,\"Subject:\r\nhello\",,,\r\n"
            "2026-11-12,northwind,bogus,,,,,\r\n")
    activity = read(reg, export(reg, "a.csv", text))
    assert activity.rows[0].detail == "Subject:\r\nhello"
    assert [(s.line, s.reason.split(" ")[0]) for s in activity.skipped] == [(4, "unknown")]


def test_gzip_and_utf16_exports_are_read(reg: Registry) -> None:
    text = "occurred_at\taccount\ttype\n2026-11-12\tnorthwind\tweb_visit\n"
    zipped = export(reg, "a.csv.gz", gzip.compress(text.encode()))
    text = text.replace("2026-11-12", "2026-11-13")  # the same row in both would count once
    excel = export(reg, "b.txt", b"\xff\xfe" + text.encode("utf-16-le"))
    assert len(read(reg, zipped, excel).rows) == 2


def test_type_names_are_forgiving_about_case_and_separators(reg: Registry) -> None:
    text = "occurred_at,account,type\n2026-11-12,northwind,Event-Registration\n"
    assert [r.type for r in read(reg, export(reg, "a.csv", text)).rows] == [
        "event_registration"
    ]


def test_an_unknown_layout_names_the_known_ones(reg: Registry) -> None:
    path = export(reg, "a.csv", "occurred_at,account,type\n")
    with pytest.raises(AbmctlError, match=r"unknown layout 'marketo'; known: .*canonical"):
        read(reg, path, signals_format="marketo")


ENCODINGS = ("utf-8-sig", "cp1252")  # read by the reader: this module declares a fallback


def read_like_a_vendor(source: SourceFile) -> Iterator[RawRow]:
    yield from read_canonical(source)


def test_a_layout_declaring_cp1252_reads_an_excel_saved_file_whole(
    reg: Registry, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(ADAPTERS, "test-cp1252", f"{__name__}:read_like_a_vendor")
    data = "occurred_at,account,type,contact\n2026-11-12,northwind,web_visit,José\n"
    path = export(reg, "a.csv", data.encode("cp1252"))
    activity = read(reg, path, signals_format="test-cp1252")
    assert ([r.contact for r in activity.rows], activity.skipped) == (["José"], [])
