"""Parquet exports (docs/reference.md, registry/signals/): read like a canonical CSV export,
columns matched by name as a header's are, rows through the same checks, row numbers for
lines (row 1 is the first row), typed dates as UTC moments, a damaged file one unread entry."""

from __future__ import annotations

import io
from datetime import UTC, date, datetime
from pathlib import Path

import polars as pl
import pytest

from abmctl.engine.activity import Activity
from abmctl.errors import AbmctlError
from abmctl.load import activity_reader
from abmctl.load.activity_reader import head_start, read_activity_files, read_sources
from abmctl.load.adapters import parquet
from abmctl.load.adapters.parquet import ParquetRows, read_parquet
from abmctl.load.registry_files import load_registry
from abmctl.load.sources import Layout, Source
from abmctl.registry import Registry
from tests.support.registry import write

ACCOUNTS = """
accounts:
  - id: northwind
    name: Northwind Traders
    domains: [northwind.com]
    tier: 1
  - id: contoso
    name: Contoso
    domains: [contoso.io]
    tier: 2
"""
# every kind of row the reader tells apart: good ones (an e-mail, a URL-less domain, a zone,
# a score), a bad date, an unknown type, an account on no list, an empty account, a bad score
ROWS = {
    "occurred_at": ["2026-11-02T09:30:00Z", "2026-11-03", "2026-11-04T10:00:00+02:00",
                    "yesterday", "2026-11-05T00:00:00Z", "2026-11-06T00:00:00Z",
                    "2026-11-07", "2026-11-08", "2026-11-09T08:00:00"],
    "account": ["ann@northwind.com", "contoso.io", "northwind.com", "northwind.com",
                "nobody.example", "contoso.io", "", "contoso.io", "Contoso.IO"],
    "type": ["web_visit", "Third Party Intent", "meeting_booked", "web_visit", "web_visit",
             "telepathy", "web_visit", "third_party_intent", "sales_touch"],
    "contact": ["ann@northwind.com", "", " bob@contoso.io ", "", "", "", "", "", "eve"],
    "detail": ["/pricing", "data platforms", "", "", "", "", "", "crm", "call"],
    "score": ["", "75", "", "", "", "", "", "lots", ""],
    "sentiment": ["", "", "", "", "", "", "", "", "Positive"],
    "source": ["site", "bombora", "crm", "site", "site", "site", "site", "bombora", "crm"],
}


@pytest.fixture
def reg(registry_root: Path) -> Registry:
    write(registry_root, "registry/accounts/all.yaml", ACCOUNTS)
    return load_registry(registry_root)


def place(reg: Registry, name: str, frame: pl.DataFrame | bytes, **options: object) -> Path:
    path = reg.root / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(frame, bytes):
        path.write_bytes(frame)
    else:
        frame.write_parquet(path, **options)  # type: ignore[arg-type]
    return path


def read(reg: Registry, path: Path, **options: object) -> Activity:
    return read_activity_files([path], reg, root=reg.root, **options)  # type: ignore[arg-type]


def rows_of(activity: Activity) -> list[tuple[object, ...]]:
    return [(r.occurred_at, r.account, r.type, r.contact, r.detail, r.score, r.sentiment,
             r.source, r.line) for r in activity.rows]


def test_a_parquet_export_reads_as_its_csv_does_row_for_row_and_fault_for_fault(
    reg: Registry,
) -> None:
    frame = pl.DataFrame(ROWS)
    from_parquet = read(reg, place(reg, "week.parquet", frame))
    frame.write_csv(reg.root / "exports" / "week.csv")
    from_csv = read(reg, reg.root / "exports" / "week.csv")
    # the same rows, field by field; a Parquet file has no header line, so its row N is
    # the CSV's line N + 1
    assert [(*r[:-1], r[-1] + 1) for r in rows_of(from_parquet)] == rows_of(from_csv)  # type: ignore[operator]
    assert [(s.line + 1, s.reason) for s in from_parquet.skipped] == [
        (s.line, s.reason) for s in from_csv.skipped]
    assert [(s.line, s.reason.split(" (")[0]) for s in from_parquet.skipped] == [
        (4, "occurred_at 'yesterday' is not an ISO 8601 date or datetime"),
        (6, "unknown type 'telepathy'"),
        (7, "missing required field 'account'"),
        (8, "score 'lots' is not a number"),
    ]
    assert from_parquet.unmatched == from_csv.unmatched == 1
    assert from_parquet.unmatched_accounts == {"exports/week.parquet": {"nobody.example": 1}}
    assert from_csv.unmatched_accounts == {"exports/week.csv": {"nobody.example": 1}}
    [pq], [text] = from_parquet.sources, from_csv.sources
    assert (pq.path, pq.format) == ("exports/week.parquet", "parquet")
    assert (text.path, text.format) == ("exports/week.csv", "canonical")
    counts = ("rows", "matched", "unmatched", "skipped", "duplicates", "first", "last")
    assert [getattr(pq, c) for c in counts] == [getattr(text, c) for c in counts]
    assert (pq.rows, pq.matched, pq.unmatched, pq.skipped) == (9, 4, 1, 4)
    northwind = [r for r in from_parquet.rows if r.account == "northwind"]
    assert northwind[1].occurred_at == datetime(2026, 11, 4, 8, 0, tzinfo=UTC)
    assert northwind[1].contact == "bob@contoso.io"  # stripped, as a CSV value is


