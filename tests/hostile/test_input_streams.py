"""A run whose output cannot be written, or that starts in a folder that is gone, exits 2 with
one line (CI reads exit 1 as "findings"); a reader that goes away early (`| head`) is no
failure. The real program, in a subprocess: the streams are the subject."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.hostile.input_registry import AS_OF, small_registry

ABMCTL = f"{sys.executable} -m abmctl"


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    done = subprocess.run(["sh", "-c", command], cwd=cwd, capture_output=True, text=True,
                          timeout=60, check=False)
    assert "Traceback" not in done.stderr, done.stderr
    return done


@pytest.mark.parametrize(
    ("redirect", "said"),
    [(">&-", "abmctl: error: stdout is closed; abmctl writes its report there"),
     ("> /dev/full", "abmctl: error: cannot write the output: No space left on device")],
)
def test_a_report_that_cannot_be_written_exits_2(tmp_path: Path, redirect: str,
                                                 said: str) -> None:
    small_registry(tmp_path)
    done = shell(f"{ABMCTL} lint --as-of {AS_OF} {redirect}; echo $? >&2", tmp_path)
    assert done.stderr.splitlines() == [said, "2"]


@pytest.mark.parametrize("redirect", ["2>&-", "2>/dev/full"])
def test_a_failure_that_cannot_be_told_on_stderr_still_exits_2(tmp_path: Path,
                                                               redirect: str) -> None:
    done = shell(f"{ABMCTL} lint --root nowhere {redirect}; echo $?", tmp_path)
    assert done.stdout == "2\n"


def test_a_warning_that_cannot_be_written_to_stderr_exits_2(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    (root / "registry/signals").mkdir()
    (root / "registry/signals/x.csv").write_text("occurred_at,account,type\nnot a date,a,b\n",
                                                 encoding="utf-8")
    done = shell(f"{ABMCTL} handoff --as-of {AS_OF} --format json 2>/dev/full >/dev/null; "
                 "echo $?", tmp_path)
    assert done.stdout == "2\n"


@pytest.mark.slow  # a shell pipeline of real processes: seconds
def test_a_reader_that_stops_early_is_no_failure(tmp_path: Path) -> None:
    # head leaves after one line while abmctl still writes: ten runs, as the race between
    # the two went either way before
    codes = subprocess.run(
        ["bash", "-c", "for n in 1 2 3 4 5 6 7 8 9 10; do "
         f"{ABMCTL} schema | head -1 >/dev/null; "
         'printf "%s " "${PIPESTATUS[0]}"; done'],
        cwd=tmp_path, capture_output=True, text=True, timeout=60, check=False)
    assert codes.stdout.split() == ["0"] * 10, codes.stderr
    assert codes.stderr == ""


def test_a_working_folder_deleted_under_the_run_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "gone").mkdir()
    done = shell(f"cd gone && rmdir ../gone && {ABMCTL} lint; echo $?", tmp_path)
    assert done.stderr == ("abmctl: error: the current folder no longer exists; cd into the "
                           "registry or pass --root DIR\n")
    assert done.stdout == "2\n"
