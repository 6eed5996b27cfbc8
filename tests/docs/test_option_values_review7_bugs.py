"""Review 7 (newcomer): a whole-number option given a word answers in pydantic's words.

`abmctl handoff --tier one` says `Invalid value for '--tier': Input should be a valid integer,
unable to parse string as an integer` (the validation library's sentence, under a usage block),
where every other bad value gets one line `abmctl: error: --OPTION: 'VALUE' is not ...`
(`--history -1`, `--periods 0`, `--quarter Q4`, `--as-of 11/23/2026`); `--tier 1.5` gets the
same pydantic sentence. The reference, Exit codes: "Every failure is one line
`abmctl: error: ...`"; the brief: no pydantic wording in what users read."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import invoke

ROOT = Path(__file__).resolve().parents[2]
AS_OF = ("--root", str(ROOT), "--as-of", "2026-11-23")


@pytest.mark.parametrize("args", [
    ("handoff", *AS_OF, "--tier", "one"),
    ("scorecard", *AS_OF, "--trend", "--periods", "six"),
    ("tiers", "history", "--root", str(ROOT), "--periods", "x"),
])
def test_a_word_for_a_number_is_one_abmctl_error_line_without_pydantic_words(
        args: tuple[str, ...]) -> None:
    done = invoke(*args)
    assert done.returncode == 2, done.stderr
    assert "Input should be" not in done.stderr, done.stderr
    assert "unable to parse string" not in done.stderr, done.stderr
    option = next(a for a in args if a in ("--tier", "--periods"))
    assert option in done.stderr and repr(args[-1]) in done.stderr, done.stderr

