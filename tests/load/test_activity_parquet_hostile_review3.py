"""Review: Parquet exports made with odd schemas and values, as a hostile or careless
warehouse writes them. Each is read as the text a CSV would hold, or refused with one clear
message naming the file (and the row, where it is a row); never a traceback."""

from __future__ import annotations

import gzip
import os
import re
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import polars as pl
import pytest

from abmctl.engine.activity import Activity
from abmctl.errors import AbmctlError
from abmctl.load.activity_reader import read_activity_files
from abmctl.load.registry_files import load_registry
from abmctl.registry import Registry
from tests.support.cli import invoke
from tests.support.registry import write

ACCOUNTS = """
accounts:
  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1}
  - {id: contoso, name: Contoso, domains: [contoso.io], tier: 2}
"""
WHEN = "2026-11-02T09:30:00Z"


@pytest.fixture
def reg(registry_root: Path) -> Registry:
    write(registry_root, "registry/accounts/all.yaml", ACCOUNTS)
    return load_registry(registry_root)


def place(reg: Registry, name: str, frame: pl.DataFrame, **options: object) -> Path:
    path = reg.root / "exports" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(path, **options)  # type: ignore[arg-type]
    return path


def read(reg: Registry, path: Path) -> Activity:
    return read_activity_files([path], reg, root=reg.root)


def rows(count: int, **columns: object) -> pl.DataFrame:
    """`count` rows on northwind, with `columns` beside (or instead of) the required ones."""
    base: dict[str, object] = {"occurred_at": [WHEN] * count,
                               "account": ["northwind.com"] * count,
                               "type": ["third_party_intent"] * count}
    return pl.DataFrame({**base, **columns})


def skipped(activity: Activity) -> list[tuple[int, str]]:
    return [(s.line, s.reason.split(" (")[0]) for s in activity.skipped]


@pytest.mark.parametrize(("score", "read_as", "refused"), [
    (pl.Series([Decimal("75.50")], dtype=pl.Decimal(10, 2)), 75.5, None),
    (pl.Series([2**64 - 1], dtype=pl.UInt64), float(2**64 - 1), None),
    (pl.Series([0.5], dtype=pl.Float32), 0.5, None),
    (pl.Series([None], dtype=pl.Null), None, None),
    (pl.Series(["80"], dtype=pl.Categorical), 80.0, None),
    (pl.Series(["80"], dtype=pl.Enum(["80", "90"])), 80.0, None),
    (pl.Series([float("nan")]), None, "score 'NaN' is not a number"),
    (pl.Series([float("inf")]), None, "score 'inf' is not a number"),
    (pl.Series([True]), None, "score 'true' is not a number"),
    (pl.Series([time(1, 2, 3)]), None, "score '01:02:03' is not a number"),
], ids=["decimal", "uint64-max", "float32", "null-type", "categorical", "enum", "nan", "inf",
        "bool", "time"])
def test_a_typed_score_is_read_as_its_text_would_be(
        reg: Registry, score: pl.Series, read_as: float | None, refused: str | None) -> None:
    activity = read(reg, place(reg, "s.parquet", rows(1, score=score)))
    if refused is None:
        [row] = activity.rows
        assert row.score == read_as
    else:
        assert activity.rows == []
        assert skipped(activity) == [(1, refused)]


@pytest.mark.parametrize("unit", ["ms", "us", "ns"])
@pytest.mark.parametrize("zone", [None, "UTC", "America/New_York", "Asia/Kolkata"])
def test_datetimes_in_any_unit_and_zone_are_utc_moments(
        reg: Registry, unit: str, zone: str | None) -> None:
    moment = pl.Series([datetime(2026, 11, 2, 9, 30)]).cast(pl.Datetime(unit))  # type: ignore[arg-type]
    if zone is not None:
        moment = moment.dt.replace_time_zone(zone)
    [row] = read(reg, place(reg, "t.parquet", rows(1, occurred_at=moment))).rows
    offset = {None: 0, "UTC": 0, "America/New_York": -5 * 60, "Asia/Kolkata": 5 * 60 + 30}
    assert row.occurred_at == (datetime(2026, 11, 2, 9, 30, tzinfo=UTC)
                               - timedelta(minutes=offset[zone]))


