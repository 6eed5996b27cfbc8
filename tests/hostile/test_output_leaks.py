"""A file that is not an export is refused without printing its first line: the columns found
are named only when they look like column names (issue: secrets leak into logs)."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.load.adapters import column_names
from tests.support.cli import invoke
from tests.support.registry import write_registry

PASSWD = "root:x:0:0:root:/root:/bin/bash\n"
TOKEN = "ghp_0123456789abcdefghijABCDEFGHIJ012345"
CREDENTIALS = f"https://octocat:{TOKEN}@github.com\n"


def _lint(root: Path, *args: str) -> tuple[int, str]:
    done = invoke("lint", "--root", str(root), "--as-of", "2026-11-23", *args)
    return done.returncode, done.stdout + done.stderr


@pytest.mark.parametrize("secret", [PASSWD, CREDENTIALS], ids=["passwd", "git-credentials"])
def test_a_secret_as_an_export_is_refused_without_its_content(tmp_path: Path,
                                                             secret: str) -> None:
    write_registry(tmp_path)
    (tmp_path / "registry/signals").mkdir()
    (tmp_path / "registry/signals/x.csv").write_text(secret, encoding="utf-8")
    code, output = _lint(tmp_path)
    assert code == 2
    assert "registry/signals/x.csv:1: missing required column(s) occurred_at, account, type " \
        "(found: 1 cell that does not look like a column name (not shown))" in output
    for piece in ("root:x", "/bin/bash", "octocat", TOKEN[4:20]):
        assert piece.lower() not in output.lower()


def test_a_symlink_to_passwd_does_not_print_it(tmp_path: Path) -> None:
    write_registry(tmp_path)
    (tmp_path / "registry/signals").mkdir()
    target = tmp_path / "passwd"
    target.write_text(PASSWD, encoding="utf-8")
    (tmp_path / "registry/signals/x.csv").symlink_to(target)
    code, output = _lint(tmp_path)
    assert code != 0
    assert "root:x" not in output and "/bin/bash" not in output


def test_a_vendor_layout_names_the_columns_it_found_but_not_a_token(tmp_path: Path) -> None:
    write_registry(tmp_path)
    export = tmp_path / "export.csv"
    export.write_text(f"Record ID,Company Domain Name,{TOKEN}\n1,a.com,b\n", encoding="utf-8")
    code, output = _lint(tmp_path, "--signals", str(export), "--signals-format", "hubspot")
    assert code == 2
    assert "found: Record ID, Company Domain Name and 1 cell that does not look like a " \
        "column name (not shown)" in output
    assert TOKEN.lower() not in output.lower()


@pytest.mark.parametrize(("cell", "shown"), [
    ("Company Domain Name", True), ("occurred_at", True), ("Score (0-100)", True),
    ("abcdefghij1", True),  # 11 characters with a digit: a name
    ("abcdefghijk1", False),  # 12: could be a token
    ("a" * 24, True), ("a" * 25, False),
    ("root:x:0:0", False), ("https://u:p@host", False), ("", False), ("-x", False),
])
def test_which_cells_look_like_column_names(cell: str, shown: bool) -> None:
    assert (column_names([cell]) == cell) is shown
