"""The registry's file kinds: each file of a registry is of one kind, or of none."""

from __future__ import annotations

import pytest

from abmctl.model.kinds import FILE_KINDS, RECORD_FOLDERS, RULES_FILES, kind_of


@pytest.mark.parametrize(("rel", "kind"), [
    ("registry/teams.yaml", "teams"),
    ("registry/accounts/emea.yaml", "accounts"),
    ("registry/agreements/sales.yaml", "agreement"),
    ("registry/plays/q4-roundtable.yaml", "play"),
    ("registry/events/summit.yaml", "event"),
    ("rules/tiers.yaml", "tiers"),
    ("rules/lint.yaml", "lint"),
])
def test_each_registry_file_is_of_its_kind(rel: str, kind: str) -> None:
    found = kind_of(rel)
    assert found is not None and found.name == kind


@pytest.mark.parametrize("rel", [
    "registry/signals/activity.csv", "rules/other.yaml",
    "registry/accounts/notes.md", "registry/plays/old/p.yaml", "teams.yaml",
])
def test_other_files_are_of_no_kind(rel: str) -> None:
    assert kind_of(rel) is None


def test_the_loader_reads_the_record_folders_and_the_five_rules_files() -> None:
    assert list(RECORD_FOLDERS) == ["agreements", "plays", "events"]
    assert list(RULES_FILES) == ["tiers", "signals", "engagement", "lint", "crm"]
    assert len({kind.name for kind in FILE_KINDS}) == len(FILE_KINDS) == 11
