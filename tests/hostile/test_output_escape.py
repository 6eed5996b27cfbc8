"""The one escaping function per medium (output.escape): what each lets through, what it shows
as an escape, and that ordinary text passes unchanged."""

from __future__ import annotations

import pytest

from abmctl.output.escape import (
    markdown,
    markdown_code,
    terminal,
    terminal_block,
    workflow_message,
    workflow_property,
)

ORDINARY = ["Kestrel Bank plc", "fit 50 < 60", "a@kestrelbank.co.uk", "2026-11-03 09:00 UTC",
            "Zürich reinsurer; IFRS 17 → lineage", "case_study"]


@pytest.mark.parametrize("text", ORDINARY)
def test_ordinary_text_is_printed_as_it_is(text: str) -> None:
    assert terminal(text) == terminal_block(text) == workflow_message(text) == text
    assert markdown(text) == text


@pytest.mark.parametrize(("raw", "shown"), [
    ("a\x1b[2Jb", "a\\x1b[2Jb"),  # ESC: a terminal would clear the screen
    ("\x1b]8;;http://evil\x07x", "\\x1b]8;;http://evil\\x07x"),  # OSC 8 hyperlink
    ("\x9b31m", "\\x9b31m"),  # C1 CSI
    ("del\x7f", "del\\x7f"),
    ("exe.\u202etxt", "exe.\\u202etxt"),  # right-to-left override
    ("\u2066iso\u2069", "\\u2066iso\\u2069"),
    ("bad\udcffname", "bad\\udcffname"),  # a file name that is not UTF-8
])
def test_control_and_bidi_characters_are_shown_as_escapes(raw: str, shown: str) -> None:
    assert terminal(raw) == terminal_block(raw) == shown


@pytest.mark.parametrize("text", ["a\n::warning::x", "a\r::error::x", "a\r\n  ::notice::x",
                                  "a\u2028::x::y", "::error::x", "  ##[error]x"])
def test_no_data_line_can_be_read_as_a_workflow_command(text: str) -> None:
    for shown in (terminal(text), terminal_block(text)):
        assert not any(line.lstrip().startswith(("::", "##[")) for line in shown.splitlines())
        # ... wherever a wrap cuts it: no `::` pair is left in the data
        assert "::" not in shown and "##[" not in shown


def test_a_one_line_field_stays_one_line_and_a_block_keeps_its_lines() -> None:
    assert terminal("a\nb\r\nc\td") == "a b c d"
    assert terminal_block("a\r\nb\rc") == "a\nb\nc"


def test_a_workflow_message_escapes_line_breaks_and_a_property_its_delimiters() -> None:
    assert workflow_message("50% a\r\nb\x1b") == "50%25 a%0D%0Ab\\x1b"
    assert workflow_property("x\n::error file=a,line=1::b") == \
        "x%0A%3A%3Aerror file=a%2Cline=1%3A%3Ab"


@pytest.mark.parametrize(("raw", "cell"), [
    ("<script>alert(1)</script>", "&lt;script>alert(1)&lt;/script>"),
    ("<img src=x onerror=alert(1)>", "&lt;img src=x onerror=alert(1)>"),
    ("<!-- rest of the page", "&lt;!-- rest of the page"),
    ("![i](http://evil/i.png)", "!\\[i\\](http://evil/i.png)"),
    ("[l](javascript:alert(1))", "\\[l\\](javascript:alert(1))"),
    ("ping @org/team and @ana", "ping @\u2060org/team and @\u2060ana"),
    ("# Heading", "\\# Heading"),
    ("a | b \\ `c`", "a \\| b \\\\ \\`c\\`"),
    ("&#60;script&#62; &amp;", "&amp;#60;script&amp;#62; &amp;amp;"),
    ("two\nlines  and\tblanks ", "two lines and blanks"),
])
def test_markdown_from_data_is_text(raw: str, cell: str) -> None:
    assert markdown(raw) == cell


def test_a_code_span_is_fenced_longer_than_any_backticks_in_it() -> None:
    assert markdown_code("registry/a.yaml:3") == "`registry/a.yaml:3`"
    assert markdown_code("a`b|c") == "``a`b\\|c``"
    assert markdown_code("`x`") == "`` `x` ``"
