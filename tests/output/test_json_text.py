"""`json_text.escaped`: the characters a terminal would obey are escaped, everything else is
kept as it is (ASCII text without a search, other text after one); `json_text.dumps` with an
indent writes the text `json.dumps` writes."""

from __future__ import annotations

import json
from collections import Counter, OrderedDict
from enum import IntEnum, StrEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

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


# --- indented documents: the same text as json.dumps(indent=N), written faster -------------

_keys = st.one_of(st.text(max_size=6), st.integers(), st.floats(allow_nan=False),
                  st.booleans(), st.none())
_leaves = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=12))
_documents = st.recursive(
    _leaves,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.tuples(inner, inner),
                            st.dictionaries(_keys, inner, max_size=4)),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(_documents, st.sampled_from([1, 2, 4]))
def test_an_indented_document_is_the_text_json_writes(value: object, indent: int) -> None:
    expected = escaped(json.dumps(value, indent=indent, ensure_ascii=False))
    assert dumps(value, indent=indent) == expected


class _Mood(StrEnum):
    HIGH = "high"


class _Rank(IntEnum):
    FIRST = 1


def test_subclasses_are_written_as_json_writes_them() -> None:
    value = {"mood": _Mood.HIGH, _Rank.FIRST: [_Rank.FIRST], "counts": Counter(a=2),
             "ordered": OrderedDict(b=[1, {}]), "empty": ([], {})}
    assert dumps(value, indent=2) == json.dumps(value, indent=2, ensure_ascii=False)


def test_what_json_cannot_write_is_refused_as_json_refuses_it() -> None:
    with pytest.raises(TypeError, match="keys must be str, int, float, bool or None, not tuple"):
        dumps({(1, 2): 3}, indent=2)
    with pytest.raises(TypeError, match="Object of type object is not JSON serializable"):
        dumps({"a": object()}, indent=2)


def test_an_obeyed_character_in_a_key_is_escaped_in_an_indented_document() -> None:
    text = dumps({"a\u202eb": ["\x85"]}, indent=2)
    assert "\u202e" not in text and "\x85" not in text
    assert json.loads(text) == {"a\u202eb": ["\x85"]}
