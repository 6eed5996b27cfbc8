"""Words and stamps every report shares: plurals, moments as people and JSON read them, and
GitHub Actions annotations (one writer; the escaping is `output.escape`'s)."""

from __future__ import annotations

from datetime import UTC, datetime

from abmctl.output.escape import workflow_message, workflow_property

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
