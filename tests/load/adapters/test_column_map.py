"""`--signals-map FILE.yaml`: a user's column map for an export no adapter knows
(docs/vendor-formats.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.errors import AbmctlError
from abmctl.load.activity_reader import read_activity_files
from abmctl.load.adapters import SourceFile
from abmctl.load.adapters.column_map import adapter_from_map, load_column_map
from abmctl.load.registry_files import load_registry
from tests.load.adapters.samples import DATA, sample, sample_registry
from tests.support.cli import invoke
from tests.support.registry import write

MARKETO = DATA / "maps" / "marketo.yaml"


def map_file(tmp_path: Path, text: str) -> Path:
    return write(tmp_path, "map.yaml", text)


def test_a_column_map_renames_columns_sets_constants_and_maps_values() -> None:
    rows = list(load_column_map(MARKETO)(sample("maps/marketo_activities.csv")))
    assert rows[0] == (2, {
        "occurred_at": "2026-11-02T09:00:00Z", "account": "ana.lima@northwind.com",
        "contact": "ana.lima@northwind.com", "type": "web_visit", "detail": "/pricing",
        "source": "marketo",
    })
    assert [(line, f["type"]) for line, f in rows] == [
        (2, "web_visit"), (4, "content_download"), (5, "marketing_touch"),
    ]


def test_a_value_mapped_to_null_drops_the_row() -> None:
    rows = list(load_column_map(MARKETO)(sample("maps/marketo_activities.csv")))
    assert 3 not in [line for line, _ in rows]  # "Open Email"


def test_values_and_headers_match_ignoring_case_and_spacing(tmp_path: Path) -> None:
    spec = load_column_map(map_file(tmp_path, """
        columns: {occurred_at: when, account: Domain, type: KIND}
        values: {type: {page   VIEW: web_visit}}
    """))
    source = SourceFile("a.csv", "a.csv", "When,DOMAIN,Kind\n2026-11-02,a.com,Page view\n")
    assert list(spec(source)) == [
        (2, {"occurred_at": "2026-11-02", "account": "a.com", "type": "web_visit"}),
    ]


def test_a_constant_type_needs_no_type_column(tmp_path: Path) -> None:
    spec = load_column_map(map_file(tmp_path, """
        columns: {occurred_at: Date, account: Website}
        constants: {type: web_visit, source: leadfeeder}
    """))
    source = SourceFile("a.csv", "a.csv", "Date,Website,Page\n2026-11-02,a.com,/pricing\n")
    assert list(spec(source))[0][1]["type"] == "web_visit"


def test_the_map_reads_through_the_activity_reader(tmp_path: Path) -> None:
    reg = load_registry(sample_registry(tmp_path))
    activity = read_activity_files([DATA / "maps" / "marketo_activities.csv"], reg,
                                   signals_map=MARKETO, root=tmp_path)
    assert activity.skipped == []
    assert [(row.account, row.type) for row in activity.rows] == [
        ("northwind", "web_visit"), ("northwind", "content_download"),
        ("contoso", "marketing_touch"),
    ]


def test_lint_reads_a_mapped_export_end_to_end(tmp_path: Path) -> None:
    root = sample_registry(tmp_path / "repo")
    done = invoke("lint", "--root", str(root), "--as-of", "2026-11-23", "--strict",
                  "--signals", str(DATA / "maps" / "marketo_activities.csv"),
                  "--signals-map", str(MARKETO))
    assert done.returncode == 0, done.stdout + done.stderr


def test_a_bad_map_stops_the_command_with_exit_2(tmp_path: Path) -> None:
    root = sample_registry(tmp_path / "repo")
    done = invoke("lint", "--root", str(root), "--signals", str(DATA / "maps"),
                  "--signals-map", str(map_file(tmp_path, "columns: {occurred_at: Date}\n")))
    assert done.returncode == 2
    assert "map.yaml: --signals-map: no column or constant for account, type" in done.stderr


def test_a_column_the_export_lacks_is_an_error_listing_expected_and_found(
    tmp_path: Path,
) -> None:
    spec = load_column_map(MARKETO)
    source = SourceFile("x.csv", "x.csv", "Date,Email,Kind\n2026-11-02,a@b.com,x\n")
    with pytest.raises(AbmctlError, match=r"x.csv:1: not a column-mapped export: expected the "
                                          r"columns Activity Date, Email Address, Activity Type, "
                                          r"Primary Attribute Value; found: Date, Email, Kind "
                                          r"\(the columns come from --signals-map .*marketo.yaml"):
        list(spec(source))


@pytest.mark.parametrize(("text", "message"), [
    ("columns: {occurred_at: Date, account: Email}\n",
     "no column or constant for type"),
    ("columns: {occurred_at: Date, account: Email, type: T, when: Date}\n",
     "map.yaml:1: --signals-map: columns: 'when' is not a valid key; use one of "
     "occurred_at, account, type"),
    ("colums: {occurred_at: Date}\n",
     "map.yaml:1: --signals-map: unknown key 'colums'; did you mean 'columns'\\?"),
    ("columns: [occurred_at]\n",
     "map.yaml:1: --signals-map: columns: expected a mapping \\(key: value lines\\), got a list"),
    ("columns:\n  occurred_at: Date\n  type: 5\n",
     "map.yaml:3: --signals-map: columns.type: expected text, got 5"),
    ("columns: {occurred_at: Date\n", "invalid YAML"),
    ("- just a list\n", "expected a mapping with columns/constants/values"),
])
def test_a_bad_map_file_is_one_clear_error(tmp_path: Path, text: str, message: str) -> None:
    with pytest.raises(AbmctlError, match=message) as caught:
        load_column_map(map_file(tmp_path, text))
    assert caught.value.path is not None and caught.value.path.endswith("map.yaml")


def test_on_a_vendor_layout_a_map_rewrites_that_layouts_values(tmp_path: Path) -> None:
    path = map_file(tmp_path, """
        values: {type: {meeting_booked: sales_touch}}
        constants: {source: crm}
    """)
    read = adapter_from_map(path, "salesforce-tasks")
    rows = list(read(sample("salesforce/tasks_report.csv")))
    assert {f["type"] for _, f in rows} == {"sales_touch"}
    assert {f["source"] for _, f in rows} == {"crm"}


def test_on_a_vendor_layout_a_map_may_not_rename_columns(tmp_path: Path) -> None:
    path = map_file(tmp_path, "columns: {occurred_at: Date, account: A, type: T}\n")
    with pytest.raises(AbmctlError, match="with --signals-format g2 leave them out"):
        adapter_from_map(path, "g2")
