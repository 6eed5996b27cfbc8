"""`tiers diff` reads the activity of the base's plan once only when it is the head's: the same
exports, matched to the same accounts by the same domains."""

from __future__ import annotations

from pathlib import Path

from abmctl.commands.tiers import _reads_alike
from abmctl.load.gitrev import same_tree
from abmctl.load.registry_files import load_registry
from tests.support.registry import write, write_registry

ACCOUNTS = """
accounts:
  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 3}
"""
ROWS = "occurred_at,account,type\n2026-11-02,northwind.com,web_visit\n"


def _registry(root: Path, accounts: str = ACCOUNTS, rows: str | None = ROWS) -> Path:
    write_registry(root, {"registry/accounts/all.yaml": accounts})
    if rows is not None:
        write(root, "registry/signals/activity.csv", rows)
    return root


def test_the_same_exports_and_accounts_read_alike(tmp_path: Path) -> None:
    base = load_registry(_registry(tmp_path / "base"))
    head = load_registry(_registry(tmp_path / "head"))
    assert _reads_alike(base, head)


def test_a_changed_export_is_read_again(tmp_path: Path) -> None:
    base = load_registry(_registry(tmp_path / "base"))
    head = load_registry(_registry(tmp_path / "head", rows=ROWS + "2026-11-03,northwind.com,"
                                   "web_visit\n"))
    assert not _reads_alike(base, head)


def test_an_account_matching_other_domains_is_read_again(tmp_path: Path) -> None:
    base = load_registry(_registry(tmp_path / "base"))
    head = load_registry(_registry(tmp_path / "head",
                                   accounts=ACCOUNTS.replace("northwind.com", "northwind.de")))
    assert not _reads_alike(base, head)


def test_a_base_without_exports_reads_the_working_trees(tmp_path: Path) -> None:
    base = load_registry(_registry(tmp_path / "base", rows=None))
    head = load_registry(_registry(tmp_path / "head"))
    assert _reads_alike(base, head)


def test_same_tree_compares_names_and_bytes(tmp_path: Path) -> None:
    for side in ("a", "b"):
        write(tmp_path, f"{side}/x.csv", "1\n")
        write(tmp_path, f"{side}/sub/y.csv", "2\n")
    assert same_tree(tmp_path / "a", tmp_path / "b")
    write(tmp_path, "b/sub/y.csv", "3\n")
    assert not same_tree(tmp_path / "a", tmp_path / "b")
    write(tmp_path, "b/sub/y.csv", "2\n")
    write(tmp_path, "b/z.csv", "")
    assert not same_tree(tmp_path / "a", tmp_path / "b")
    assert not same_tree(tmp_path / "a", tmp_path / "missing")
