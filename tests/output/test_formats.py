"""The formats table: every renderer it names exists, and --help reads its choices from it."""

from __future__ import annotations

import inspect

import pytest

from abmctl.output.formats import FORMATS, described, renderer

ENTRIES = [(kind, name) for kind, formats in FORMATS.items() for name in formats]


@pytest.mark.parametrize(("kind", "name"), ENTRIES, ids=[f"{k}-{n}" for k, n in ENTRIES])
def test_every_listed_renderer_takes_a_report_and_a_view(kind: str, name: str) -> None:
    function = renderer(kind, name)
    assert list(inspect.signature(function).parameters)[1:] == ["view"]


@pytest.mark.parametrize("kind", list(FORMATS))
def test_text_comes_first_as_every_command_defaults_to_it(kind: str) -> None:
    assert next(iter(FORMATS[kind])) == "text"


def test_the_choices_read_as_a_sentence_with_what_each_is_for() -> None:
    assert described("findings") == ("text, json (stable, version 1), github (workflow "
                                     "annotations) or sarif (code scanning)")


def test_an_unlisted_format_is_a_programming_error() -> None:
    with pytest.raises(ValueError, match="unknown plan format 'xml'; expected one of text, "
                                         "json, markdown"):
        renderer("plan", "xml")
