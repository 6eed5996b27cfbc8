"""`tiers apply` changes only the `tier` and `tier_since` lines of the accounts that move, in
any YAML a team writes; atomically; or nothing at all (SPEC §3.1, §6)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from abmctl.errors import AbmctlError
from tests.support.cli import invoke
from tests.tiers.builders import OPEN_TIERS, account, git, init_repo, make_registry

DAY = "2026-10-01"
STRONG = "{fit: 90, intent: 80}"

NASTY = f"""# Accounts: EMEA   (a comment before everything)
accounts:   # the one list
  # --- block style, quoted date, comments on every line ---
  - id: alpha    # first
    name: "Alpha, Inc."   # quoted name
    domains:
      - alpha.com   # primary
    tier: 2      # tier comment stays
    tier_since: '2026-01-05'   # single-quoted date keeps its quotes
    scores: &strong {STRONG}


  - {{id: beta, name: 'Beta', domains: [b.com], tier: 2, tier_since: "2026-01-05", scores: *strong}}
  - {{id: gamma, name: Gamma, domains: [gamma.com],
     tier: 3, scores: {STRONG}}}   # multi-line flow, no tier_since
  - id: delta
    name: Delta
    domains: [delta.com]
    "tier": 3
    scores: {STRONG}
    x-note: "tier: 3 is what the old sheet said"
  - id: zeta    # does not move
    name: Zeta
    domains: [zeta.com]
    tier: 2
    tier_since: 2026-01-05
    scores: {{fit: 65}}
"""

CRLF_NO_FINAL_NEWLINE = (
    "accounts:\r\n"
    "  - id: eta\r\n    name: Eta\r\n    domains: [eta.com]\r\n    tier: 3\r\n"
    f"    scores: {STRONG}\r\n"
    "  - id: theta\r\n    name: Theta\r\n    domains: [theta.com]\r\n"
    f"    scores: {STRONG}\r\n    tier: 2"
)

LAST_LINE_IS_TIER_SINCE = (
    "accounts:\n  - id: iota\n    name: Iota\n    domains: [iota.com]\n"
    f"    scores: {STRONG}\n    tier: 3\n    tier_since: 2026-01-05"
)

FLOW_LIST = (f"accounts: [{{id: kappa, name: Kappa, domains: [kappa.com], tier: 2, "
             f"scores: {STRONG}}}]\n")

ALIGNED = f"""\ufeffaccounts:
  - id:          mu
    name:        Mu
    domains:     [mu.com]
    tier:        2
    scores:      {STRONG}
"""

FILES = {
    "nasty.yaml": NASTY, "crlf.yaml": CRLF_NO_FINAL_NEWLINE,
    "last.yaml": LAST_LINE_IS_TIER_SINCE, "flowlist.yaml": FLOW_LIST, "aligned.yaml": ALIGNED,
}

EXPECTED = {  # file -> (lines removed, lines added) in `git diff`
    "nasty.yaml": (
        ["    tier: 2      # tier comment stays",
         "    tier_since: '2026-01-05'   # single-quoted date keeps its quotes",
         '  - {id: beta, name: \'Beta\', domains: [b.com], tier: 2, tier_since: "2026-01-05", '
         "scores: *strong}",
         f"     tier: 3, scores: {STRONG}}}   # multi-line flow, no tier_since",
         '    "tier": 3'],
        ["    tier: 1      # tier comment stays",
         f"    tier_since: '{DAY}'   # single-quoted date keeps its quotes",
         f'  - {{id: beta, name: \'Beta\', domains: [b.com], tier: 1, tier_since: "{DAY}", '
         "scores: *strong}",
         f"     tier: 1, tier_since: {DAY}, scores: {STRONG}}}   # multi-line flow, no tier_since",
         '    "tier": 1', f'    "tier_since": {DAY}'],
    ),
    "crlf.yaml": (
        ["    tier: 3", "    tier: 2"],
        ["    tier: 1", f"    tier_since: {DAY}", "    tier: 1", f"    tier_since: {DAY}"],
    ),
    "last.yaml": (["    tier: 3", "    tier_since: 2026-01-05"],
                  ["    tier: 1", f"    tier_since: {DAY}"]),
    "flowlist.yaml": (
        [FLOW_LIST.rstrip("\n")],
        [FLOW_LIST.rstrip("\n").replace("tier: 2,", f"tier: 1, tier_since: {DAY},")],
    ),
    "aligned.yaml": (["    tier:        2"], ["    tier:        1", f"    tier_since:  {DAY}"]),
}


def write_accounts(root: Path, files: dict[str, str]) -> None:
    make_registry(root, {}, OPEN_TIERS)
    for name, text in files.items():
        (root / "registry" / "accounts" / name).write_bytes(text.encode("utf-8"))


def changed_lines(root: Path) -> dict[str, tuple[list[str], list[str]]]:
    """`git diff` of the working tree: each file's removed and added lines."""
    found: dict[str, tuple[list[str], list[str]]] = {}
    current = ""
    for line in git(root, "diff", "-U0", "--no-color").splitlines():
        if line.startswith("+++ "):
            current = line.rsplit("/", 1)[-1]
            found[current] = ([], [])
        elif line.startswith(("-", "+")) and not line.startswith("--- "):
            found[current][line[0] == "+"].append(line[1:].rstrip("\r"))
    return found


