"""`tiers diff BASE [HEAD]` in a real git repository: what changed, and what is wrong with it
(SPEC §3.1, §3.3). The repositories are made by the tests with the real `git`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from helpers_tiers import OPEN_TIERS, account, git, init_repo, invoke, make_registry

from abmctl.catalogue.base import RULES, Rule, finding

IN_WINDOW, OUTSIDE = "2026-10-05", "2026-11-23"


def build_repo(root: Path) -> Path:
    """main: four accounts; branch `feature` promotes alpha; the working tree (on feature)
    demotes beta, adds epsilon and removes delta."""
    make_registry(root, {"a.yaml": [
        account("alpha", 2, 90, 90), account("beta", 1, 90, 90), account("gamma", 3, 55),
        account("delta", 2, 65),
    ]}, OPEN_TIERS)
    init_repo(root)
    git(root, "checkout", "-q", "-b", "feature")
    path = root / "registry/accounts/a.yaml"
    text = path.read_text()
    path.write_text(text.replace("id: alpha\n    name: Alpha\n    domains: [alpha.com]\n"
                                 "    tier: 2", "id: alpha\n    name: Alpha\n    domains: "
                                 "[alpha.com]\n    tier: 1"))
    git(root, "commit", "-q", "-am", "promote alpha")
    text = path.read_text()
    text = text.replace("domains: [beta.com]\n    tier: 1", "domains: [beta.com]\n    tier: 2")
    text = text[:text.index("  - id: delta")] + account("epsilon", 3, 55)
    path.write_text(text)
    return root


def diff_json(root: Path, *args: str, as_of: str = IN_WINDOW) -> tuple[int, dict[str, Any]]:
    code, out, error = invoke("tiers", "diff", *args, "--root", str(root), "--as-of", as_of,
                              "--format", "json")
    assert error == "", error
    return code, json.loads(out)


def test_diff_between_two_revisions_lists_the_promotion(tmp_path: Path) -> None:
    build_repo(tmp_path)
    code, document = diff_json(tmp_path, "main", "feature")
    assert code == 0
    assert document == {"version": 1, "base": "main", "head": "feature",
                        "changes": [{"account": "alpha", "from": 2, "to": 1,
                                     "kind": "promoted"}],
                        "findings": []}


def test_diff_against_the_working_tree_lists_every_kind_of_change(tmp_path: Path) -> None:
    build_repo(tmp_path)
    code, document = diff_json(tmp_path, "main")
    assert code == 0
    assert document["head"] == "working tree"
    assert [(c["account"], c["from"], c["to"], c["kind"]) for c in document["changes"]] == [
        ("alpha", 2, 1, "promoted"), ("beta", 1, 2, "demoted"), ("epsilon", None, 3, "added"),
        ("delta", 2, None, "removed"),
    ]


def test_changes_made_while_no_window_is_open_are_abm205(tmp_path: Path) -> None:
    build_repo(tmp_path)
    code, document = diff_json(tmp_path, "main", as_of=OUTSIDE)
    assert code == 1
    found = [(f["code"], f["severity"], f["account"], f["path"], f["line"])
             for f in document["findings"]]
    # removals are list hygiene (seed 004 Step 7), not mid-cycle tier changes
    assert found == [
        ("ABM205", "error", "alpha", "registry/accounts/a.yaml", 5),
        ("ABM205", "error", "beta", "registry/accounts/a.yaml", 14),
        ("ABM205", "error", "epsilon", "registry/accounts/a.yaml", 32),
    ]
    assert "the next opens on 2027-01-01" in document["findings"][0]["message"]


def test_lint_yaml_can_switch_abm205_off_for_the_diff_too(tmp_path: Path) -> None:
    build_repo(tmp_path)
    (tmp_path / "rules/lint.yaml").write_text("ignore: [ABM205]\n")
    code, document = diff_json(tmp_path, "main", as_of=OUTSIDE)
    assert (code, document["findings"]) == (0, [])


def test_only_findings_about_changed_accounts_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def every_account(reg: Any, ctx: Any) -> Any:
        for item in reg.accounts:
            yield finding("ABM299", f"{item.id} checked", item, "tier", account=item.id)

    monkeypatch.setitem(RULES, "ABM299", Rule("ABM299", "warning", "test", "—", "lint", "",
                                              every_account))
    build_repo(tmp_path)
    code, document = diff_json(tmp_path, "main")
    assert code == 0  # warnings only
    assert [f["account"] for f in document["findings"]] == ["alpha", "beta", "epsilon"]
    code, _, _ = invoke("tiers", "diff", "main", "--root", str(tmp_path), "--as-of",
                        IN_WINDOW, "--fail-on", "warning")
    assert code == 1


@pytest.mark.parametrize("revision", ["no-such-branch", "0123456789abcdef", "main~5"])
def test_an_unknown_revision_exits_2_with_a_clear_message(tmp_path: Path,
                                                          revision: str) -> None:
    build_repo(tmp_path)
    code, _, error = invoke("tiers", "diff", revision, "--root", str(tmp_path))
    assert code == 2
    assert error == (f"unknown revision {revision!r}: no such commit, branch or tag in this "
                     "repository (fetch it first?)")


def test_a_folder_that_is_not_a_git_repository_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    make_registry(tmp_path, {"a.yaml": [account("alpha", 2, 90)]}, OPEN_TIERS)
    code, _, error = invoke("tiers", "diff", "main", "--root", str(tmp_path))
    assert code == 2
    assert "is not inside a git repository" in error


def test_a_registry_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    build_repo(tmp_path / "ops")
    git(tmp_path / "ops", "checkout", "-q", "-f", "main")
    (tmp_path / "ops" / ".git").rename(tmp_path / ".git")  # the repo is now one level up
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "move the registry into ops/")
    path = tmp_path / "ops/registry/accounts/a.yaml"
    path.write_text(path.read_text().replace("domains: [gamma.com]\n    tier: 3",
                                             "domains: [gamma.com]\n    tier: 2"))
    code, document = diff_json(tmp_path / "ops", "HEAD")
    assert code == 0
    assert document["changes"] == [{"account": "gamma", "from": 3, "to": 2,
                                    "kind": "promoted"}]


def test_a_base_without_a_registry_shows_every_account_added(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("ABM program\n")
    init_repo(tmp_path)
    make_registry(tmp_path, {"a.yaml": [account("alpha", 2, 90)]}, OPEN_TIERS)
    code, document = diff_json(tmp_path, "main")
    assert document["changes"] == [{"account": "alpha", "from": None, "to": 2,
                                    "kind": "added"}]


def test_markdown_is_a_pull_request_comment(tmp_path: Path) -> None:
    build_repo(tmp_path)
    code, out, _ = invoke("tiers", "diff", "main", "--root", str(tmp_path), "--as-of", OUTSIDE,
                          "--format", "markdown")
    assert code == 1
    assert out.startswith("### abmctl tiers diff: `main` → `working tree`\n")
    assert "**4 tier changes (1 promoted, 1 demoted, 1 added, 1 removed)** · ❌ 3 errors" in out
    assert "| `alpha` | ⬆️ promoted | 2 | 1 |" in out
    assert "| `delta` | ➖ removed | 2 | off the list |" in out
    assert "| ❌ | ABM205 | `alpha` |" in out
    assert "| 2 Scaled | 2 | 1 | — |" in out  # capacity before and after


def test_github_format_annotates_the_tier_lines(tmp_path: Path) -> None:
    build_repo(tmp_path)
    code, out, _ = invoke("tiers", "diff", "main", "feature", "--root", str(tmp_path),
                          "--as-of", OUTSIDE, "--format", "github")
    assert code == 1
    assert out.startswith("::error file=registry/accounts/a.yaml,line=5,title=ABM205::alpha: "
                          "promoted from tier 2 to tier 1 while no review window is open")


def test_text_format_has_the_moves_and_a_summary(tmp_path: Path) -> None:
    build_repo(tmp_path)
    code, out, _ = invoke("tiers", "diff", "main", "--root", str(tmp_path), "--as-of",
                          IN_WINDOW)
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Tier changes main → working tree, checked as of 2026-10-05"
    assert any(line.split()[:4] == ["epsilon", "added", "—", "3"] for line in lines)
    assert "4 tier changes (1 promoted, 1 demoted, 1 added, 1 removed)." in lines
    assert lines[-1] == "No problems."


def test_a_head_that_does_not_load_is_reported_as_errors(tmp_path: Path) -> None:
    build_repo(tmp_path)
    (tmp_path / "registry/accounts/broken.yaml").write_text("accounts:\n  - id: [\n")
    code, document = diff_json(tmp_path, "main")
    assert code == 1
    assert [(f["code"], f["path"]) for f in document["findings"]] == [
        ("ABM001", "registry/accounts/broken.yaml")]


def test_accounts_in_a_file_that_no_longer_loads_are_not_listed_as_removed(
    tmp_path: Path,
) -> None:
    build_repo(tmp_path)
    git(tmp_path, "checkout", "-q", "--", ".")
    path = tmp_path / "registry/accounts/a.yaml"
    # a one-space slip: the file stops loading, but alpha..delta are still in it
    path.write_text(path.read_text().replace("    name: Beta", "     name: Beta", 1))
    code, document = diff_json(tmp_path, "main")
    assert code == 1
    assert document["changes"] == []
    assert [(f["code"], f["path"]) for f in document["findings"]] == [
        ("ABM001", "registry/accounts/a.yaml")]
