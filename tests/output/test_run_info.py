"""The run's own facts (records left out, sources read) as every report writes them."""

from __future__ import annotations

from datetime import UTC, datetime

from abmctl.output.run_info import Excluded, RunInfo, SourceSummary, json_fields, stderr_lines

TAB = Excluded("registry/accounts/b.yaml", 3, None, "ABM001", "tab indentation")
TYPO = Excluded("registry/accounts/a.yaml", 7, "acme", "ABM002", "accounts: unknown key 'tierr'")
OWNER = Excluded("registry/accounts/a.yaml", 12, "beta", "ABM003",
                 "beta: unknown person 'jdoe' in 'owners'", reference=True)


def test_json_names_each_left_out_record_with_the_five_keys() -> None:
    fields = json_fields(RunInfo(excluded=(TAB, TYPO)))
    assert fields == {
        "excluded": [
            {"path": "registry/accounts/b.yaml", "line": 3, "record": None, "code": "ABM001",
             "message": "tab indentation"},
            {"path": "registry/accounts/a.yaml", "line": 7, "record": "acme", "code": "ABM002",
             "message": "accounts: unknown key 'tierr'"},
        ],
        "sources": [],
    }


def test_json_sources_carry_their_counts_and_dates() -> None:
    source = SourceSummary("registry/signals/a.csv", rows=3, matched=2, unmatched=1,
                           first=datetime(2026, 11, 2, 9, 0, tzinfo=UTC))
    assert json_fields(RunInfo(sources=(source,)))["sources"] == [
        {"path": "registry/signals/a.csv", "format": "canonical", "rows": 3, "matched": 2,
         "unmatched": 1, "skipped": 0, "duplicates": 0, "first": "2026-11-02T09:00:00Z",
         "last": None}]


def test_a_clean_run_says_nothing_on_stderr() -> None:
    assert stderr_lines(RunInfo()) == []


def test_the_warning_counts_records_and_references_apart_and_names_each_once() -> None:
    lines = stderr_lines(RunInfo(excluded=(TAB, TYPO, OWNER)))
    assert lines[0].startswith(
        "warning: left out what does not load, 2 records and 1 reference (")
    assert lines[1:] == [
        "  registry/accounts/b.yaml:3: ABM001 tab indentation",
        "  registry/accounts/a.yaml:7: ABM002 accounts: unknown key 'tierr'",
        "  registry/accounts/a.yaml:12: ABM003 beta: unknown person 'jdoe' in 'owners'",
    ]


def test_one_reference_alone_is_said_in_the_singular() -> None:
    assert stderr_lines(RunInfo(excluded=(OWNER,)))[0].startswith(
        "warning: left out what does not load, 1 reference (")