def test_moments_and_days_far_from_now_are_skipped_rows_naming_them(reg: Registry) -> None:
    far = pl.Series([datetime(1, 1, 1), datetime(9999, 12, 31, 23, 59, 59),
                     datetime(1969, 12, 31, 23, 59, 59)], dtype=pl.Datetime("us", "UTC"))
    activity = read(reg, place(reg, "far.parquet", rows(3, occurred_at=far.dt.convert_time_zone(
        "Asia/Tokyo"))))
    assert [r.occurred_at for r in activity.rows] == [
        datetime(1969, 12, 31, 23, 59, 59, tzinfo=UTC)]
    assert skipped(activity) == [
        (1, "occurred_at '0001-01-01T00:00:00Z' is outside the years 1900-2999"),
        (2, "occurred_at '9999-12-31T23:59:59Z' is outside the years 1900-2999")]
    days = pl.Series([date(1960, 2, 29), date(1, 1, 1), date(1900, 1, 1)])
    activity = read(reg, place(reg, "days.parquet", rows(3, occurred_at=days)))
    assert [(r.line, r.occurred_at) for r in activity.rows] == [  # oldest first
        (3, datetime(1900, 1, 1, tzinfo=UTC)), (1, datetime(1960, 2, 29, tzinfo=UTC))]
    assert skipped(activity) == [(2, "occurred_at '0001-01-01' is outside the years 1900-2999")]
    clock = read(reg, place(reg, "clock.parquet", rows(1, occurred_at=[time(9, 30)])))
    assert skipped(clock) == [(1, "occurred_at '09:30:00' is not an ISO 8601 date or datetime")]


def test_empty_text_and_null_are_both_an_absent_value(reg: Registry) -> None:
    frame = rows(4, account=["", None, "northwind.com", "northwind.com"],
                 contact=["", None, "", None], detail=pl.Series([None] * 4, dtype=pl.Null))
    activity = read(reg, place(reg, "e.parquet", frame))
    assert skipped(activity) == [(1, "missing required field 'account'"),
                                 (2, "missing required field 'account'")]
    assert [(r.contact, r.detail) for r in activity.rows] == [(None, None), (None, None)]


def test_odd_shapes_read_as_their_rows(reg: Registry) -> None:
    header_only = pl.DataFrame({name: pl.Series([], dtype=pl.String)
                                for name in ("occurred_at", "account", "type")})
    activity = read(reg, place(reg, "none.parquet", header_only))
    assert (activity.rows, activity.skipped, activity.sources[0].rows) == ([], [], 0)
    assert activity.sources[0].format == "parquet"
    wide = rows(2, **{f"extra_{n}": [n, n] for n in range(3_000)})
    assert len(read(reg, place(reg, "wide.parquet", wide)).rows) == 2
    many = rows(40, detail=[f"d{n}" for n in range(40)])
    one_by_one = read(reg, place(reg, "groups.parquet", many, row_group_size=1))
    assert [(r.line, r.detail) for r in one_by_one.rows] == [(n + 1, f"d{n}") for n in range(40)]
    # lists, structs and arrays outside the canonical columns are other columns: ignored
    nested = rows(1, tags=[["a", "b"]], meta=[{"k": 1}],
                  vec=pl.Series([[1, 2]], dtype=pl.Array(pl.Int64, 2)))
    [row] = read(reg, place(reg, "nested.parquet", nested)).rows
    assert row.account == "northwind"


def test_column_names_alike_but_for_case_are_refused_as_a_csv_header_is(
        reg: Registry) -> None:
    # `type` and `TYPE` name one column twice: which one holds the type is unclear, so the
    # file is refused naming it (exit 2), a Parquet file's columns as a CSV header's
    frame = pl.DataFrame({"occurred_at": [WHEN], "type": ["web_visit"],
                          "account": ["northwind.com"], "TYPE": ["meeting_booked"]})
    said = "the header names the column type 2 times (columns 2, 4)"
    with pytest.raises(AbmctlError, match=r"twice\.parquet: " + re.escape(said)):
        read(reg, place(reg, "twice.parquet", frame))
    frame.write_csv(reg.root / "exports" / "twice.csv")
    with pytest.raises(AbmctlError, match=r"twice\.csv:1: " + re.escape(said)):
        read(reg, reg.root / "exports" / "twice.csv")