def test_column_names_match_as_a_csv_headers_do_and_other_columns_are_ignored(
    reg: Registry,
) -> None:
    frame = pl.DataFrame({" Type ": ["web_visit"], "Campaign": ["fall"],
                          "OCCURRED_AT": ["2026-11-12"], "Account": ["northwind.com"]})
    [row] = read(reg, place(reg, "a.parquet", frame)).rows
    assert (row.occurred_at, row.account, row.type, row.line) == (
        datetime(2026, 11, 12, tzinfo=UTC), "northwind", "web_visit", 1)


def test_typed_columns_are_read_as_the_moments_and_numbers_they_hold(reg: Registry) -> None:
    naive = pl.DataFrame({
        "occurred_at": [datetime(2026, 11, 2, 9, 30, 0, 250), datetime(2026, 11, 3), None],
        "account": ["northwind.com", "contoso.io", "contoso.io"],
        "type": ["web_visit", "third_party_intent", "web_visit"],
        "score": [None, 75.5, None],
        "detail": [None, "crm", None],
    })
    activity = read(reg, place(reg, "naive.parquet", naive))
    assert [(r.occurred_at, r.score, r.detail) for r in activity.rows] == [
        (datetime(2026, 11, 2, 9, 30, 0, 250, tzinfo=UTC), None, None),  # naive = UTC
        (datetime(2026, 11, 3, tzinfo=UTC), 75.5, "crm"),
    ]
    assert [(s.line, s.reason) for s in activity.skipped] == [
        (3, "missing required field 'occurred_at'")]  # null: absent, as an empty cell
    zoned = pl.DataFrame({
        "occurred_at": pl.Series([datetime(2026, 11, 2, 11, 30)]).dt.replace_time_zone(
            "Europe/Berlin"),
        "account": ["northwind.com"], "type": ["third_party_intent"], "score": [80],
    })
    [row] = read(reg, place(reg, "zoned.parquet", zoned)).rows
    assert (row.occurred_at, row.score) == (datetime(2026, 11, 2, 10, 30, tzinfo=UTC), 80.0)
    days = pl.DataFrame({"occurred_at": [date(2026, 11, 2), date(3001, 1, 1)],
                         "account": ["northwind.com"] * 2, "type": ["web_visit"] * 2,
                         "score": pl.Series([None, None], dtype=pl.Int32)})
    activity = read(reg, place(reg, "days.parquet", days))
    assert [r.occurred_at for r in activity.rows] == [datetime(2026, 11, 2, tzinfo=UTC)]
    assert [(s.line, s.reason) for s in activity.skipped] == [
        (2, "occurred_at '3001-01-01' is outside the years 1900-2999")]
    nanoseconds = pl.DataFrame({
        "occurred_at": pl.Series([datetime(2026, 11, 2, 9, 30)]).cast(pl.Datetime("ns")),
        "account": ["northwind.com"], "type": ["web_visit"]})
    [row] = read(reg, place(reg, "ns.parquet", nanoseconds)).rows
    assert row.occurred_at == datetime(2026, 11, 2, 9, 30, tzinfo=UTC)


def test_date_format_reads_a_text_column_and_leaves_a_date_column_alone(
    reg: Registry,
) -> None:
    text = pl.DataFrame({"occurred_at": ["02/11/2026", "2026-11-03"],
                         "account": ["northwind.com"] * 2, "type": ["web_visit"] * 2})
    activity = read(reg, place(reg, "text.parquet", text), date_format="%d/%m/%Y")
    assert [r.occurred_at for r in activity.rows] == [datetime(2026, 11, 2, tzinfo=UTC)]
    assert [s.reason for s in activity.skipped] == [
        "occurred_at '2026-11-03' does not match --date-format '%d/%m/%Y'"]
    typed = text.with_columns(pl.Series("occurred_at", [date(2026, 11, 2), date(2026, 11, 3)]))
    activity = read(reg, place(reg, "typed.parquet", typed), date_format="%d/%m/%Y")
    assert [r.occurred_at.day for r in activity.rows] == [2, 3]
    assert activity.skipped == []