def test_git_diff_shows_exactly_the_tier_lines_of_the_accounts_that_moved(
    tmp_path: Path
) -> None:
    write_accounts(tmp_path, FILES)
    init_repo(tmp_path)
    # nine moves in a small registry is a bulk plan: --force (the guard is tested on its own)
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY, "--force")
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout.startswith("Applied 9 tier changes in 5 files")
    assert changed_lines(tmp_path) == EXPECTED


def test_crlf_stays_crlf_and_a_missing_final_newline_stays_missing(tmp_path: Path) -> None:
    write_accounts(tmp_path, {"crlf.yaml": CRLF_NO_FINAL_NEWLINE,
                              "last.yaml": LAST_LINE_IS_TIER_SINCE})
    invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY, "--force")
    crlf = (tmp_path / "registry/accounts/crlf.yaml").read_bytes()
    assert crlf.count(b"\n") == crlf.count(b"\r\n") == CRLF_NO_FINAL_NEWLINE.count("\n") + 2
    assert crlf.endswith(f"    tier: 1\r\n    tier_since: {DAY}".encode())
    assert (tmp_path / "registry/accounts/last.yaml").read_bytes().endswith(
        f"tier_since: {DAY}".encode())


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    write_accounts(tmp_path, {"aligned.yaml": ALIGNED})
    invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY)
    assert (tmp_path / "registry/accounts/aligned.yaml").read_bytes().startswith(
        b"\xef\xbb\xbfaccounts:\n")


def test_a_symlinked_account_file_is_written_through_the_link(tmp_path: Path) -> None:
    write_accounts(tmp_path, {})
    shared = tmp_path / "shared" / "iota.yaml"
    shared.parent.mkdir()
    shared.write_text(LAST_LINE_IS_TIER_SINCE)
    link = tmp_path / "registry/accounts/iota.yaml"
    link.symlink_to(shared)
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY)
    assert done.returncode == 0
    assert link.is_symlink()  # the link is kept, and the file it names has the change
    assert shared.read_text().endswith(f"    tier: 1\n    tier_since: {DAY}")


def test_apply_twice_changes_nothing_the_second_time(tmp_path: Path) -> None:
    write_accounts(tmp_path, FILES)
    invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY, "--force")
    once = {p.name: p.read_bytes() for p in (tmp_path / "registry/accounts").iterdir()}
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY)
    assert (done.returncode, done.stdout) == (0, "No tier changes to write as of 2026-10-01.\n")
    assert {p.name: p.read_bytes() for p in (tmp_path / "registry/accounts").iterdir()} == once


def test_a_tier_shared_through_an_anchor_is_refused_and_nothing_is_written(
    tmp_path: Path
) -> None:
    shared = ("accounts:\n"
              f"  - {{id: alpha, name: A, domains: [a.com], tier: &t 2, scores: {STRONG}}}\n"
              f"  - {{id: omega, name: O, domains: [o.com], tier: *t, scores: {{fit: 65}}}}\n")
    write_accounts(tmp_path, {"shared.yaml": shared, "other.yaml": ALIGNED})
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY)
    assert done.returncode == 2
    assert "registry/accounts/shared.yaml" in done.stderr and "anchor" in done.stderr
    assert (tmp_path / "registry/accounts/shared.yaml").read_text() == shared
    assert (tmp_path / "registry/accounts/other.yaml").read_text(encoding="utf-8-sig") == \
        ALIGNED.lstrip("\ufeff")


def test_an_alias_as_the_tier_value_is_replaced_by_the_new_number(tmp_path: Path) -> None:
    text = ("x-two: &two 2\naccounts:\n"
            f"  - {{id: alpha, name: A, domains: [a.com], tier: *two, scores: {STRONG}}}\n")
    write_accounts(tmp_path, {"alias.yaml": text})
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY)
    assert (done.returncode, done.stderr) == (0, "")
    assert (tmp_path / "registry/accounts/alias.yaml").read_text() == text.replace(
        "tier: *two", f"tier: 1, tier_since: {DAY}")


