"""A column map (`--signals-map`, a sources.yaml `map`) on a Parquet export: its columns found
as in a CSV header, its constants and values applied as to a CSV's rows, the same rows,
faults and counts as the same export as CSV; vendor layouts refuse a Parquet file."""

from __future__ import annotations

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
  - id: northwind
    name: Northwind Traders
    domains: [northwind.com]
    tier: 1
  - id: contoso
    name: Contoso
    domains: [contoso.io]
    tier: 2
"""
MAP = """
columns: {occurred_at: Activity Date, account: Email Address, type: Activity Type,
          contact: Email Address, detail: Page}
constants: {source: warehouse}
values: {type: {Visit Web Page: web_visit, Fill Out Form: content_download, Open Email: null}}
"""
EXPORT = {
    "activity_date": ["2026-11-02", "2026-11-03", "2026-11-04", "later", "2026-11-05",
                      "2026-11-06", "2026-11-07"],
    "EMAIL ADDRESS": ["ann@northwind.com", " bob@contoso.io ", "ann@northwind.com",
                      "ann@northwind.com", "eve@nowhere.example", "", "ann@northwind.com"],
    "Activity  Type": ["Visit Web Page", "fill out form", "Open Email", "Visit Web Page",
                       "Visit Web Page", "Visit Web Page", "Dance"],
    "Page": ["/pricing", "/roi", "", "/a", "/b", "/c", "/d"],
    "Campaign": ["x"] * 7,
}


@pytest.fixture
def reg(registry_root: Path) -> Registry:
    write(registry_root, "registry/accounts/all.yaml", ACCOUNTS)
    write(registry_root, "maps/warehouse.yaml", MAP)
    return load_registry(registry_root)


def read(reg: Registry, path: Path, **options: object) -> Activity:
    return read_activity_files([path], reg, root=reg.root, **options)  # type: ignore[arg-type]


def facts(activity: Activity, shift: int) -> tuple[object, ...]:
    [source] = activity.sources
    return (
        [(r.occurred_at, r.account, r.type, r.contact, r.detail, r.source, r.line + shift)
         for r in activity.rows],
        [(s.line + shift, s.reason) for s in activity.skipped],
        [dict(counts) for counts in activity.unmatched_accounts.values() if counts],
        (source.rows, source.matched, source.unmatched, source.skipped),
    )


def test_a_mapped_parquet_export_reads_as_the_same_export_as_csv(reg: Registry) -> None:
    frame = pl.DataFrame(EXPORT)
    (reg.root / "exports").mkdir()
    frame.write_parquet(reg.root / "exports" / "w.parquet")
    frame.write_csv(reg.root / "exports" / "w.csv")
    options = {"signals_map": reg.root / "maps" / "warehouse.yaml"}
    from_parquet = read(reg, reg.root / "exports" / "w.parquet", **options)
    from_csv = read(reg, reg.root / "exports" / "w.csv", **options)
    assert facts(from_parquet, 1) == facts(from_csv, 0)
    rows, skipped, unmatched, counts = facts(from_parquet, 0)
    assert [(r[1], r[2], r[3], r[5]) for r in rows] == [  # type: ignore[index]
        ("northwind", "web_visit", "ann@northwind.com", "warehouse"),
        ("contoso", "content_download", "bob@contoso.io", "warehouse"),
    ]
    assert [(line, why.split(" (")[0]) for line, why in skipped] == [  # type: ignore[attr-defined]
        (4, "occurred_at 'later' is not an ISO 8601 date or datetime"),
        (6, "missing required field 'account'"),
        (7, "unknown type 'Dance'"),
    ]
    assert unmatched == [{"eve@nowhere.example": 1}]
    assert counts == (6, 2, 1, 3)  # the "Open Email" row mapped to null is no row
    label = f"map {options['signals_map'].as_posix()}"  # the map as given
    assert from_parquet.sources[0].format == f"parquet, {label}"
    assert from_csv.sources[0].format == f"canonical, {label}"


def test_a_map_naming_a_column_the_parquet_file_lacks_lists_expected_and_found(
    reg: Registry,
) -> None:
    path = reg.root / "w.parquet"
    pl.DataFrame({"Date": ["2026-11-02"], "Email": ["a@b.com"]}).write_parquet(path)
    with pytest.raises(AbmctlError) as caught:
        read(reg, path, signals_map=reg.root / "maps" / "warehouse.yaml")
    assert (caught.value.path, caught.value.line) == ("w.parquet", None)
    assert caught.value.message.startswith(
        "not a column-mapped export: expected the columns Activity Date, Email Address, "
        "Activity Type, Page; found: Date, Email (the columns come from --signals-map")


def test_a_sources_yaml_map_applies_to_a_parquet_export_in_registry_signals(
    reg: Registry,
) -> None:
    write(reg.root, "registry/signals/maps/warehouse.yaml", MAP)
    write(reg.root, "registry/signals/sources.yaml",
          "sources:\n  - path: 'warehouse/*.parquet'\n    map: maps/warehouse.yaml\n")
    folder = reg.root / "registry/signals/warehouse"
    folder.mkdir()
    pl.DataFrame(EXPORT).write_parquet(folder / "week.parquet")
    done = invoke("signals", "--root", str(reg.root), "--as-of", "2026-11-23")
    assert done.returncode == 0, done.stderr
    assert ("registry/signals/warehouse/week.parquet (parquet, map maps/warehouse.yaml): 6 "
            "rows: 2 matched, 1 unmatched, 3 skipped") in done.stdout.replace("\n  ", " ")


@pytest.mark.parametrize("layout", ["hubspot", "bombora", "salesforce-tasks"])
def test_a_vendor_layout_refuses_a_parquet_file(reg: Registry, layout: str) -> None:
    path = reg.root / "v_20261109.parquet"
    pl.DataFrame(EXPORT).write_parquet(path)
    with pytest.raises(AbmctlError) as caught:
        read(reg, path, signals_format=layout)
    assert caught.value.path == "v_20261109.parquet"
    assert caught.value.message.startswith(
        f"a Parquet file, read in the canonical layout only (its columns by name, or by a "
        f"column map's); the layout {layout} reads text exports")
