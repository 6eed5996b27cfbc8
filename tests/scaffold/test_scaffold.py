"""The scaffold `abmctl init` writes: a new registry with commented rules, examples and schemas
(SPEC §3); the command itself is tested in tests/commands/test_init.py."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import registry_errors
from abmctl.errors import AbmctlError
from abmctl.load.registry_files import load_registry
from abmctl.model.kinds import kind_of
from abmctl.model.settings import Settings
from abmctl.scaffold import SCHEMA_FOLDER, TEMPLATES, scaffold_files, write_scaffold
from abmctl.schema import KINDS, schema_file_name

DAY = date(2026, 11, 23)


def test_the_scaffold_holds_one_example_of_each_file_kind_and_a_gitignore(tmp_path: Path) -> None:
    write_scaffold(tmp_path, DAY)
    for rel in (
        "registry/teams.yaml", "registry/accounts/example.yaml", "registry/agreements/sales.yaml",
        "registry/plays/example-roundtable.yaml", "registry/events/example-roundtable.yaml",
        "registry/signals/sources.yaml", "rules/tiers.yaml", "rules/signals.yaml",
        "rules/engagement.yaml", "rules/lint.yaml", ".gitignore",
    ):
        assert (tmp_path / rel).is_file(), rel
    assert {p.name for p in (tmp_path / SCHEMA_FOLDER).iterdir()} == {
        schema_file_name(kind) for kind in KINDS
    }


def test_the_scaffold_rules_files_hold_exactly_the_built_in_defaults(tmp_path: Path) -> None:
    write_scaffold(tmp_path, DAY)
    reg = load_registry(tmp_path)
    assert reg.load_findings == []
    assert sorted(p.name for p in (tmp_path / "rules").iterdir()) == [
        "crm.yaml", "engagement.yaml", "lint.yaml", "signals.yaml", "tiers.yaml"
    ]
    assert reg.settings == Settings()


def test_the_rules_files_say_why_in_their_own_words(tmp_path: Path) -> None:
    write_scaffold(tmp_path, DAY)
    for name in ("tiers", "signals", "engagement"):
        text = (tmp_path / "rules" / f"{name}.yaml").read_text()
        assert "the default applies" in text, name
        assert "# 25-50 Tier 1 accounts per revenue team" in text or name != "tiers"
        assert "# two distinct signals start SDR outreach, not one click" in text or \
            name != "signals"
        assert "SPEC" not in text and "seed" not in text, name


@pytest.mark.parametrize("as_of", ["2026-01-01", "2026-03-31", "2026-11-23", "2027-12-31"])
def test_the_scaffold_loads_without_a_registry_error_whatever_the_day(
    tmp_path: Path, as_of: str,
) -> None:
    day = date.fromisoformat(as_of)
    write_scaffold(tmp_path, day)
    reg = load_registry(tmp_path)
    assert registry_errors(reg, Context(as_of=day)) == []
    account = reg.accounts[0]
    assert account.tier_since is not None and account.tier_since <= day
    assert account.reviewed == day


def test_the_signals_folder_holds_no_activity_but_names_the_canonical_header(
    tmp_path: Path,
) -> None:
    # an export with no row is activity that is stale: it would hold every move on intent
    write_scaffold(tmp_path, DAY)
    assert [p.name for p in (tmp_path / "registry/signals").iterdir()] == ["sources.yaml"]
    assert "#   occurred_at,account,type,contact,detail,score,sentiment,source\n" in (
        tmp_path / "registry/signals/sources.yaml").read_text()


def test_every_yaml_file_starts_with_a_schema_line_that_points_at_a_real_schema(
    tmp_path: Path,
) -> None:
    write_scaffold(tmp_path, DAY)
    kinds = {rel: kind_of(rel) for rel in TEMPLATES if rel.endswith(".yaml")}
    assert {kind.name for kind in kinds.values() if kind} == set(KINDS)  # one example of each
    for rel, kind in kinds.items():
        assert kind is not None, rel
        first = (tmp_path / rel).read_text().splitlines()[0]
        prefix = "# yaml-language-server: $schema="
        assert first.startswith(prefix), rel
        target = (tmp_path / rel).parent / first.removeprefix(prefix)
        assert target.resolve() == (tmp_path / SCHEMA_FOLDER / f"{kind.name}.schema.json").resolve()


def test_a_folder_holding_only_a_git_repository_counts_as_empty(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    result = write_scaffold(tmp_path, DAY)
    assert result.skipped == [] and "rules/tiers.yaml" in result.created


def test_a_missing_folder_is_created(tmp_path: Path) -> None:
    result = write_scaffold(tmp_path / "new" / "registry-repo", DAY)
    assert len(result.created) == len(scaffold_files(DAY))


def test_a_non_empty_folder_is_refused_without_force(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("mine")
    with pytest.raises(AbmctlError, match=r"not empty \(notes.txt\); pass --force"):
        write_scaffold(tmp_path, DAY)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_force_adds_missing_files_and_never_overwrites_one(tmp_path: Path) -> None:
    (tmp_path / "rules").mkdir()
    (tmp_path / "rules" / "tiers.yaml").write_text("# ours\n")
    result = write_scaffold(tmp_path, DAY, force=True)
    assert result.skipped == ["rules/tiers.yaml"]
    assert (tmp_path / "rules" / "tiers.yaml").read_text() == "# ours\n"
    assert "rules/signals.yaml" in result.created
