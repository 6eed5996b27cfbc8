"""`abmctl lint --fix` and `--diff` on a registry holding each fixable mistake, in a real git
repository: afterwards lint passes, `git diff` touches only the fixed lines, a CRLF file stays
CRLF, a second run changes nothing, `--diff` writes nothing."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from tests.commands.lint_builders import AS_OF, tree
from tests.support.cli import invoke, run
from tests.support.git import git, init
from tests.support.registry import write_registry

# one abm team: no partner team wants an agreement, so a fixed registry has no finding at all
TEAMS = """
territories: [emea]
teams:
  - {id: abm, kind: abm}
people:
  - {id: mei.chen, name: Mei Chen, team: abm, role: abm, territories: [emea]}
"""
LF = "registry/accounts/lf.yaml"
CRLF = "registry/accounts/crlf.yaml"
LF_TEXT = """\
accounts:
  # Northwind: on the list since the Q3 review
  - id: northwind  # abmctl: ignore[ABM105] reason="reviewed at the merger"
    name: Northwind Traders
    domains: [https://www.Northwind.com/, northwind.de]  # the .de shop too
    tier: 3
    scores: {fit: 55}
    sources: [marketing, sales]
    reviewd: 2026-11-02    # the last review
  - id: contoso
    name: Contoso
    domains:
      - contoso.com
    tier: 3
    scores: {fit: 60}
    sources: [marketing, sales]
    reviewed: 2026-11-02
"""
LF_FIXED = """\
accounts:
  # Northwind: on the list since the Q3 review
  - id: northwind
    name: Northwind Traders
    domains: [northwind.com, northwind.de]  # the .de shop too
    tier: 3
    scores: {fit: 55}
    sources: [marketing, sales]
    reviewed: 2026-11-02    # the last review
  - id: contoso
    name: Contoso
    domains:
      - contoso.com
    tier: 3
    scores: {fit: 60}
    sources: [marketing, sales]
    reviewed: 2026-11-02
"""
# mostly CRLF: blanks end line 2, line 5 ends in LF alone
CRLF_BYTES = (b"accounts:\r\n"
              b"  - id: fabrikam   \r\n"
              b"    name: Fabrikam\r\n"
              b"    domains: ['http://fabrikam.com/']  # from the CRM\r\n"
              b"    tier: 3\n"
              b"    scores: {fit: 70}\r\n"
              b"    sources: [marketing, sales]\r\n"
              b"    reviewed: 2026-11-02\r\n")
CRLF_FIXED = (b"accounts:\r\n"
              b"  - id: fabrikam\r\n"
              b"    name: Fabrikam\r\n"
              b"    domains: ['fabrikam.com']  # from the CRM\r\n"
              b"    tier: 3\r\n"
              b"    scores: {fit: 70}\r\n"
              b"    sources: [marketing, sales]\r\n"
              b"    reviewed: 2026-11-02\r\n")


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    """The registry with every fixable mistake, committed."""
    root = write_registry(tmp_path / "abm", {LF: LF_TEXT}, teams=TEAMS)
    (root / CRLF).write_bytes(CRLF_BYTES)
    init(root, "the registry")
    return root


def lint(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return invoke("lint", "--root", str(root), "--as-of", AS_OF, *args)


def changed_lines(root: Path, rel: str) -> list[int]:
    """The lines of `rel` that `git diff` says changed (numbered as committed)."""
    out = git(root, "diff", "-U0", "--", rel)
    lines: list[int] = []
    for hunk in (line for line in out.splitlines() if line.startswith("@@")):
        old = hunk.split()[1].lstrip("-")
        start, _, count = old.partition(",")
        lines += range(int(start), int(start) + int(count or 1))
    return lines


def test_the_registry_has_each_fixable_mistake_marked(repo: Path) -> None:
    done = lint(repo, "--format", "json")
    assert done.returncode == 1
    found = {(f["code"], f["path"], f["line"], f["fixable"])
             for f in json.loads(done.stdout)["findings"]}
    assert found == {
        ("ABM009", CRLF, 2, True),  # blanks at the end of line 2, one LF among CRLFs
        ("ABM108", CRLF, 4, True),  # fabrikam's domain as a URL
        ("ABM002", LF, 9, True),  # reviewd
        # northwind does not load: its suppression of ABM105 is judged once it does (no ABM007)
    }
    text = lint(repo).stdout
    assert "ABM002  [*] account 1 (id: northwind): unknown key 'reviewd'" in text
    assert text.endswith("[*] 3 fixable with `abmctl lint --fix` (`--diff` shows the edits).\n")


def test_a_pull_request_annotation_says_the_finding_is_fixable(repo: Path) -> None:
    lines = lint(repo, "--format", "github").stdout.splitlines()
    assert f"::warning file={CRLF},line=4,col=5,title=ABM108::fabrikam: domain " \
        "'http://fabrikam.com/' is written as 'fabrikam.com' (fixable with `abmctl lint --fix`)" \
        in lines


def test_fix_mends_every_mistake_and_lint_passes(repo: Path) -> None:
    done = lint(repo, "--fix")
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout == "No problems in 3 files.\n"
    # northwind's domain is reported once its record loads: a second pass fixes it
    assert "fixed 5 findings in 2 files" in done.stderr
    assert (repo / LF).read_text() == LF_FIXED
    assert (repo / CRLF).read_bytes() == CRLF_FIXED


def test_git_diff_touches_only_the_fixed_lines(repo: Path) -> None:
    lint(repo, "--fix")
    assert changed_lines(repo, LF) == [3, 5, 9]
    assert changed_lines(repo, CRLF) == [2, 4, 5]
    assert git(repo, "diff", "--name-only").split() == [CRLF, LF]


def test_a_crlf_file_stays_crlf(repo: Path) -> None:
    lint(repo, "--fix")
    fixed = (repo / CRLF).read_bytes()
    assert fixed.count(b"\r\n") == fixed.count(b"\n") == 8
    assert b"\r\r" not in fixed


def test_a_second_run_changes_nothing(repo: Path) -> None:
    lint(repo, "--fix")
    before = tree(repo / "registry")
    again = lint(repo, "--fix")
    assert (again.returncode, again.stdout) == (0, "No problems in 3 files.\n")
    assert "fixed" not in again.stderr
    assert tree(repo / "registry") == before


def test_diff_shows_the_edits_and_writes_nothing(repo: Path) -> None:
    before = tree(repo)
    done = lint(repo, "--diff")
    assert done.returncode == 1
    assert tree(repo) == before
    out = done.stdout
    assert f"--- a/{LF}\n+++ b/{LF}\n" in out
    assert "-    reviewd: 2026-11-02    # the last review\n" in out
    assert "+    reviewed: 2026-11-02    # the last review\n" in out
    # in a file whose line endings change, CRLF shows as ^M
    assert "\n-    tier: 3\n" in out
    assert "\n+    tier: 3^M\n" in out
    assert "-  - id: fabrikam   ^M\n+  - id: fabrikam^M\n" in out
    assert "3 findings in 2 files would be fixed" in done.stderr
    assert "ABM007" not in done.stderr  # northwind's comment waits for its record to load


def test_diff_after_fix_is_empty_and_exits_0(repo: Path) -> None:
    lint(repo, "--fix")
    done = lint(repo, "--diff")
    assert (done.returncode, done.stdout) == (0, "")
    assert "nothing to fix" in done.stderr


def test_diff_exit_zero_and_a_format_other_than_text(repo: Path) -> None:
    assert lint(repo, "--diff", "--exit-zero").returncode == 0
    done = lint(repo, "--diff", "--format", "json")
    assert done.returncode == 2
    assert "--format (with --diff)" in done.stderr


def test_fix_fixes_only_the_selected_codes(repo: Path) -> None:
    done = lint(repo, "--fix", "--select", "ABM108")
    assert done.returncode == 0
    text = (repo / LF).read_text()
    assert "reviewd:" in text  # ABM002 not selected: left as it is
    assert "https://www.Northwind.com/" in text  # its record does not load: no ABM108 there
    assert changed_lines(repo, CRLF) == [4]  # the domain; not its layout (ABM009)
    assert lint(repo, "--fix", "--ignore", "ABM009").returncode == 0
    assert b"fabrikam   \r\n" in (repo / CRLF).read_bytes()


def test_fix_with_changed_since_fixes_only_the_records_changed(repo: Path) -> None:
    (repo / "registry/accounts/new.yaml").write_text(
        "accounts:\n  - {id: tailspin, name: Tailspin, domains: [HTTPS://tailspin.io/], "
        "tier: 3, scores: {fit: 50}, sources: [marketing, sales], reviewed: 2026-11-02}\n")
    done = lint(repo, "--fix", "--changed-since", "HEAD")
    assert done.returncode == 0, done.stdout
    assert "domains: [tailspin.io]" in (repo / "registry/accounts/new.yaml").read_text()
    assert git(repo, "diff", "--name-only").split() == []  # the committed files untouched


def test_a_misspelling_with_two_close_keys_is_not_fixed(tmp_path: Path) -> None:
    root = write_registry(tmp_path, {LF: LF_TEXT.replace("scores: {fit: 60}", "scors: {fit: 60}")},
                          teams=TEAMS)
    done = lint(root, "--fix")
    assert done.returncode == 1
    assert "scors: {fit: 60}" in (root / LF).read_text()  # scores or sources? not ours to say
    assert "reviewed: 2026-11-02    # the last review" in (root / LF).read_text()
    assert "ABM002  account 2 (id: contoso): unknown key 'scors'; did you mean 'scores'?" \
        in done.stdout
    assert "[*]" not in done.stdout.split("did you mean 'scores'?")[0].splitlines()[-1]


def test_fix_writes_through_a_link_inside_the_root(tmp_path: Path) -> None:
    root = write_registry(tmp_path, {"shared/crm.yaml": "accounts:\n  - {id: a, name: A, "
                                     "domains: [www.a.com], tier: 3, scores: {fit: 50}, "
                                     "sources: [marketing, sales], reviewed: 2026-11-02}\n"},
                          teams=TEAMS)
    (root / "registry/accounts/crm.yaml").symlink_to(root / "shared/crm.yaml")
    assert lint(root, "--fix").returncode == 0
    assert (root / "registry/accounts/crm.yaml").is_symlink()
    assert "domains: [a.com]" in (root / "shared/crm.yaml").read_text()


def test_the_real_program_fixes_and_passes(repo: Path) -> None:
    done = run("lint", "--fix", "--as-of", AS_OF, cwd=repo)
    assert (done.returncode, done.stdout) == (0, "No problems in 3 files.\n")
    assert (repo / CRLF).read_bytes() == CRLF_FIXED


def test_strict_fix_says_the_skipped_row_before_the_error_it_causes(tmp_path: Path) -> None:
    """--fix says only its last lint's notes; a lint that stops the run (--strict, a skipped
    row) still says the row before the error, and writes nothing."""
    text = ("accounts:\n  - id: northwind\n    name: Northwind Traders\n"
            "    domains: [https://www.Northwind.com/]\n    tier: 3\n    scores: {fit: 55}\n"
            "    sources: [marketing, sales]\n    reviewd: 2026-11-02\n")
    write_registry(tmp_path, {"registry/accounts/a.yaml": text,
                              "registry/signals/rows.csv": "occurred_at,account,type\n"
                              "2026-11-20,northwind.com,web_visit\nsoon,northwind.com,x\n"},
                   teams=TEAMS)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--fix", "--strict")
    assert done.returncode == 2, done.stderr
    said = done.stderr.splitlines()
    assert said[0].startswith("registry/signals/rows.csv:3: occurred_at 'soon'"), said
    assert said[-1] == "abmctl: error: --strict: 1 activity row(s) skipped"
    assert (tmp_path / "registry/accounts/a.yaml").read_text(encoding="utf-8") == text
