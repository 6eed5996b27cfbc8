"""Activity sources add up: registry/signals/ (its vendor exports read through sources.yaml)
and every --signals; a row found in two sources counts once; each source summarised."""

from __future__ import annotations

import shutil
from datetime import UTC, datetime
from pathlib import Path

import pytest

from abmctl.engine.activity import Activity
from abmctl.errors import AbmctlError
from abmctl.load.activity_reader import read_sources
from abmctl.load.registry_files import load_registry
from abmctl.load.sources import Layout, activity_sources, read_sources_config
from abmctl.registry import Registry
from tests.support.registry import REPO, write

BOMBORA = REPO / "tests" / "load" / "adapters" / "data" / "bombora"
ACCOUNTS = """
accounts:
  - {id: northwind, name: Northwind Traders, domains: [northwind.com], tier: 1}
  - {id: contoso, name: Contoso, domains: [contoso.io], tier: 2}
"""
HEADER = "occurred_at,account,type,contact,detail\n"


@pytest.fixture
def reg(registry_root: Path) -> Registry:
    write(registry_root, "registry/accounts/all.yaml", ACCOUNTS)
    return load_registry(registry_root)


CANONICAL = Layout()


def read(reg: Registry, *signals: Path, registry_signals: bool = True,
         layout: Layout = CANONICAL) -> Activity:
    sources = activity_sources(reg.root, list(signals), layout,
                               registry_signals=registry_signals)
    return read_sources(sources, reg, reg.root)


def by_path(activity: Activity) -> dict[str, tuple[int, int, int, int, int]]:
    return {s.path: (s.rows, s.matched, s.unmatched, s.skipped, s.duplicates)
            for s in activity.sources}


def test_registry_signals_and_every_signals_file_add_up(reg: Registry, tmp_path: Path) -> None:
    write(reg.root, "registry/signals/crm.csv", HEADER + "2026-11-10,northwind,sales_touch,,\n")
    extra = write(tmp_path / "exports", "web.csv", HEADER + "2026-11-11,contoso.io,web_visit,,/\n")
    other = write(tmp_path / "exports", "more.csv", HEADER + "2026-11-12,acme.com,web_visit,,/\n")
    activity = read(reg, extra, other)
    assert [r.account for r in activity.rows] == ["northwind", "contoso"]
    assert list(by_path(activity)) == ["registry/signals/crm.csv", "exports/web.csv",
                                       "exports/more.csv"]
    assert by_path(activity)["exports/more.csv"] == (1, 0, 1, 0, 0)


def test_no_registry_signals_reads_only_the_signals_given(reg: Registry, tmp_path: Path) -> None:
    write(reg.root, "registry/signals/crm.csv", HEADER + "2026-11-10,northwind,sales_touch,,\n")
    extra = write(tmp_path, "web.csv", HEADER + "2026-11-11,contoso.io,web_visit,,/\n")
    activity = read(reg, extra, registry_signals=False)
    assert [r.account for r in activity.rows] == ["contoso"]


def test_a_row_in_two_overlapping_exports_counts_once(reg: Registry, tmp_path: Path) -> None:
    week1 = HEADER + ("2026-11-02T09:00:00Z,northwind,content_download,ann@northwind.com,"
                      "case_study\n2026-11-03T09:00:00Z,northwind,web_visit,,/pricing\n")
    week2 = HEADER + ("2026-11-03T09:00:00Z,northwind.com,web_visit,,/pricing\n"  # the same row
                      "2026-11-03T09:00:00Z,northwind,web_visit,,/docs\n"  # another page
                      "2026-11-09T09:00:00Z,northwind,web_visit,,/pricing\n")
    write(reg.root, "registry/signals/week1.csv", week1)
    write(reg.root, "registry/signals/week2.csv", week2)
    activity = read(reg)
    assert [(r.occurred_at.day, r.detail, r.path) for r in activity.rows] == [
        (2, "case_study", "registry/signals/week1.csv"),
        (3, "/pricing", "registry/signals/week1.csv"),
        (3, "/docs", "registry/signals/week2.csv"),
        (9, "/pricing", "registry/signals/week2.csv"),
    ]
    assert [r.detail for r in activity.by_account["northwind"]] == [
        "case_study", "/pricing", "/docs", "/pricing"]
    assert by_path(activity)["registry/signals/week2.csv"] == (3, 3, 0, 0, 1)


