"""Every whole-number option refuses a word or a fraction in one `abmctl: error:` line
(exit 2), the way every other bad value is refused: `options.whole_number` is the parser of
each, and the table below is checked against the options the command line has."""

from __future__ import annotations

import typing
from collections.abc import Iterator
from pathlib import Path

import pytest
import typer

from abmctl.cli import app
from tests.support.cli import invoke

ROOT = Path(__file__).resolve().parents[2]
# every option whose value is a whole number: the words that reach it
NUMBER_OPTIONS = {
    ("handoff", "--tier"): ["handoff", "--root", str(ROOT), "--as-of", "2026-11-23"],
    ("scorecard", "--periods"): ["scorecard", "--trend", "--root", str(ROOT),
                                 "--as-of", "2026-11-23"],
    ("tiers history", "--periods"): ["tiers", "history", "--root", str(ROOT)],
}


def _leaf(annotation: object) -> object:
    while typing.get_origin(annotation) in (list, typing.Union, type(int | None)):
        annotation = next(a for a in typing.get_args(annotation) if a is not type(None))
    return annotation


def _number_options() -> Iterator[tuple[str, str]]:
    def walk(group: object, prefix: str = "") -> Iterator[tuple[str, object]]:
        for name, sub in getattr(group, "commands", {}).items():
            yield from walk(sub, f"{prefix}{name} ")
            if not hasattr(sub, "commands"):
                yield f"{prefix}{name}", sub

    for name, command in walk(typer.main.get_command(app)):
        for param in command.params:  # type: ignore[attr-defined]
            described = getattr(param, "type_descriptor", None)
            if described is not None and _leaf(described.annotation) is int:
                yield name, param.opts[0]


def test_the_table_lists_every_whole_number_option() -> None:
    assert set(_number_options()) == set(NUMBER_OPTIONS)


@pytest.mark.parametrize("value", ["one", "1.5", "1e3", "", "٣"])
@pytest.mark.parametrize("option", list(NUMBER_OPTIONS))
def test_a_value_that_is_no_whole_number_is_one_error_line(
        option: tuple[str, str], value: str) -> None:
    done = invoke(*NUMBER_OPTIONS[option], option[1], value)
    assert done.returncode == 2, done.stderr
    assert done.stderr == f"abmctl: error: {option[1]}: {value!r} is not a whole number\n"
    assert done.stdout == ""


@pytest.mark.parametrize("option", list(NUMBER_OPTIONS))
def test_a_whole_number_with_blanks_round_it_is_taken(option: tuple[str, str]) -> None:
    done = invoke(*NUMBER_OPTIONS[option], option[1], " 1 ")
    assert done.returncode == 0, done.stderr
