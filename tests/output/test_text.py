"""The words and stamps every report shares: plurals, moments for people and for JSON, month
and day, and GitHub annotations (one writer for lint, overlap and tiers diff)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abmctl.output.text import annotation, column_stamp, iso_stamp, month_day, plural, stamp


@pytest.mark.parametrize(
    ("count", "expected"), [(0, "0 files"), (1, "1 file"), (2, "2 files")],
)
def test_one_is_singular_and_every_other_count_plural(count: int, expected: str) -> None:
    assert plural(count, "file") == expected


def test_a_noun_whose_plural_is_not_an_s_is_given_it() -> None:
    assert [plural(n, "sales touch", "sales touches") for n in (1, 3)] == [
        "1 sales touch", "3 sales touches"]


@pytest.mark.parametrize(
    ("moment", "expected"),
    [(datetime(2026, 11, 3, tzinfo=UTC), "2026-11-03"),
     (datetime(2026, 11, 3, 9, 5, 59, 999, tzinfo=UTC), "2026-11-03 09:05 UTC"),
     (datetime(2026, 11, 3, 0, 0, 1, tzinfo=UTC), "2026-11-03 00:00 UTC"),
     (datetime(987, 1, 2, 3, 4, tzinfo=timezone(timedelta(hours=2))), "0987-01-02 03:04 UTC"),
     (None, "-")],
    ids=["midnight-is-the-date", "minutes", "a-second-past-midnight", "short-year", "none"],
)
def test_stamp_reads_like_isoformat_to_the_minute(moment: datetime | None, expected: str) -> None:
    assert stamp(moment) == expected



def test_a_column_stamp_is_the_stamp_without_its_zone() -> None:
    """For a column whose header says UTC (the handoff table): the same date and clock."""
    assert [column_stamp(datetime(2026, 11, 3, h, tzinfo=UTC)) for h in (0, 9)] == [
        "2026-11-03", "2026-11-03 09:00"]

@given(moment=st.datetimes(timezones=st.sampled_from(
    [UTC, timezone(timedelta(hours=2)), timezone(timedelta(0))])) | st.datetimes())
def test_json_moments_read_as_isoformat_with_z_for_utc(moment: datetime) -> None:
    expected = moment.isoformat(timespec="microseconds" if moment.microsecond else "seconds")
    assert iso_stamp(moment) == expected.replace("+00:00", "Z")


@given(moment=st.datetimes())
def test_month_day_is_what_strftime_writes_in_the_c_locale(moment: datetime) -> None:
    assert month_day(moment) == f"{moment:%b} {moment.day}"


@pytest.mark.parametrize(
    ("args", "where", "expected"),
    [(("info", "m"), {}, "::notice::m"),
     (("error", "a\nb"), {"path": "a,b.yaml", "line": 3, "title": "ABM201 x:y"},
      "::error file=a%2Cb.yaml,line=3,title=ABM201 x%3Ay::a%0Ab"),
     (("warning", "m"), {"line": 3, "title": "ABM401"}, "::warning title=ABM401::m")],
    ids=["a-note-alone", "escaped-properties-and-message", "no-line-without-a-file"],
)
def test_an_annotation_names_the_file_line_and_title_it_knows(
    args: tuple[str, str], where: dict[str, object], expected: str,
) -> None:
    assert annotation(*args, **where) == expected  # type: ignore[arg-type]
