"""Words and stamps every report shares: plurals, moments as people and JSON read them, and
GitHub Actions annotations (one writer; the escaping is `output.escape`'s)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING

from abmctl.output.escape import workflow_message, workflow_property

if TYPE_CHECKING:
    from fractions import Fraction  # imported by every command: fractions costs 2 ms

SPARKS = "▁▂▃▄▅▆▇█"
ASCII_SPARKS = "_.-~=+*#"
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def plural(count: int, noun: str, nouns: str | None = None) -> str:
    """`1 file`, `0 files`, `2 touches` (give `nouns` when adding an s is wrong)."""
    return f"{count} {noun}" if count == 1 else f"{count} {nouns or noun + 's'}"


def stamp(moment: datetime | None) -> str:
    """A moment as people read it in a report: `2026-11-03 09:00 UTC`, or the date alone at
    midnight (most exports carry dates only); `-` for none."""
    if moment is None:
        return "-"
    # a million activity rows make ~800,000 stamps in one overlap report; printf-style ints
    # format them twice as fast as `isoformat` or an f-string, to the same text
    if moment.hour or moment.minute or moment.second:
        return "%04d-%02d-%02d %02d:%02d UTC" % (  # noqa: UP031
            moment.year, moment.month, moment.day, moment.hour, moment.minute)
    return "%04d-%02d-%02d" % (moment.year, moment.month, moment.day)  # noqa: UP031


def column_stamp(moment: datetime) -> str:
    """`stamp` in a table column whose header names the zone (`due (UTC)`): `2026-11-03
    09:00`, the date alone at midnight."""
    return stamp(moment).removesuffix(" UTC")


def iso_stamp(moment: datetime) -> str:
    """A moment in JSON: `2026-11-23T09:00:00Z` (UTC, seconds; fractions only when the export
    had them)."""
    if moment.microsecond or moment.tzinfo is not UTC:
        return moment.isoformat().replace("+00:00", "Z")
    # what isoformat() writes, put together from tables: isoformat is slow on aware datetimes
    # (a zone lookup per call) and a large document holds a million moments
    day = _DAYS.get(moment.toordinal())
    if day is None:
        day = _DAYS[moment.toordinal()] = moment.date().isoformat()
    return f"{day}T{_CLOCK[moment.hour]}:{_CLOCK[moment.minute]}:{_CLOCK[moment.second]}Z"


_DAYS: dict[int, str] = {}  # by date ordinal: a run's moments fall on a few hundred days
_CLOCK = [f"{n:02}" for n in range(60)]


def month_day(moment: datetime) -> str:
    """`Nov 3`: what `%b %-d` writes in the C locale, without strftime (slow, and called for
    every opener of ten thousand packets)."""
    return f"{MONTHS[moment.month - 1]} {moment.day}"


# GitHub Actions workflow commands (docs.github.com, "Workflow commands for GitHub Actions")
_COMMAND = {"error": "error", "warning": "warning", "info": "notice"}


def annotation(severity: str, message: str, *, path: str | None = None,
               line: int | None = None, title: str | None = None,
               column: int | None = None) -> str:
    """`::error file=registry/accounts/emea.yaml,line=12,col=5,title=ABM201::message` (no
    newline); an `info` is a `::notice`, and a line counts only with a file, a column with a
    line."""
    properties = []
    if path:
        properties.append(f"file={workflow_property(path)}")
        if line:
            properties.append(f"line={line}")
            if column:
                properties.append(f"col={column}")
    if title:
        properties.append(f"title={workflow_property(title)}")
    where = f" {','.join(properties)}" if properties else ""
    return f"::{_COMMAND[severity]}{where}::{workflow_message(message)}"


_SPACES = "\t\n\x0b\x0c\r"  # whitespace the word-by-word path treats as a space


def wrap(text: str, width: int, indent: str = "", *, first: str | None = None,
         break_long: bool = False) -> list[str]:
    """`text` in lines of at most `width` (each prefix included), cut at spaces, never at a
    hyphen: the first line starts with `first` (default `indent`), the others with `indent`
    (`first=""` hangs the continuation under the text it continues). Text that fits stays as
    it is; a word longer than its line keeps a line of its own, or is cut in pieces with
    `break_long`. Leading spaces of the first line stay; spaces where a line breaks go.

    Single-spaced text, the usual case, is cut at the last space that fits without walking
    word by word (150,000 overlap conflicts make 600,000 paragraphs)."""
    first = indent if first is None else first
    if len(first) + len(text) <= width:
        return [first + text]
    if ("  " in text or text.startswith(" ") or text.endswith(" ")
            or any(c in text for c in _SPACES)):
        return _wrap_words(text, width, indent, first, break_long)
    lines: list[str] = []
    start = 0
    prefix = first
    while len(text) - start > width - len(prefix):
        room = max(width - len(prefix), 1)
        cut = text.rfind(" ", start, start + room + 1)
        if cut == -1:  # the next word alone is too long for its line
            if break_long:  # cut in pieces, the first filling the line before it
                return _wrap_words(text, width, indent, first, True)
            cut = text.find(" ", start)
            if cut == -1:
                break
        lines.append(prefix + text[start:cut])
        start = cut + 1
        prefix = indent
    lines.append(prefix + text[start:])
    return lines


def wrap_listed(line: str, width: int) -> list[str]:
    """`wrap` for a line of a list: the continuation two spaces past the line's own indent."""
    return wrap(line, width, " " * (len(line) - len(line.lstrip(" ")) + 2), first="")


def _wrap_words(text: str, width: int, indent: str, first: str, break_long: bool
                ) -> list[str]:
    import textwrap

    return textwrap.wrap(text, width, initial_indent=first, subsequent_indent=indent,
                         break_on_hyphens=False, break_long_words=break_long) or [first]


def sparkline(values: Sequence[Fraction | float | None], *, unicode: bool = True) -> str:
    """One character per value on a fixed 0-to-1 scale (a rate of 0% is the lowest block,
    100% the highest, so two metrics' lines compare); a blank where there is no value. ASCII
    (`_.-~=+*#`) when the terminal cannot show blocks."""
    levels = SPARKS if unicode else ASCII_SPARKS
    top = len(levels) - 1
    return "".join(
        " " if value is None else levels[max(0, min(top, int(value * len(levels))))]
        for value in values
    )