def test_a_failed_rename_of_the_second_file_leaves_every_file_as_it_was(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    write_accounts(tmp_path, {"a.yaml": "accounts:\n" + account("acme", 2, 90, 90),
                              "b.yaml": "accounts:\n" + account("bolt", 2, 90, 90)})
    folder = tmp_path / "registry" / "accounts"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    real_replace = os.replace

    def failing_replace(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        if Path(dst).name == "b.yaml":
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing_replace)
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY)
    assert done.returncode == 2
    assert "registry/accounts/b.yaml" in done.stderr and "nothing was changed" in done.stderr
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before  # no temp files left


def test_a_file_changed_on_disk_after_reading_is_refused(tmp_path: Path) -> None:
    from abmctl.tiers.writing import TierEdit, prepare, write_all

    write_accounts(tmp_path, {"a.yaml": "accounts:\n" + account("acme", 2, 90, 90),
                              "b.yaml": "accounts:\n" + account("bolt", 2, 90, 90)})
    edits = [TierEdit(f"registry/accounts/{name}.yaml", 2, ident, 2, 1,
                      __import__("datetime").date(2026, 10, 1))
             for name, ident in (("a", "acme"), ("b", "bolt"))]
    changes = prepare(tmp_path, edits)
    meddled = tmp_path / "registry/accounts/b.yaml"
    meddled.write_text(meddled.read_text() + "    x-note: edited meanwhile\n")
    snapshot = {p.name: p.read_bytes() for p in meddled.parent.iterdir()}
    with pytest.raises(AbmctlError, match="changed on disk"):
        write_all(changes)
    assert {p.name: p.read_bytes() for p in meddled.parent.iterdir()} == snapshot


def test_a_registry_with_load_errors_is_refused_with_exit_2(tmp_path: Path) -> None:
    write_accounts(tmp_path, {"a.yaml": "accounts:\n" + account("acme", 2, 90, 90),
                              "bad.yaml": "accounts:\n  - id: broken\n    tier: [\n"})
    before = (tmp_path / "registry/accounts/a.yaml").read_bytes()
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY)
    assert done.returncode == 2 and "error(s) that stop this command" in done.stderr
    assert (tmp_path / "registry/accounts/a.yaml").read_bytes() == before


def test_dry_run_prints_the_diff_and_writes_nothing(tmp_path: Path) -> None:
    write_accounts(tmp_path, {"a.yaml": "accounts:\n" + account("acme", 2, 90, 90)})
    before = (tmp_path / "registry/accounts/a.yaml").read_bytes()
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY,
                  "--dry-run")
    assert done.returncode == 0
    assert "--- a/registry/accounts/a.yaml\n+++ b/registry/accounts/a.yaml\n" in done.stdout
    assert "-    tier: 2\n-    tier_since: 2026-07-01\n+    tier: 1\n+    tier_since: " \
           "2026-10-01\n" in done.stdout
    assert (tmp_path / "registry/accounts/a.yaml").read_bytes() == before


def test_dry_run_shows_the_diff_lint_diff_shows_for_the_same_edit(tmp_path: Path) -> None:
    # one renderer (output.file_diff): a last line with no ending is marked as git marks it;
    # CRLF that stays CRLF shows as nothing
    write_accounts(tmp_path, {"last.yaml": LAST_LINE_IS_TIER_SINCE})
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY, "--dry-run")
    assert done.returncode == 0, done.stderr
    assert done.stdout == (
        "--- a/registry/accounts/last.yaml\n+++ b/registry/accounts/last.yaml\n"
        "@@ -3,5 +3,5 @@\n"
        "     name: Iota\n     domains: [iota.com]\n     scores: {fit: 90, intent: 80}\n"
        "-    tier: 3\n-    tier_since: 2026-01-05\n\\ No newline at end of file\n"
        f"+    tier: 1\n+    tier_since: {DAY}\n\\ No newline at end of file\n")
    write_accounts(tmp_path, {"last.yaml": CRLF_NO_FINAL_NEWLINE})
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY, "--dry-run")
    assert "\r" not in done.stdout and "^M" not in done.stdout
    assert f"-    tier: 3\n+    tier: 1\n+    tier_since: {DAY}\n" in done.stdout


def test_accounts_leaving_the_list_are_reported_not_deleted(tmp_path: Path) -> None:
    text = "accounts:\n" + account("fading", 3, 20) + account("acme", 2, 90, 90)
    write_accounts(tmp_path, {"a.yaml": text})
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", DAY)
    assert done.returncode == 0
    assert "1 account fails its keep thresholds and leaves the list" in done.stdout
    assert "fading (tier 3, registry/accounts/a.yaml:2)" in done.stdout
    assert "id: fading" in (tmp_path / "registry/accounts/a.yaml").read_text()
