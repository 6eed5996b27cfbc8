"""Review 8: a file line that starts like a diff header (`---` removed, `++` added) is shown as
a line of the file: its ending marked when endings change, a missing last newline marked."""

from __future__ import annotations

from pathlib import Path

from abmctl.output.file_diff import render_diff
from abmctl.tiers.writing import FileChange

REL = "registry/accounts/a.yaml"
HEADER = f"--- a/{REL}\n+++ b/{REL}\n"


def diff(old: str, new: str) -> str:
    return render_diff([FileChange(REL, Path(REL), old.encode(), new.encode())])


def test_a_document_start_line_whose_ending_changes_shows_caret_m() -> None:
    # `lint --fix` of a CRLF `--- ` line in an LF file: the removed line reads `---- ^M`
    assert diff("--- \r\na: 1\n", "---\na: 1\n") == (
        HEADER + "@@ -1,2 +1,2 @@\n---- ^M\n+---\n a: 1\n")


def test_a_removed_dashes_line_without_a_final_newline_is_marked() -> None:
    assert diff("a: 1\n--", "a: 1\n---") == (
        HEADER + "@@ -1,2 +1,2 @@\n a: 1\n---\n\\ No newline at end of file\n"
        "+---\n\\ No newline at end of file\n")


def test_an_added_line_starting_with_plusses_is_escaped_as_every_line_is() -> None:
    assert diff("a: 1\n", "a: 1\n++\x1b[31m\n") == (
        HEADER + "@@ -1 +1,2 @@\n a: 1\n+++\\x1b[31m\n")


def test_a_line_ending_changing_between_lf_and_a_lone_cr_is_visible() -> None:
    # `lint --fix` of a classic-Mac (CR) file with one LF line: before, both sides read alike
    assert diff("a: 1\rb: 2\nc: 3\r", "a: 1\rb: 2\rc: 3\r") == (
        HEADER + "@@ -1,3 +1,3 @@\n a: 1\\r\n-b: 2\n+b: 2\\r\n c: 3\\r\n")