def test_repeats_within_one_file_are_separate_events(reg: Registry) -> None:
    three_visits = HEADER + "2026-11-03,northwind,web_visit,,/pricing\n" * 3
    write(reg.root, "registry/signals/a.csv", three_visits)
    write(reg.root, "registry/signals/b.csv", three_visits)
    activity = read(reg)
    assert len(activity.rows) == 3
    assert by_path(activity)["registry/signals/a.csv"] == (3, 3, 0, 0, 0)
    assert by_path(activity)["registry/signals/b.csv"] == (3, 3, 0, 0, 3)


def test_the_summary_counts_each_file_and_its_dates(reg: Registry) -> None:
    write(reg.root, "registry/signals/a.csv", HEADER + (
        "2026-10-01,acme.com,web_visit,,\n"  # unmatched, yet its date counts
        "2026-11-02,northwind,web_visit,,\n"
        "not a date,northwind,web_visit,,\n"
        "2026-11-20T10:00:00Z,contoso.io,sales_touch,,\n"))
    (summary,) = read(reg).sources
    assert (summary.rows, summary.matched, summary.unmatched, summary.skipped) == (4, 2, 1, 1)
    assert (summary.first, summary.last) == (datetime(2026, 10, 1, tzinfo=UTC),
                                             datetime(2026, 11, 20, 10, tzinfo=UTC))
    assert summary.format == "canonical"


def test_a_file_named_twice_is_read_once_in_the_layout_first_named(reg: Registry) -> None:
    path = write(reg.root, "registry/signals/crm.csv",
                 HEADER + "2026-11-10,northwind,sales_touch,,\n")
    activity = read(reg, path)
    assert [s.format for s in activity.sources] == ["canonical"]
    assert len(activity.rows) == 1
    with pytest.raises(AbmctlError, match="already read from registry/signals/ as canonical"):
        read(reg, path, layout=Layout("bombora"))  # a layout that would not apply: refused


def test_sources_yaml_reads_vendor_files_in_their_layout(reg: Registry) -> None:
    folder = reg.root / "registry" / "signals"
    (folder / "bombora").mkdir(parents=True)
    shutil.copy(BOMBORA / "Output_MasterSurgeFile_20150719.csv", folder / "bombora")
    write(reg.root, "registry/signals/sf/tasks.csv",
          HEADER + "11/10/2026,northwind,sales_touch,,\n")
    write(reg.root, "registry/signals/crm.csv", HEADER + "2026-11-10,contoso,sales_touch,,\n")
    write(reg.root, "registry/signals/maps/unused.yaml", "columns: {}\n")
    write(reg.root, "registry/signals/sources.yaml", """
        sources:
          - path: bombora/*.csv
            format: bombora
          - path: sf/*.csv
            date_format: "%m/%d/%Y"
          - path: "sf/*.csv"        # never used: the first matching entry wins
            format: g2
    """)
    activity = read(reg)
    assert [(s.path, s.format) for s in activity.sources] == [
        ("registry/signals/bombora/Output_MasterSurgeFile_20150719.csv", "bombora"),
        ("registry/signals/crm.csv", "canonical"),
        ("registry/signals/sf/tasks.csv", "canonical"),
    ]
    assert activity.sources[0].rows == 12 and activity.sources[0].skipped == 0
    assert activity.sources[2].matched == 1


