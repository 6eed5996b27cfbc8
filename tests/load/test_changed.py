"""Which records a change touched (`lint --changed-since`): records matched by id within
their file, compared as text."""

from __future__ import annotations

import textwrap

from abmctl.load.changed import FileChanges, compare

BEFORE = textwrap.dedent("""\
    # the APAC list
    accounts:
      - id: acme
        name: Acme
        tier: 2
      - id: globex
        name: Globex
        tier: 3
""")


def changes(after: str, before: str | None = BEFORE) -> FileChanges:
    rel = "registry/accounts/apac.yaml"
    return compare(rel, None if before is None else before.encode(),
                   textwrap.dedent(after).encode())


def test_an_edited_record_is_touched_and_its_neighbour_is_not() -> None:
    found = changes(BEFORE.replace("tier: 3", "tier: 4"))
    assert found.touches(8)  # globex's tier line
    assert found.touches(6)  # globex's first line
    assert not found.touches(4)  # acme's name
    assert found.touches(None)  # a finding on the file as a whole: it has a touched record


def test_records_reordered_within_their_file_are_untouched() -> None:
    acme = "  - id: acme\n    name: Acme\n    tier: 2\n"
    globex = "  - id: globex\n    name: Globex\n    tier: 3\n"
    swapped = BEFORE.replace(acme + globex, globex + acme)
    assert swapped != BEFORE
    found = changes(swapped)
    assert not any(found.touches(line) for line in range(1, 9))
    assert not found.touches(None)


def test_a_record_moved_in_from_another_file_is_new_there() -> None:
    # initech was in registry/accounts/emea.yaml; this file had acme and globex
    found = changes(BEFORE + "  - id: initech\n    name: Initech\n    tier: 3\n")
    assert found.touches(9)  # initech, now in this file
    assert not found.touches(3)  # acme was here before


def test_trailing_blanks_and_a_comment_after_a_record_do_not_touch_it() -> None:
    found = changes(BEFORE.replace("tier: 2", "tier: 2   ") + "  # reviewed at the QBR\n\n")
    assert not found.touches(5)
    assert not found.touches(8)


def test_an_edit_outside_every_record_touches_only_the_lines_outside() -> None:
    found = changes(BEFORE.replace("# the APAC list", "# the APAC list, split by country"))
    assert found.touches(1)
    assert not found.touches(5)


def test_a_new_file_is_touched_everywhere() -> None:
    found = changes(BEFORE, before=None)
    assert found.new and found.touches(1) and found.touches(None)


def test_a_one_record_file_is_one_record() -> None:
    rel = "registry/agreements/sales.yaml"
    before = b"partner: sales\ncadence: weekly\nreviewed: 2026-01-05\n"
    found = compare(rel, before, before.replace(b"weekly", b"monthly"))
    assert found.touches(3) and found.touches(None)
    assert not compare(rel, before, before + b"# a note\n").touches(3)


def test_a_file_that_is_not_yaml_is_compared_as_text() -> None:
    found = changes("accounts: [\n")
    assert found.touches(1)
