"""The JSON Schemas of every file kind (2020-12, for editors), and what they accept; `abmctl
schema` itself is tested in tests/commands/test_schema.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
import yaml_rs
from jsonschema import Draft202012Validator

from abmctl.scaffold import write_scaffold
from abmctl.schema import KINDS, schema_for
from tests.support.registry import REPO

EXPECTED_KINDS = [
    "teams", "accounts", "agreement", "play", "event", "tiers", "signals", "engagement", "lint",
    "crm", "sources",
]


def string_keys(value: Any) -> Any:
    """YAML data as an editor's schema check sees it: every mapping key is text."""
    if isinstance(value, dict):
        return {str(key): string_keys(item) for key, item in value.items()}
    if isinstance(value, list):
        return [string_keys(item) for item in value]
    return value


def validator(kind: str) -> Draft202012Validator:
    checker = Draft202012Validator.FORMAT_CHECKER
    return Draft202012Validator(schema_for(kind), format_checker=checker)


def errors(kind: str, data: Any) -> list[str]:
    return [error.message for error in validator(kind).iter_errors(string_keys(data))]


def registry_files(root: Path) -> list[tuple[str, Path]]:
    return [(kind, path) for kind, spec in KINDS.items() for path in sorted(root.glob(spec.files))]


def test_the_kinds_are_the_file_kinds_of_spec_section_1() -> None:
    assert list(KINDS) == EXPECTED_KINDS


@pytest.mark.parametrize("kind", EXPECTED_KINDS)
def test_every_schema_is_valid_json_schema_2020_12(kind: str) -> None:
    schema = schema_for(kind)
    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_the_scaffold_validates_against_the_schemas(tmp_path: Path) -> None:
    write_scaffold(tmp_path, date(2026, 11, 23))
    found = registry_files(tmp_path)
    assert {kind for kind, _ in found} == set(EXPECTED_KINDS)
    for kind, path in found:
        assert errors(kind, yaml_rs.loads(path.read_text(), parse_datetime=False)) == [], path


def test_the_repository_example_registry_validates_against_the_schemas() -> None:
    found = registry_files(REPO)
    for kind, path in found:
        data = yaml_rs.loads(path.read_text(), parse_datetime=False) or {}
        assert errors(kind, data) == [], path
    # the example registry is part of the repository (registry/README.md tells its story)
    assert {kind for kind, _ in found} >= {"teams", "accounts", "tiers"}


def test_an_unknown_key_is_an_error_but_an_x_key_is_free() -> None:
    account = {"id": "northwind", "name": "N", "domains": ["northwind.com"], "tier": 1}
    assert errors("accounts", {"accounts": [{**account, "x-note": {"any": 1}}]}) == []
    assert errors("accounts", {"accounts": [account], "x-owner": "mei"}) == []
    found = errors("accounts", {"accounts": [{**account, "teir": 2}]})
    assert found == ["'teir' does not match any of the regexes: '^x-'"]


@pytest.mark.parametrize(("value", "valid"), [("2026-10-01", True), ("2026-13-01", False),
                                              ("10/01/2026", False)])
def test_dates_are_iso_dates(value: str, valid: bool) -> None:
    play = {"id": "p", "name": "P", "owner": "abm", "start": value, "end": "2026-12-31"}
    assert (errors("play", play) == []) is valid


@pytest.mark.parametrize(("field", "value", "valid"), [
    ("id", "north-wind", True), ("id", "North_Wind", False),
    ("scores", {"fit": 100}, True), ("scores", {"fit": 101}, False),
    ("owners", {"ae": "ana.lima", "x-backup": "raj"}, True), ("owners", {"boss": "ana"}, False),
])
def test_what_the_models_check_in_python_the_schema_says_too(
    field: str, value: Any, valid: bool,
) -> None:
    account = {"id": "northwind", "name": "N", "domains": ["northwind.com"], "tier": 1}
    assert (errors("accounts", {"accounts": [{**account, field: value}]}) == []) is valid


def test_tier_keyed_mappings_take_tier_numbers() -> None:
    assert errors("engagement", {"routing": {1: {"to": "ae"}}}) == []
    assert errors("engagement", {"routing": {"one": {"to": "ae"}}}) != []


def test_a_play_picks_accounts_by_id_or_by_select_not_both() -> None:
    play = {"id": "p", "name": "P", "owner": "abm", "start": "2026-10-01", "end": "2026-12-31"}
    assert errors("play", {**play, "accounts": ["a"]}) == []
    assert errors("play", {**play, "accounts": ["a"], "select": {"tier": 1}}) != []


def test_a_routing_key_left_out_is_no_schema_error_as_the_loader_fills_it_in() -> None:
    # tiers 1-3 have a built-in routing: `{2: {alert: [abm]}}` keeps tier 2's `to: sdr`
    assert errors("engagement", {"routing": {2: {"alert": ["abm"]}}}) == []
    assert errors("engagement", {"routing": {2: {"to": "boss"}}}) != []
    assert errors("tiers", {"tiers": [{"id": 1, "name": "S", "motion": "one_to_one",
                                       "max_accounts": -1}]}) != []