def test_files_no_entry_matches_are_canonical_and_yaml_files_are_not_activity(
    reg: Registry,
) -> None:
    write(reg.root, "registry/signals/crm.csv", HEADER + "2026-11-10,contoso,sales_touch,,\n")
    write(reg.root, "registry/signals/sources.yaml",
          "sources:\n  - {path: web/*.csv, format: g2}\n")
    assert [(s.path, s.format) for s in read(reg).sources] == [
        ("registry/signals/crm.csv", "canonical")]


def test_a_map_in_sources_yaml_reads_its_columns(reg: Registry) -> None:
    write(reg.root, "registry/signals/web/visits.csv",
          "When,Company,What\n2026-11-10,northwind.com,Visit\n")
    write(reg.root, "registry/signals/maps/web.yaml", """
        columns: {occurred_at: When, account: Company, type: What}
        values: {type: {Visit: web_visit}}
    """)
    write(reg.root, "registry/signals/sources.yaml",
          "sources:\n  - {path: web/*.csv, map: maps/web.yaml}\n")
    activity = read(reg)
    assert [(s.format, s.matched) for s in activity.sources] == [
        ("canonical, map maps/web.yaml", 1)]


def findings(root: Path) -> list[tuple[int | None, str, str]]:
    return [(f.line, f.code, f.message) for f in read_sources_config(root).findings]


def test_sources_yaml_faults_are_findings_with_their_line(registry_root: Path) -> None:
    write(registry_root, "registry/signals/bombora/w1.csv", "x\n")
    write(registry_root, "registry/signals/sources.yaml", """
        sources:
          - path: bombora/*.csv
            format: bombra
          - path: bombora/*.csv
            map: maps/none.yaml
          - path: bombra/*.csv
            format: bombora
          - path: bombora/*.csv
            formats: bombora
    """)
    found = findings(registry_root)
    assert found[0][:2] == (3, "ABM002")
    assert "unknown format 'bombra'; did you mean 'bombora'?" in found[0][2]
    assert found[1][:2] == (5, "ABM002")
    assert "map 'maps/none.yaml' does not load: no such file" in found[1][2]
    assert found[2] == (6, "ABM005", "source 3: 'bombra/*.csv' matches no file in "
                        "registry/signals/ (a misspelt glob reads nothing)")
    assert found[3][:2] == (9, "ABM002") and "unknown key 'formats'" in found[3][2]


def test_a_map_that_does_not_load_names_its_fault(registry_root: Path) -> None:
    write(registry_root, "registry/signals/web/a.csv", "x\n")
    write(registry_root, "registry/signals/maps/web.yaml", "columns: {when: When}\n")
    write(registry_root, "registry/signals/sources.yaml",
          "sources:\n  - path: web/*.csv\n    map: maps/web.yaml\n")
    ((line, code, message),) = findings(registry_root)
    assert (line, code) == (3, "ABM002")
    assert message.startswith("source 1: map 'maps/web.yaml' does not load: ")


def test_sources_yaml_that_is_not_yaml_is_abm001(registry_root: Path) -> None:
    write(registry_root, "registry/signals/sources.yaml", "sources:\n\t- path: x\n")
    assert [code for _, code, _ in findings(registry_root)] == ["ABM001"]


def test_a_glob_cannot_reach_outside_registry_signals(registry_root: Path) -> None:
    write(registry_root, "rules/secret.csv", HEADER)
    write(registry_root, "registry/signals/sources.yaml", "sources:\n  - path: ../../rules/*.csv\n")
    assert [code for _, code, _ in findings(registry_root)] == ["ABM005"]


def test_an_unknown_format_written_in_capitals_is_pointed_at_its_known_spelling(
        registry_root: Path) -> None:
    write(registry_root, "registry/signals/bombora/w1.csv", "x\n")
    write(registry_root, "registry/signals/sources.yaml", """
        sources:
          - path: bombora/*.csv
            format: BOMBORA
    """)
    found = findings(registry_root)
    assert found[0][:2] == (3, "ABM002")
    assert "unknown format 'BOMBORA'; did you mean 'bombora'?" in found[0][2]
