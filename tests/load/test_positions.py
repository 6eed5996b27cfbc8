"""Every key and list item knows its line, so findings point where a reader looks."""

from __future__ import annotations

from abmctl.load.positions import index_lines

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
    items = index_lines(ACCOUNTS.splitlines()).root.keys["accounts"].items
    assert [item.line for item in items] == [3, 11, 12]
    assert items[0].field_lines() == {"id": 3, "name": 4, "research": 5, "owners": 8, "scores": 9}
    assert items[2].field_lines() == {"id": 12, "tier": 13}


def test_block_scalar_text_is_not_mistaken_for_keys() -> None:
    first = index_lines(ACCOUNTS.splitlines()).root.keys["accounts"].items[0]
    assert "looks" not in first.keys


def test_record_spans_end_before_the_next_record() -> None:
    items = index_lines(ACCOUNTS.splitlines()).root.keys["accounts"].items
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
