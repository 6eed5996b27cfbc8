"""CSV lines end at CR LF, LF or CR only: the other breaks `str.splitlines` knows are text
inside a value, in ASCII exports and in the others alike."""

from __future__ import annotations

import pytest

from abmctl.load.adapters.canonical import split_lines


@pytest.mark.parametrize("mark", ["\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85", "\u2028",
                                  "\u2029"])
@pytest.mark.parametrize("other", ["", "é"], ids=["ascii", "non-ascii"])
def test_only_cr_and_lf_end_a_line(mark: str, other: str) -> None:
    text = f"a,b{mark}c{other}\r\nd\re\nf"
    assert split_lines(text) == [f"a,b{mark}c{other}", "d", "e", "f"]
    assert split_lines(text, keepends=True) == [f"a,b{mark}c{other}\r\n", "d\r", "e\n", "f"]


def test_text_without_other_breaks_splits_as_splitlines() -> None:
    text = "x,y\r\n1,2\n3,4\r5,6\n"
    assert split_lines(text) == text.splitlines()
