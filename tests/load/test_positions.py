"""Every key and list item knows its line, so findings point where a reader looks."""

from __future__ import annotations

from unittest.mock import patch

from hypothesis import given, settings
from hypothesis import strategies as st

from abmctl.load.positions import Index, PosNode, index_lines

ACCOUNTS = """\
# the list
accounts:
- id: a   # abmctl: ignore[ABM104]
  name: A
  research: >
    looks: like a key
    but is text
  owners: {ae: x}
  scores:
    fit: 3
- {id: b, name: B}
-   id: c
    tier: 2
people:
  - id: p
    capacity:
      1: 12
territories: [a, b]
"""


def test_items_and_their_fields_have_lines() -> None:
    items = index_lines(ACCOUNTS.splitlines()).root.nested["accounts"].items
    assert [item.line for item in items] == [3, 11, 12]
    assert items[0].field_lines() == {"id": 3, "name": 4, "research": 5, "owners": 8, "scores": 9}
    assert items[2].field_lines() == {"id": 12, "tier": 13}


def test_block_scalar_text_is_not_mistaken_for_keys() -> None:
    first = index_lines(ACCOUNTS.splitlines()).root.nested["accounts"].items[0]
    assert "looks" not in first.lines


def test_record_spans_end_before_the_next_record() -> None:
    items = index_lines(ACCOUNTS.splitlines()).root.nested["accounts"].items
    assert (items[0].line, items[0].end) == (3, 10)
    assert (items[1].line, items[1].end) == (11, 11)


def test_error_locations_resolve_to_the_deepest_known_line() -> None:
    root = index_lines(ACCOUNTS.splitlines()).root
    assert root.find(["accounts", 0, "scores", "fit"]) == 10
    assert root.find(["people", 0, "capacity", 1]) == 17
    assert root.find(["accounts", 1, "name"]) == 11  # flow mapping: the item's line
    assert root.find(["territories"]) == 18


def test_duplicate_keys_are_noted_with_the_second_line() -> None:
    assert index_lines(["a: 1", "b: 2", "a: 3"]).duplicates == [("a", 3)]


QUOTED_AND_PLAIN = """\
accounts:
  - "id": a
    'name': A
    tier: &t 2
    owners:
      ae: x
  - id: b
    name: B
    tier: 3
    owners:
      ae: y
"""


def test_quoted_keys_and_anchors_take_the_same_lines_as_plain_ones() -> None:
    first, second = index_lines(QUOTED_AND_PLAIN.splitlines()).root.nested["accounts"].items
    assert first.field_lines() == {"id": 2, "name": 3, "tier": 4, "owners": 5}
    assert second.field_lines() == {"id": 7, "name": 8, "tier": 9, "owners": 10}
    assert (first.find(["owners", "ae"]), second.find(["owners", "ae"])) == (6, 11)


def test_a_key_with_a_flow_value_is_a_line_without_children() -> None:
    root = index_lines(ACCOUNTS.splitlines()).root
    owners = root.find(["accounts", 0, "owners"])
    assert owners == 8 and root.find(["accounts", 0, "owners", "ae"]) == 8
    assert "owners" not in root.nested["accounts"].items[0].nested
    child = root.child("territories")
    assert child is not None and (child.line, child.items) == (18, [])
    assert root.child("nowhere") is None


def test_a_key_given_again_counts_from_its_second_line() -> None:
    index = index_lines(["a:", "  b: 1", "a: 2", "c: 3"])
    assert index.duplicates == [("a", 3)]
    assert index.root.find(["a", "b"]) == 3  # the second `a` holds no `b`


def test_a_line_holding_a_line_break_is_still_one_line() -> None:
    index = index_lines(["a:", "  b: 1\n  c: 2", "d: 3"])
    assert index.root.lines == {"a": 1, "d": 3}
    assert list(index.root.nested["a"].lines.values()) == [2]


def _careful_index(lines: list[str]) -> Index:
    """The index with every line on the careful path (as if no line were a plain key line)."""
    shapes = [(line[: len(line) - len(text)], "", "", "", text)
              for line in lines for text in [line.lstrip(" ")]]
    with patch("abmctl.load.positions._shapes", return_value=shapes):
        return index_lines(lines)


def _tree(node: PosNode) -> object:
    return (node.line, node.end, node.lines, {k: _tree(v) for k, v in node.nested.items()},
            [_tree(item) for item in node.items])


PIECES = ["accounts:", "- id: a", "  - id: b", "    name: X", "    scores:", "      fit: 3",
          "  -", "- ", "-   x: 1", "    - a", "  key: |", "    text: here", "a: &x", "b: *x",
          "'q k': 1", "# c", "", "x:\t1", "x: 1 # c", "x: # c", "---", "k:", "  k:  ", "- - b: 1",
          "a.b-c: 1", "1: 2", "k: [a,", "  b]", "é: 1", "k: \u00a0x", "- k: >2", "  - &a x: 1"]


@settings(max_examples=400, deadline=None)
@given(st.lists(st.tuples(st.sampled_from([0, 1, 2, 4, 6]), st.sampled_from(PIECES)),
                max_size=16))
def test_the_plain_line_shortcut_finds_what_the_careful_path_finds(
    pieces: list[tuple[int, str]],
) -> None:
    lines = [" " * indent + piece for indent, piece in pieces]
    fast, careful = index_lines(lines), _careful_index(lines)
    assert (_tree(fast.root), fast.duplicates) == (_tree(careful.root), careful.duplicates)
