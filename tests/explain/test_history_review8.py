"""Review 8 (RF-EXPLAIN): an account's tier history notes are about that account, whether its
explanation is read alone (`explain`) or from the whole list's history (the report's pages)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.explain.builders import account, explain, explainer, make_registry
from tests.support.git import commit, init
from tests.support.registry import write


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """wingtip's file: a typo in its tier, then not YAML at all (no id in it), each mended."""
    root = make_registry(tmp_path_factory.mktemp("notes"), account("contoso", 3, 75),
                         account("fabrikam", 2, 65))
    other = "accounts:\n" + account("wingtip", 2, 65)
    write(root, "registry/accounts/other.yaml", other)
    init(root)
    commit(root, "the list", "2026-03-02T10:00:00+00:00")
    write(root, "registry/accounts/other.yaml", other.replace("tier: 2", "tier: two"))
    commit(root, "a typo", "2026-04-01T10:00:00+00:00")
    write(root, "registry/accounts/other.yaml", other.replace("tier: 2", "tier: 1"))
    commit(root, "fixed: wingtip to tier 1", "2026-04-02T10:00:00+00:00")
    write(root, "registry/accounts/other.yaml", "accounts:\n  - {id: [\n")
    commit(root, "broken", "2026-05-01T10:00:00+00:00")
    write(root, "registry/accounts/other.yaml", other.replace("tier: 2", "tier: 1"))
    commit(root, "mended", "2026-05-02T10:00:00+00:00")
    return root


def test_a_file_that_does_not_parse_is_no_removal_of_the_account_it_held(root: Path) -> None:
    alone = explain(root, "wingtip").history.events  # as `tiers history --account` reads it
    assert [(e.kind, e.subject) for e in alone] == [("added", "the list"),
                                                   ("promoted", "fixed: wingtip to tier 1")]
    assert explainer(root).explain("wingtip").history.events == alone


def test_a_note_about_one_account_is_on_its_explanation_only(root: Path) -> None:
    every = explainer(root)  # the whole list's history, read once (report --html)
    for ident in ("contoso", "fabrikam"):
        assert explain(root, ident).history.notes == ()
        assert every.explain(ident).history.notes == ()  # wingtip's typo, other.yaml broken
    alone = explain(root, "wingtip").history.notes
    assert any("wingtip: its tier is not a whole number" in note for note in alone)
    assert every.explain("wingtip").history.notes == alone


def test_an_account_in_no_commit_says_so_rather_than_no_change(tmp_path: Path) -> None:
    root = make_registry(tmp_path, account("contoso", 3, 75))
    init(root)
    commit(root, "the list", "2026-03-02T10:00:00+00:00")
    write(root, "registry/accounts/new.yaml", "accounts:\n" + account("wingtip", 2, 65))
    for history in (explain(root, "wingtip").history,
                    explainer(root).explain("wingtip").history):  # explain; report --html
        assert history.events == ()
        assert any("in no commit of registry/accounts/ yet" in note for note in history.notes)
    assert explain(root, "contoso").history.notes == ()