@pytest.mark.parametrize("compression",
                         ["snappy", "zstd", "gzip", "lz4", "brotli", "uncompressed"])
def test_parquets_own_compression_is_read(reg: Registry, compression: str) -> None:
    frame = pl.DataFrame(ROWS)
    activity = read(reg, place(reg, "c.parquet", frame, compression=compression))
    assert len(activity.rows) == 4


def test_a_parquet_file_is_known_by_its_mark_whatever_its_name(reg: Registry) -> None:
    activity = read(reg, place(reg, "warehouse-export.csv", _bytes(pl.DataFrame(ROWS))))
    assert len(activity.rows) == 4
    assert activity.sources[0].format == "parquet"


@pytest.mark.parametrize(("column", "values", "shown"), [
    ("detail", [["a", "b"]], "List(String)"),
    ("score", [{"value": 1}], "Struct"),
    ("contact", pl.Series([[1, 2]], dtype=pl.Array(pl.Int64, 2)), "Array"),
])
def test_a_column_of_lists_or_structs_stops_the_run_naming_it(
    reg: Registry, column: str, values: object, shown: str,
) -> None:
    frame = pl.DataFrame({"occurred_at": ["2026-11-02"], "account": ["northwind.com"],
                          "type": ["web_visit"]}).with_columns(pl.Series(column, values))
    with pytest.raises(AbmctlError) as caught:
        read(reg, place(reg, "nested.parquet", frame))
    error = caught.value
    assert (error.path, error.line, error.exit_code) == ("exports/nested.parquet", None, 2)
    assert error.message.startswith(f"column {column!r} ({column}) holds {shown}")
    assert "flatten it in the export" in error.message


def test_a_parquet_file_without_the_required_columns_stops_naming_them(reg: Registry) -> None:
    frame = pl.DataFrame({"when": ["2026-11-02"], "account": ["northwind.com"]})
    with pytest.raises(AbmctlError) as caught:
        read(reg, place(reg, "bad.parquet", frame))
    error = caught.value
    assert (error.path, error.line) == ("exports/bad.parquet", None)
    assert error.message.startswith("missing required column(s) occurred_at, type (found: "
                                    "when, account)")
    assert "rename the columns in the export" in error.message


def test_bytes_columns_are_read_as_utf8_and_a_value_that_is_not_skips_its_row(
    reg: Registry,
) -> None:
    frame = pl.DataFrame({
        "occurred_at": [b"2026-11-02", b"2026-11-03", b"2026-11-04"],
        "account": [b"northwind.com", b"\xffnorthwind.com", b"contoso.io"],
        "type": [b"web_visit", b"web_\xfevisit", b"web_visit"],
    })
    activity = read(reg, place(reg, "bytes.parquet", frame))
    assert [r.account for r in activity.rows] == ["northwind", "contoso"]
    assert [(s.line, s.reason) for s in activity.skipped] == [
        (2, "'account': not UTF-8 (byte 0xff); export it as UTF-8 text")]  # one reason a row
    assert activity.sources[0].rows == 3


DAMAGED = {
    "empty": (b"", "an empty file, not a Parquet file"),
    "csv inside": (b"occurred_at,account,type\n2026-11-02,northwind.com,web_visit\n",
                   "text, not a Parquet file (it does not begin with PAR1): a CSV or JSON Lines "
                   "export is read when named .csv"),
    "random bytes": (bytes(range(256)) * 4, "not a Parquet file (it does not begin with PAR1)"),
    "cut short": (None, "damaged Parquet file: it ends before its footer (PAR1) does"),
    "scrambled": (b"PAR1" + b"\x07" * 64 + b"PAR1", "damaged Parquet file (parquet: "),
}


