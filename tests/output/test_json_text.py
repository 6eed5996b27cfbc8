"""`json_text.escaped`: the characters a terminal would obey are escaped, everything else is
kept as it is (ASCII text without a search, other text after one)."""

from __future__ import annotations

import json

import pytest

from abmctl.output.json_text import dumps, escaped


def test_ascii_text_comes_back_as_it_is() -> None:
    text = '{"a": "plain \\u0007 text", "b": [1, 2]}'
    assert escaped(text) is text


@pytest.mark.parametrize("char", ["\x85", "\x9b", "\u2028", "\u2029", "\u202e", "\u2066",
                                  "\u061c", "\u200f"])
def test_obeyed_characters_are_escaped_and_parse_back(char: str) -> None:
    text = dumps({"detail": f"é{char}≥"})
    assert char not in text and "é" in text and "≥" in text
    assert f"\\u{ord(char):04x}" in text
    assert json.loads(text) == {"detail": f"é{char}≥"}


def test_other_unicode_is_kept() -> None:
    text = '"café ≥ 3 → ✓"'
    assert escaped(text) == text
