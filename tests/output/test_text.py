"""The words and stamps every report shares: plurals, moments for people and for JSON, month
and day, GitHub annotations (one writer for lint, overlap and tiers diff), and the one word wrap."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from abmctl.output.text import (
    annotation,
    column_stamp,
    iso_stamp,
    month_day,
    plural,
    stamp,
    wrap,
    wrap_listed,
)


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


def test_wrap_keeps_words_whole_within_the_width() -> None:
    assert wrap("aa bb cc dd", 5) == ["aa bb", "cc dd"]
    assert wrap("averyveryverylongword x", 5) == ["averyveryverylongword", "x"]
    assert wrap("well-known plays", 8) == ["well-known", "plays"]  # never cut at a hyphen
    assert wrap("aa bbbbbbbb", 5, break_long=True) == ["aa bb", "bbbbb", "b"]


def test_text_that_fits_stays_as_it_is() -> None:
    assert wrap("  two  spaces ", 14) == ["  two  spaces "]
    assert wrap("", 10, "    ") == ["    "]


def test_continuation_lines_take_the_indent_and_the_first_line_its_own_prefix() -> None:
    # a continuation indented under itself (a hanging indent) ...
    assert wrap("1  ABM201  error  a required owner is missing", 24, " " * 11, first="") == [
        "1  ABM201  error  a", "           required", "           owner is", "           missing"]
    # ... and every line indented alike
    assert wrap("one two three four", 10, "  ") == ["  one two", "  three", "  four"]
    # the leading spaces of a first line stay; spaces where a line breaks go
    assert wrap("  path/a.yaml   stale rows", 14, "    ", first="") == [
        "  path/a.yaml", "    stale rows"]


def test_the_fast_cut_of_single_spaced_text_is_the_word_by_word_wrap() -> None:
    import random
    import textwrap

    pick = random.Random(20261123)
    words = ["a", "to", "abm", "well-known", "x" * 30, "→", "y" * 81, "", " ", "\t"]
    for _ in range(3000):
        text = " ".join(pick.choice(words) for _ in range(pick.randint(0, 25)))
        for width, indent, first in ((1, "", None), (9, "", None), (30, "    ", ""),
                                     (81, "  ", "> ")):
            for long in (False, True):
                start = indent if first is None else first
                expected = ([start + text] if len(start + text) <= width else
                            textwrap.wrap(text, width, initial_indent=start,
                                          subsequent_indent=indent, break_on_hyphens=False,
                                          break_long_words=long) or [start])
                got = wrap(text, width, indent, first=first, break_long=long)
                assert got == expected, (text, width, indent, first, long)


def test_a_listed_line_continues_two_spaces_past_its_own_indent() -> None:
    assert wrap_listed("  acme (tier 3): fails its keep thresholds", 24) == [
        "  acme (tier 3): fails", "    its keep thresholds"]