@pytest.mark.parametrize("case", list(DAMAGED))
def test_a_file_that_is_not_readable_parquet_is_one_unread_entry(
    reg: Registry, case: str,
) -> None:
    raw, said = DAMAGED[case]
    if raw is None:
        whole = _bytes(pl.DataFrame(ROWS))
        raw = whole[: len(whole) // 2]
    activity = read(reg, place(reg, "broken.parquet", raw))
    assert activity.rows == []
    [entry] = activity.skipped
    assert (entry.path, entry.line, entry.unread) == ("exports/broken.parquet", 1, True)
    assert entry.reason.startswith(said)
    assert activity.sources[0].format == "canonical"  # never read as Parquet
    assert (activity.sources[0].rows, activity.sources[0].skipped) == (1, 1)


def test_rows_past_the_bound_are_refused_off_the_footer_and_text_before_python_has_it(
    reg: Registry,
) -> None:
    raw = _bytes(pl.DataFrame(ROWS))
    assert read_parquet(raw, "x.parquet", max_rows=8, max_text=1 << 20) == (
        "9 rows, more than the 8 one Parquet file may hold; not read (docs/limits.md)")
    text = sum(len(v.encode()) for values in ROWS.values() for v in values)
    fits = read_parquet(raw, "x.parquet", max_rows=9, max_text=text)
    assert isinstance(fits, ParquetRows)
    assert len(list(fits.records([]))) == 9
    too_much = read_parquet(raw, "x.parquet", max_rows=9, max_text=text - 1)
    assert isinstance(too_much, ParquetRows)
    with pytest.raises(AbmctlError) as caught:
        list(too_much.records([]))
    assert caught.value.path == "x.parquet"
    assert caught.value.message.startswith("its values' text passes 0 MiB, the bound of one "
                                           "export, by row 9; not read")


def test_a_large_file_is_read_a_batch_at_a_time_with_its_lines_and_faults(
    reg: Registry, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(parquet, "BATCH", 4)  # 9 rows: batches of 4, 4 and 1
    frame = pl.DataFrame({"occurred_at": [f"2026-11-{d:02}" for d in range(1, 10)],
                          "account": [b"northwind.com"] * 4 + [b"\xff"] + [b"contoso.io"] * 4,
                          "type": ["web_visit"] * 8 + ["nap"]})
    activity = read(reg, place(reg, "big.parquet", frame, row_group_size=3))
    assert [(r.line, r.occurred_at.day, r.account) for r in activity.rows] == [
        (n, n, "northwind" if n < 5 else "contoso") for n in (1, 2, 3, 4, 6, 7, 8)]
    assert [(s.line, s.reason.split(" (")[0]) for s in activity.skipped] == [
        (5, "'account': not UTF-8"), (9, "unknown type 'nap'")]


def test_a_vendor_layout_refuses_a_parquet_file_naming_it(reg: Registry) -> None:
    path = place(reg, "hs.parquet", pl.DataFrame(ROWS))
    with pytest.raises(AbmctlError) as caught:
        read(reg, path, signals_format="hubspot")
    assert caught.value.path == "exports/hs.parquet"
    assert caught.value.message.startswith(
        "a Parquet file, read in the canonical layout only (its columns by name, or by a "
        "column map's); the layout hubspot reads text exports")


def test_a_parquet_file_is_never_cut_in_parts_nor_read_ahead(
    reg: Registry, monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(activity_reader, "_can_split", lambda: True)
    frame = pl.DataFrame({name: values * 20 for name, values in ROWS.items()})
    real = place(reg, "big.parquet", frame)
    text = reg.root / "exports" / "text.parquet"  # a CSV named .parquet: not read as CSV
    frame.write_csv(text)
    for path in (real, text):
        source = Source(path, Layout(), False)
        assert head_start([source], reg.root, split_at=10) is None
    activity = read_sources([Source(real, Layout(), False)], reg, reg.root, split_at=10)
    assert len(activity.rows) == 80
    activity = read_sources([Source(text, Layout(), False)], reg, reg.root, split_at=10)
    assert [(s.line, s.unread) for s in activity.skipped] == [(1, True)]


def _bytes(frame: pl.DataFrame) -> bytes:
    out = io.BytesIO()
    frame.write_parquet(out)
    return out.getvalue()


def test_a_small_file_of_one_long_value_repeated_is_refused_before_python_holds_it(
    reg: Registry,
) -> None:
    rows = 3_000  # 3,000 x 100 KB: 300 MB of text in a file of a few KB
    frame = pl.DataFrame({"occurred_at": pl.repeat("2026-11-02", rows, eager=True),
                          "account": pl.repeat("x" * 100_000, rows, eager=True),
                          "type": pl.repeat("web_visit", rows, eager=True)})
    path = place(reg, "bomb.parquet", frame)
    assert path.stat().st_size < 100_000
    with pytest.raises(AbmctlError) as caught:
        read(reg, path)
    assert caught.value.path == "exports/bomb.parquet"
    assert caught.value.message == (
        "its values' text passes 256 MiB, the bound of one export, by row 3,000; not read "
        "(docs/limits.md)")
