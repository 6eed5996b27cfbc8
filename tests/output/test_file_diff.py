"""The unified diff of file edits (`lint --diff`, `tiers apply --dry-run`): lines as YAML reads
them, endings shown only when they change, a missing last newline marked, data escaped."""

from __future__ import annotations

from pathlib import Path

import pytest

from abmctl.output.escape import file_line
from abmctl.output.file_diff import render_diff
from abmctl.tiers.writing import FileChange

REL = "registry/accounts/a.yaml"
HEADER = f"--- a/{REL}\n+++ b/{REL}\n"


def diff(old: str, new: str, rel: str = REL) -> str:
    return render_diff([FileChange(rel, Path(rel), old.encode(), new.encode())])


def test_a_crlf_file_that_stays_crlf_shows_its_lines_plainly() -> None:
    old = "accounts:\r\n  - id: a\r\n    tier: 2\r\n"
    assert diff(old, old.replace("tier: 2", "tier: 1")) == (
        HEADER + "@@ -1,3 +1,3 @@\n accounts:\n   - id: a\n-    tier: 2\n+    tier: 1\n")


def test_line_endings_that_change_show_crlf_as_caret_m() -> None:
    assert diff("a: 1\r\nb: 2\n", "a: 1\nb: 2\n") == (
        HEADER + "@@ -1,2 +1,2 @@\n-a: 1^M\n+a: 1\n b: 2\n")


def test_a_last_line_without_an_ending_is_marked_as_git_marks_it() -> None:
    assert diff("a: 1\nb: 2", "a: 1\nb: 3") == (
        HEADER + "@@ -1,2 +1,2 @@\n a: 1\n-b: 2\n\\ No newline at end of file\n"
        "+b: 3\n\\ No newline at end of file\n")


@pytest.mark.parametrize(("inside", "shown"), [
    ("\u2028", "\\u2028"), ("\u2029", "\\u2029"), ("\x85", "\\x85"), ("\x0c", "\\x0c"),
])
def test_a_break_inside_a_line_is_an_escape_so_each_file_line_is_one_diff_line(
    inside: str, shown: str
) -> None:
    old = f'accounts:\n  - id: a\n    name: "A{inside}B"\n    tier: 2\n'
    assert diff(old, old.replace("tier: 2", "tier: 1")) == (
        HEADER + f'@@ -1,4 +1,4 @@\n accounts:\n   - id: a\n     name: "A{shown}B"\n'
        "-    tier: 2\n+    tier: 1\n")


def test_data_cannot_drive_the_terminal_or_a_ci_log() -> None:
    rel = "registry/accounts/\x1b[31mred.yaml"
    found = diff("name: x\n", "name: \x1b]0;title\x07::warning::x\n", rel)
    assert "\x1b" not in found and "\x07" not in found and "\n+name: \\x1b]0;title\\x07:" in found
    assert "::warning::" not in found
    assert found.startswith("--- a/registry/accounts/\\x1b[31mred.yaml\n")


def test_files_follow_one_another_and_no_change_shows_nothing() -> None:
    same = FileChange("b.yaml", Path("b.yaml"), b"a: 1\n", b"a: 1\n")
    moved = FileChange("c.yaml", Path("c.yaml"), b"a: 1\n", b"a: 2\n")
    assert render_diff([same, moved, moved]) == (
        "--- a/c.yaml\n+++ b/c.yaml\n@@ -1 +1 @@\n-a: 1\n+a: 2\n" * 2)


@pytest.mark.parametrize("inside", ["\u2028", "\x85", "\x0c", "\x1c", "\x1b[2J", "\u202e"])
def test_a_file_line_keeps_to_one_line_and_shows_its_controls(inside: str) -> None:
    shown = file_line(f"name: A{inside}B ::warning::x")
    assert shown.startswith("name: A\\") and shown.endswith("B :\u2060:warning:\u2060:x")
    assert all(c.isprintable() or c == "\u2060" for c in shown)  # the joiner splitting `::`
