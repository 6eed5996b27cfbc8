"""`tiers diff BASE [HEAD]` in a real git repository: what changed, and what is wrong with it
(SPEC §3.1, §3.3). The repositories are made by the tests with the real `git`."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from abmctl.catalogue import tiers
from abmctl.catalogue.base import Rule, finding
from tests.support.cli import invoke
from tests.tiers.builders import OPEN_TIERS, account, git, init_repo, make_registry

IN_WINDOW, OUTSIDE = "2026-10-05", "2026-11-23"
WRITTEN = "2026-10-05"  # the tier_since each change writes: inside the Q4 window


def build_repo(root: Path, since: str | None = WRITTEN) -> Path:
    """main: four accounts; branch `feature` promotes alpha; the working tree (on feature)
    demotes beta, adds epsilon and removes delta. Each tier change sets `tier_since: since`
    (None: leaves it as it was)."""
    make_registry(root, {"a.yaml": [
        account("alpha", 2, 90, 90), account("beta", 1, 65, 90), account("gamma", 3, 55),
        account("delta", 2, 65),
    ]}, OPEN_TIERS)
    init_repo(root)
    git(root, "checkout", "-q", "-b", "feature")
    path = root / "registry/accounts/a.yaml"
    text = path.read_text()
    path.write_text(text.replace("domains: [alpha.com]\n    tier: 2\n    tier_since: 2026-07-01",
                                 "domains: [alpha.com]\n    tier: 1\n" + _since(since)))
    git(root, "commit", "-q", "-am", "promote alpha")
    text = path.read_text()
    text = text.replace("domains: [beta.com]\n    tier: 1\n    tier_since: 2026-07-01",
                        "domains: [beta.com]\n    tier: 2\n" + _since(since))
    text = text[:text.index("  - id: delta")] + account("epsilon", 3, 55)
    path.write_text(text)
    return root


def _since(since: str | None) -> str:
    """The tier_since line of a changed account (`account` writes 2026-07-01)."""
    return f"    tier_since: {since or '2026-07-01'}"


def diff_json(root: Path, *args: str, as_of: str = IN_WINDOW) -> tuple[int, dict[str, Any]]:
    done = invoke("tiers", "diff", *args, "--root", str(root), "--as-of", as_of,
                  "--format", "json")
    assert done.stderr == "", done.stderr
    return done.returncode, json.loads(done.stdout)


def test_diff_between_two_revisions_lists_the_promotion(tmp_path: Path) -> None:
    build_repo(tmp_path)
    code, document = diff_json(tmp_path, "main", "feature")
    assert code == 0
    assert document.pop("as_of") == IN_WINDOW
    assert [(t["tier"], t["before"], t["after"]) for t in document.pop("capacity")][:2] == [
        (1, 1, 2), (2, 2, 1)]  # the text's capacity table: alpha moves from tier 2 to 1
    assert document == {"version": 1, "base": "main", "head": "feature",
                        "changes": [{
                            "account": "alpha", "from": 2, "to": 1, "kind": "promoted",
                            "path": "registry/accounts/a.yaml", "line": 5,
                            "plan": {"verdict": "proposed",
                                     "reason": "meets tier 1 promote: fit 90 ≥ 80, intent 90 "
                                               "≥ 60",
                                     "instead": None, "as_of": WRITTEN, "scores": [
                                         {"thresholds": "tier 1 promote", "checks": [
                                             {"score": "fit", "value": 90, "threshold": 80,
                                              "met": True},
                                             {"score": "intent", "value": 90, "threshold": 60,
                                              "met": True}]}]},
                            "findings": []}],
                        "findings": [], "excluded": [], "sources": []}


def test_diff_against_the_working_tree_lists_every_kind_of_change(tmp_path: Path) -> None:
    build_repo(tmp_path)
    code, document = diff_json(tmp_path, "main")
    assert code == 0
    assert document["head"] == "working tree"
    assert [(c["account"], c["from"], c["to"], c["kind"]) for c in document["changes"]] == [
        ("alpha", 2, 1, "promoted"), ("beta", 1, 2, "demoted"), ("epsilon", None, 3, "added"),
        ("delta", 2, None, "removed"),
    ]


@pytest.mark.parametrize("as_of", [OUTSIDE, "2027-01-05", "2027-02-01"])
def test_a_change_dated_outside_a_review_window_is_abm205_on_any_later_day(tmp_path: Path,
                                                                           as_of: str) -> None:
    build_repo(tmp_path, since="2026-11-02")
    code, document = diff_json(tmp_path, "main", as_of=as_of)
    assert code == 1
    found = [(f["code"], f["severity"], f["account"], f["path"], f["line"])
             for f in document["findings"]]
    # lint's own ABM205, at tier_since; epsilon enters the lowest tier, which any day may do;
    # removals are list hygiene (seed 004 Step 7), not mid-cycle tier changes
    assert found == [
        ("ABM205", "error", "alpha", "registry/accounts/a.yaml", 6),
        ("ABM205", "error", "beta", "registry/accounts/a.yaml", 15),
    ]
    assert "the next starts 2027-01-01" in document["findings"][0]["message"]


@pytest.mark.parametrize("as_of", [IN_WINDOW, OUTSIDE, "2027-02-01"])
def test_changes_dated_inside_a_window_pass_whatever_the_day_of_the_diff(tmp_path: Path,
                                                                         as_of: str) -> None:
    build_repo(tmp_path, since=WRITTEN)
    code, document = diff_json(tmp_path, "main", as_of=as_of)
    assert (code, document["findings"]) == (0, [])


def test_diff_and_lint_find_the_same_abm205(tmp_path: Path) -> None:
    build_repo(tmp_path, since="2026-11-02")
    _, document = diff_json(tmp_path, "main", as_of=OUTSIDE)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", OUTSIDE, "--format", "json",
                  "--select", "ABM205")
    linted = json.loads(done.stdout)["findings"]
    assert [f for f in document["findings"] if f["code"] == "ABM205"] == linted


def test_lint_yaml_can_switch_abm205_off_for_the_diff_too(tmp_path: Path) -> None:
    build_repo(tmp_path, since="2026-11-02")
    (tmp_path / "rules/lint.yaml").write_text("ignore: [ABM205]\n")
    code, document = diff_json(tmp_path, "main", as_of=OUTSIDE)
    assert (code, document["findings"]) == (0, [])


def test_a_tier_change_that_keeps_its_tier_since_is_abm208(tmp_path: Path) -> None:
    build_repo(tmp_path, since=None)
    code, document = diff_json(tmp_path, "main")
    assert code == 1
    # at the tier line; epsilon is added (nothing to compare), delta removed
    assert [(f["code"], f["severity"], f["account"], f["line"])
            for f in document["findings"]] == [("ABM208", "error", "alpha", 5),
                                               ("ABM208", "error", "beta", 14)]
    assert document["findings"][0]["message"] == (
        "alpha: promoted from tier 2 to tier 1 but tier_since stayed 2026-07-01; set it to the "
        "day the change takes effect")


def test_abm208_answers_to_lint_yaml_and_inline_suppressions(tmp_path: Path) -> None:
    build_repo(tmp_path, since=None)
    (tmp_path / "rules/lint.yaml").write_text("severity: {ABM208: warning}\n")
    code, document = diff_json(tmp_path, "main")
    assert code == 0
    assert {f["severity"] for f in document["findings"]} == {"warning"}
    path = tmp_path / "registry/accounts/a.yaml"
    path.write_text(path.read_text().replace(
        "  - id: alpha\n", "  - id: alpha  # abmctl: ignore[ABM208] until=2026-10-01\n").replace(
        "  - id: beta\n", "  - id: beta  # abmctl: ignore[ABM208]\n"))
    _, document = diff_json(tmp_path, "main")
    # beta's is silenced; alpha's suppression has expired: its ABM208 is back, with ABM004
    assert [(f["code"], f["account"]) for f in document["findings"]] == [
        ("ABM004", "alpha"), ("ABM208", "alpha")]


def test_only_findings_about_changed_accounts_are_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def every_account(reg: Any, ctx: Any) -> Any:
        for item in reg.accounts:
            yield finding("ABM299", f"{item.id} checked", item, "tier", account=item.id)

    extra = Rule("ABM299", "warning", "test", "", every_account)
    monkeypatch.setattr(tiers, "RULES", (*tiers.RULES, extra))
    build_repo(tmp_path)
    code, document = diff_json(tmp_path, "main")
    assert code == 0  # warnings only
    assert [f["account"] for f in document["findings"]] == ["alpha", "beta", "epsilon"]
    done = invoke("tiers", "diff", "main", "--root", str(tmp_path), "--as-of",
                  IN_WINDOW, "--fail-on", "warning")
    assert done.returncode == 1


@pytest.mark.parametrize("revision", ["no-such-branch", "0123456789abcdef", "main~5"])
def test_an_unknown_revision_exits_2_with_a_clear_message(tmp_path: Path,
                                                          revision: str) -> None:
    build_repo(tmp_path)
    done = invoke("tiers", "diff", revision, "--root", str(tmp_path))
    assert done.returncode == 2
    assert done.stderr == (f"abmctl: error: unknown revision {revision!r}: no such commit, "
                           "branch or tag in this repository (fetch it first?)\n")


def test_a_folder_that_is_not_a_git_repository_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    make_registry(tmp_path, {"a.yaml": [account("alpha", 2, 90)]}, OPEN_TIERS)
    done = invoke("tiers", "diff", "main", "--root", str(tmp_path))
    assert done.returncode == 2
    assert "is not inside a git repository" in done.stderr


def test_a_registry_in_a_subfolder_of_the_repository(tmp_path: Path) -> None:
    build_repo(tmp_path / "ops")
    git(tmp_path / "ops", "checkout", "-q", "-f", "main")
    (tmp_path / "ops" / ".git").rename(tmp_path / ".git")  # the repo is now one level up
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-q", "-m", "move the registry into ops/")
    path = tmp_path / "ops/registry/accounts/a.yaml"
    path.write_text(path.read_text().replace(
        "domains: [gamma.com]\n    tier: 3\n    tier_since: 2026-07-01",
        f"domains: [gamma.com]\n    tier: 2\n    tier_since: {WRITTEN}"))
    code, document = diff_json(tmp_path / "ops", "HEAD")
    assert code == 0  # gamma's hand-promotion is only warnings (ABM204, ABM209)
    assert [(c["account"], c["from"], c["to"], c["kind"], c["path"])
            for c in document["changes"]] == [
        ("gamma", 3, 2, "promoted", "registry/accounts/a.yaml")]


def test_a_base_without_a_registry_shows_every_account_added(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("ABM program\n")
    init_repo(tmp_path)
    make_registry(tmp_path, {"a.yaml": [account("alpha", 2, 90)]}, OPEN_TIERS)
    code, document = diff_json(tmp_path, "main")
    assert [(c["account"], c["from"], c["to"], c["kind"], c["plan"]["verdict"])
            for c in document["changes"]] == [("alpha", None, 2, "added", "new")]


def test_markdown_is_a_pull_request_comment(tmp_path: Path) -> None:
    build_repo(tmp_path, since="2026-11-02")
    done = invoke("tiers", "diff", "main", "--root", str(tmp_path), "--as-of", OUTSIDE,
                  "--format", "markdown")
    out = done.stdout
    assert done.returncode == 1
    assert out.startswith("### abmctl tiers diff: `main` → `working tree`\n")
    assert "**4 tier changes (1 promoted, 1 demoted, 1 added, 1 removed)** · ❌ 2 errors" in out
    assert "| `alpha` | ⬆️ promoted | 2 | 1 |" in out
    assert "| `delta` | ➖ removed | 2 | off the list |" in out
    assert "| ❌ | ABM205 | `alpha` |" in out
    assert "| 2 Scaled | 2 | 1 | — |" in out  # capacity before and after


def test_github_format_annotates_the_changed_lines(tmp_path: Path) -> None:
    build_repo(tmp_path, since=None)
    done = invoke("tiers", "diff", "main", "feature", "--root", str(tmp_path),
                  "--as-of", OUTSIDE, "--format", "github")
    assert done.returncode == 1
    assert done.stdout.startswith(
        "::error file=registry/accounts/a.yaml,line=5,title=ABM208::alpha: "
        "promoted from tier 2 to tier 1 but tier_since stayed 2026-07-01")


def test_text_format_has_the_moves_and_a_summary(tmp_path: Path) -> None:
    build_repo(tmp_path)
    done = invoke("tiers", "diff", "main", "--root", str(tmp_path), "--as-of",
                  IN_WINDOW)
    assert done.returncode == 0
    lines = done.stdout.splitlines()
    assert lines[0] == "Tier changes main → working tree, checked as of 2026-10-05"
    assert any(line.split()[:4] == ["epsilon", "added", "—", "3"] for line in lines)
    assert "4 tier changes (1 promoted, 1 demoted, 1 added, 1 removed)." in lines
    assert lines[-1] == "No problems."


def left_out_json(root: Path, *args: str) -> tuple[int, str, dict[str, Any]]:
    done = invoke("tiers", "diff", *args, "--root", str(root), "--as-of", IN_WINDOW,
                  "--format", "json")
    return done.returncode, done.stderr, json.loads(done.stdout)


def test_a_head_file_that_does_not_load_is_left_out_and_named(tmp_path: Path) -> None:
    build_repo(tmp_path)
    git(tmp_path, "checkout", "-q", "--", ".")
    (tmp_path / "registry/accounts/broken.yaml").write_text("accounts:\n  - id: [\n")
    code, stderr, document = left_out_json(tmp_path, "main")
    assert code == 0  # as without the file: reports run on what loads
    assert document["findings"] == []
    assert [(e["code"], e["path"]) for e in document["excluded"]] == [
        ("ABM001", "registry/accounts/broken.yaml")]
    assert stderr.count("registry/accounts/broken.yaml:2: ABM001") == 1


def test_accounts_in_a_file_that_no_longer_loads_are_not_listed_as_removed(
    tmp_path: Path,
) -> None:
    build_repo(tmp_path)
    git(tmp_path, "checkout", "-q", "--", ".")
    path = tmp_path / "registry/accounts/a.yaml"
    # a one-space slip: the file stops loading, but alpha..delta are still in it
    path.write_text(path.read_text().replace("    name: Beta", "     name: Beta", 1))
    code, _, document = left_out_json(tmp_path, "main")
    assert code == 0
    assert document["changes"] == []
    assert [(e["code"], e["path"]) for e in document["excluded"]] == [
        ("ABM001", "registry/accounts/a.yaml")]


def test_a_base_file_that_does_not_load_is_left_out_and_named_and_strict_stops(
    tmp_path: Path,
) -> None:
    # main holds a.yaml with a one-space slip (alpha..delta are in it); the working tree
    # mends it: the accounts are not "added", the base's file is named once in `excluded`
    build_repo(tmp_path)
    git(tmp_path, "checkout", "-q", "--", ".")
    git(tmp_path, "checkout", "-q", "main")
    path = tmp_path / "registry/accounts/a.yaml"
    good = path.read_text()
    path.write_text(good.replace("    name: Beta", "     name: Beta", 1))
    git(tmp_path, "commit", "-q", "-am", "a slip")
    path.write_text(good)
    code, stderr, document = left_out_json(tmp_path, "main")
    assert code == 0
    assert document["changes"] == []
    [(where, code_, message)] = [(e["path"], e["code"], e["message"])
                                 for e in document["excluded"]]
    assert (where, code_) == ("registry/accounts/a.yaml", "ABM001")
    assert message.startswith("at main: ")
    assert stderr.count("registry/accounts/a.yaml:") == 1
    done = invoke("tiers", "diff", "main", "--root", str(tmp_path), "--as-of", IN_WINDOW,
                  "--strict")
    assert done.returncode == 2
    assert "--strict: left out what does not load, 1 record" in done.stderr


@pytest.mark.parametrize("width", [60, 100])
def test_a_long_detail_of_a_change_continues_under_its_value(width: int) -> None:
    """The text's detail lines (scores, plan, findings) wrap under their value, never back to
    the left edge, and fit the width."""
    from datetime import date

    from abmctl.engine.windows import Window
    from abmctl.tiers.diff import TierChange, TierDiff
    from abmctl.tiers.render_diff_text import render_text

    abm208 = tiers.tier_since_kept
    change = TierChange("alpha", 2, 1, "promoted", "registry/accounts/a.yaml", 3)
    diff = TierDiff("main", "feature", date(2026, 10, 5),
                    Window(date(2026, 10, 1), date(2026, 10, 14), date(2027, 1, 1)), (change,),
                    tuple(abm208.finding(f"alpha {n}", account="alpha") for n in range(12)), ())
    lines = render_text(diff, width=width).splitlines()
    at = lines.index("alpha")
    block = lines[at + 1:lines.index("", at)]
    assert block[0].startswith("  findings  ABM208 error, ABM208 error")
    assert len(block) > 1
    assert all(line[:12] == " " * 12 and line[12] != " " for line in block[1:]), block
    assert all(len(line) <= width for line in block), block
