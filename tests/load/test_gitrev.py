"""Reading account tiers at a git revision (the base side of `tiers diff`): the same YAML
reader, checks and limits as the working tree."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from abmctl.load.gitrev import account_tiers_at, open_repo, resolve

ACCOUNT = "accounts:\n  - id: acme\n    name: Acme\n    domains: [acme.com]\n    tier: 2\n"


def committed(root: Path, text: str) -> Path:
    """A repository whose one commit holds `text` as registry/accounts/a.yaml."""
    (root / "registry" / "accounts").mkdir(parents=True)
    (root / "registry" / "accounts" / "a.yaml").write_text(text, encoding="utf-8")
    for args in (["init", "-q"], ["add", "."], ["commit", "-q", "-m", "base"]):
        subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.com", *args],
                       cwd=root, check=True, capture_output=True)
    return root


def test_a_file_the_loader_reads_gives_its_tiers(tmp_path: Path) -> None:
    repo = open_repo(committed(tmp_path, ACCOUNT + "...\n"))
    found = account_tiers_at(repo, resolve(repo, "HEAD"))
    assert {ident: at.tier for ident, at in found.tiers.items()} == {"acme": 2}
    assert found.unread == ()


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        (ACCOUNT + "---\n" + ACCOUNT, 6, "several YAML documents in one file"),
        ("accounts: !!python/object/apply:os.system ['true']\n", 1, "explicit YAML tag"),
        ("a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
            f"{n}: &{n} [" + ", ".join([f"*{p}"] * 10) + "]\n"
            for p, n in zip("abcdefgh", "bcdefghi", strict=True)), 5, "alias"),
    ],
    ids=["two documents", "tag", "billion laughs"],
)
def test_a_base_file_the_loader_refuses_is_left_out_the_same_way(
        tmp_path: Path, text: str, line: int, message: str) -> None:
    # refused for what the loader refuses it for, on the same line; left out, as the
    # working tree's file would be, with the ids it seems to hold (never called new)
    repo = open_repo(committed(tmp_path, text))
    found = account_tiers_at(repo, resolve(repo, "HEAD"))
    [unread] = found.unread
    assert (unread.path, unread.line, unread.code) == ("registry/accounts/a.yaml", line, "ABM001")
    assert message in unread.message
    assert found.tiers == {}
    assert found.unloaded == ({"acme"} if "acme" in text else set())
