"""Shared model pieces: strict records that remember where they came from."""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated, Any, Protocol, cast

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict

# the years a registry date may name: windows and lookbacks of up to ten years either side
# then stay inside the calendar Python can count
FIRST_YEAR, LAST_YEAR = 1900, 2999
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_SLUG = re.compile(r"[a-z0-9][a-z0-9-]*")
_PERSON_ID = re.compile(r"[a-z0-9][a-z0-9._-]*")


def _parse_iso_date(value: Any) -> Any:
    """YAML 1.2 has no timestamp type: dates arrive as strings and must be real ISO dates."""
    if isinstance(value, str):
        known = _DATES.get(value)
        if known is not None:  # 10,000 accounts write some 40,000 dates, a few hundred apart
            return known
        if not _ISO_DATE.fullmatch(value):
            raise ValueError(f"{value!r} is not an ISO date (YYYY-MM-DD)")
        try:
            day = date.fromisoformat(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a real date: {exc}") from None
        if not FIRST_YEAR <= day.year <= LAST_YEAR:
            raise ValueError(f"{value!r} is outside the years {FIRST_YEAR}-{LAST_YEAR}")
        if len(_DATES) >= _DATES_KEPT:
            _DATES.clear()
        _DATES[value] = day
        return day
    return value


_DATES: dict[str, date] = {}  # the dates read so far, by their text (dates are immutable)
_DATES_KEPT = 10_000


def _check_slug(value: str) -> str:
    if not _SLUG.fullmatch(value):
        raise ValueError(f"{value!r} is not a slug (lower-case letters, digits and '-')")
    return value


def _check_person_id(value: str) -> str:
    if not _PERSON_ID.fullmatch(value):
        raise ValueError(f"{value!r} is not an id (lower-case letters, digits, '.', '_', '-')")
    return value


IsoDate = Annotated[date, BeforeValidator(_parse_iso_date)]
Slug = Annotated[str, AfterValidator(_check_slug)]
PersonId = Annotated[str, AfterValidator(_check_person_id)]
Score = Annotated[int, AfterValidator(lambda v: _in_range(v, 0, 100))]


def _in_range(value: int, low: int, high: int) -> int:
    if not low <= value <= high:
        raise ValueError(f"{value} is outside {low}-{high}")
    return value


class Strict(BaseModel):
    """Unknown keys are errors: a typo must not pass silently. No coercion."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=False)


class Placer(Protocol):
    """Where records of one file stand before the file is indexed (`positions.Part`)."""

    def place(self, position: int | None) -> tuple[str, int, dict[str, int], int]: ...


class Record(Strict):
    """A registry record that knows its file and the line of each of its fields.

    The position lives in a plain slot, not a pydantic private attribute: private attributes
    are set up by a Python hook on every validated instance, which made up a quarter of the
    cost of validating 10,000 accounts. It is found when first asked for (`_position`, the one
    way in): until then the slot holds the record's path, its `Placer` and its place in it, so
    a run that names few records' lines indexes only their files.
    """

    __slots__ = ("_where",)  # (path, line, field lines, keys' column), or (path, placer, n)

    def _position(self) -> tuple[str, int, dict[str, int], int]:
        where: tuple[Any, ...] = getattr(self, "_where", _NOWHERE)
        if len(where) == 4:
            return cast(tuple[str, int, dict[str, int], int], where)
        placer: Placer = where[1]
        found = placer.place(where[2])
        object.__setattr__(self, "_where", found)
        return found

    @property
    def path(self) -> str:
        return cast(str, getattr(self, "_where", _NOWHERE)[0])  # known without the index

    @property
    def line(self) -> int:
        return self._position()[1]

    def line_of(self, field: str) -> int:
        """The line of `field` in the source, or the record's own line."""
        _, line, field_lines, _ = self._position()
        return field_lines.get(field, line)

    def column_of(self, field: str | None = None) -> int | None:
        """The 1-based column of the record's keys (a field's key starts there), if known."""
        column = self._position()[3]
        return column + 1 if column >= 0 else None

    def place(self, path: str, line: int, field_lines: dict[str, int], col: int = -1) -> None:
        object.__setattr__(self, "_where", (path, line, field_lines, col))
        self._share_fields_given()

    def place_later(self, path: str, placer: Placer, position: int | None) -> None:
        """The record is in `path`, at `position` of `placer`'s block: its line and the
        rest are found when first asked for."""
        object.__setattr__(self, "_where", (path, placer, position))
        self._share_fields_given()

    def place_as(self, other: Record) -> None:
        """The record stands where `other` was written (a changed copy of it)."""
        where = getattr(other, "_where", None)
        if where is not None:
            object.__setattr__(self, "_where", where)

    def _share_fields_given(self) -> None:
        # records written alike share one set of the names they gave: a set per record was
        # 700 bytes of each of 100,000 accounts (nothing here reads it; a copy gets its own)
        given = self.__pydantic_fields_set__
        shared = _FIELDS_GIVEN.setdefault(frozenset(given), given)
        if shared is not given:
            object.__setattr__(self, "__pydantic_fields_set__", shared)

    def __eq__(self, other: object) -> bool:
        """Equal fields and the same place, as when the place was a private attribute."""
        if not isinstance(other, Record):
            return NotImplemented
        if not super().__eq__(other):
            return False
        mine, theirs = getattr(self, "_where", _NOWHERE), getattr(other, "_where", _NOWHERE)
        return mine == theirs or (mine[0] == theirs[0]
                                  and self._position() == other._position())

    def __getstate__(self) -> dict[Any, Any]:
        """Pickled with its place (found now: a pickle carries no file's text)."""
        state = super().__getstate__()
        if hasattr(self, "_where"):
            state["_where"] = self._position()
        return state

    def __setstate__(self, state: dict[Any, Any]) -> None:
        where = state.pop("_where", None)
        super().__setstate__(state)
        if where is not None:
            object.__setattr__(self, "_where", where)


_NOWHERE: tuple[str, int, dict[str, int], int] = ("", 0, {}, -1)
_FIELDS_GIVEN: dict[frozenset[str], set[str]] = {}


def without_team_annotations(value: Any) -> Any:
    """Drop `x-` keys at every depth: they are free for the team's own notes."""
    if isinstance(value, dict):
        return {
            k: without_team_annotations(v)
            for k, v in value.items()
            if not (isinstance(k, str) and k.startswith("x-"))
        }
    if isinstance(value, list):
        return [without_team_annotations(v) for v in value]
    return value