def test_a_dictionary_encoded_export_reads_every_row(reg: Registry) -> None:
    frame = rows(5_000, contact=["ann@northwind.com", "bo@northwind.com"] * 2_500)
    path = place(reg, "dict.parquet", frame, compression="zstd", statistics=True)
    activity = read(reg, path)
    assert len(activity.rows) == 5_000
    assert {r.contact for r in activity.rows} == {"ann@northwind.com", "bo@northwind.com"}


def test_control_and_bidi_characters_never_reach_the_terminal_raw(reg: Registry) -> None:
    """A Parquet value may hold what no CSV export would (a NUL); it is printed escaped, as
    every value is, in the skipped rows and the unmatched accounts."""
    frame = pl.DataFrame({
        "occurred_at": ["2026\x1b[31m-11-02", "\u202e2026-11-02", "x\x00y", WHEN, WHEN],
        "account": ["northwind.com"] * 3 + ["a\x00b.com", "\u202eevil\x07.com"],
        "type": ["web_visit"] * 5})
    path = place(reg, "weird.parquet", frame)
    done = invoke("signals", "--root", str(reg.root), "--as-of", "2026-11-10", "--skipped",
                  "--unmatched", "--no-registry-signals", "--signals", str(path))
    assert done.returncode == 0, done.stderr
    for raw in ("\x1b", "\x00", "\u202e", "\x07"):
        assert raw not in done.stdout and raw not in done.stderr
    for escaped in ("2026\\x1b[31m-11-02", "\\u202e2026-11-02", "x\\x00y", "a\\x00b.com",
                    "\\u202eevil\\x07.com"):
        assert escaped in done.stdout


def _stops(reg: Registry, *signals: str) -> list[str]:
    done = invoke("handoff", "--root", str(reg.root), "--as-of", "2026-11-10", *signals)
    assert done.returncode == 2, done.stdout
    return [line for line in done.stderr.splitlines() if line.startswith("abmctl: error:")]


def test_a_gzipped_csv_named_parquet_is_refused_naming_the_file(reg: Registry) -> None:
    path = reg.root / "exports" / "week.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(gzip.compress(f"occurred_at,account,type\n{WHEN},northwind.com,"
                                   "web_visit\n".encode()))
    [line] = _stops(reg, "--no-registry-signals", "--signals", str(path))
    assert line.startswith("abmctl: error: exports/week.parquet: text, not a Parquet file")


def test_a_parquet_file_with_one_column_name_twice_is_one_entry_naming_it(
        reg: Registry) -> None:
    place(reg, "two.parquet", pl.DataFrame({"occurred_at": [WHEN], "account": ["northwind.com"],
                                            "type": ["web_visit"], "accounx": ["contoso.io"]}))
    path = reg.root / "exports" / "two.parquet"
    path.write_bytes(path.read_bytes().replace(b"accounx", b"account"))
    activity = read(reg, path)
    [entry] = activity.skipped
    assert (entry.path, entry.line, entry.unread) == ("exports/two.parquet", 1, True)
    assert "'account' has more than one occurrence" in entry.reason
    [line] = _stops(reg, "--no-registry-signals", "--signals", str(path))
    assert line.startswith("abmctl: error: exports/two.parquet:")


def test_a_link_out_of_the_root_or_a_fifo_named_parquet_in_signals_is_not_read(
        reg: Registry, tmp_path_factory: pytest.TempPathFactory) -> None:
    outside = tmp_path_factory.mktemp("outside") / "elsewhere.parquet"
    rows(1).write_parquet(outside)
    signals = reg.root / "registry" / "signals"
    signals.mkdir(parents=True, exist_ok=True)
    (signals / "link.parquet").symlink_to(outside)
    [line] = _stops(reg)
    assert line.startswith("abmctl: error: registry/signals/link.parquet: a symbolic link to a "
                           "file outside the registry root")
    (signals / "link.parquet").unlink()
    os.mkfifo(signals / "pipe.parquet")
    [line] = _stops(reg)
    assert line.startswith("abmctl: error: registry/signals/pipe.parquet: a named pipe (FIFO)")
