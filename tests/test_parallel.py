"""Work started beside the rest (`abmctl.parallel`): a system that has no process to give (fork
fails at a process limit or out of memory) has the work done in this process, with the same
result and no pipe left open, rather than a traceback."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from abmctl import parallel
from abmctl.errors import AbmctlError
from abmctl.load import activity_reader
from tests.support.cli import invoke
from tests.support.registry import write


def _no_process() -> int:
    raise BlockingIOError(11, "Resource temporarily unavailable")


def _fails() -> None:
    raise AbmctlError("no such file", path="registry/teams.yaml")


def _open_descriptors() -> int:
    return len(os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="no /proc to count descriptors")
def test_with_no_process_to_give_the_work_runs_here_and_no_pipe_stays_open(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(os, "fork", _no_process)
    before = _open_descriptors()
    assert parallel.start(sum, [1, 2, 3])() == 6
    with pytest.raises(AbmctlError, match="no such file"):
        parallel.start(_fails)()
    assert _open_descriptors() == before


@pytest.mark.skipif(not hasattr(os, "fork"), reason="no fork on this system")
def test_a_large_export_reads_alike_when_no_process_can_be_forked(
        registry_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    write(registry_root, "registry/accounts/all.yaml",
          "accounts:\n  - {id: northwind, name: Northwind, domains: [northwind.com], tier: 1}\n")
    rows = [f"2026-11-{1 + n % 28:02}T10:00:{n % 60:02}Z,"
            f"{'northwind.com' if n % 5 else 'fabrikam.com'},"
            f"{'web_visit' if n % 7 else 'webinar'}" for n in range(400)]
    write(registry_root, "exports/a.csv", "\n".join(["occurred_at,account,type", *rows]) + "\n")
    monkeypatch.setattr(parallel, "cores", lambda: 2)
    monkeypatch.setattr(parallel, "spare_cores", lambda: 1.5)
    monkeypatch.setattr(activity_reader, "SPLIT_AT", 10)  # split, however small the file
    args = ("signals", "--root", str(registry_root), "--as-of", "2026-11-30",
            "--no-registry-signals", "--signals", str(registry_root / "exports/a.csv"),
            "--format", "json")
    forked = invoke(*args)
    monkeypatch.setattr(os, "fork", _no_process)
    here = invoke(*args)
    assert forked.returncode == here.returncode == 0, here.stderr
    assert (here.stdout, here.stderr) == (forked.stdout, forked.stderr)
    assert '"matched": 274' in here.stdout and '"skipped": 58' in here.stdout


ORPHAN = """
import os, sys, time
from abmctl import parallel
shares = parallel.Shares(40)

def work() -> int:
    done = 0
    while shares.take():
        if done == 0:
            with open(sys.argv[1], "w") as told:  # the child's pid, once it is at work
                told.write(str(os.getpid()))
        time.sleep(0.1)  # forty items: four seconds of work
        done += 1
    return done

wait = parallel.start(work)
while not os.path.exists(sys.argv[1]) or not open(sys.argv[1]).read():
    time.sleep(0.01)
os._exit(0)  # killed, say: nobody will wait for the child
"""


@pytest.mark.skipif(not os.path.isdir("/proc/self"), reason="needs /proc to watch a process")
def test_a_child_whose_parent_is_gone_stops_taking_work(tmp_path: Path) -> None:
    import subprocess
    import sys
    import time

    told = tmp_path / "child.pid"
    subprocess.run([sys.executable, "-c", ORPHAN, str(told)], check=True, timeout=30)
    child = int(told.read_text())
    stat = Path(f"/proc/{child}/stat")
    started = time.monotonic()
    while stat.exists() and stat.read_text().split(") ", 1)[1][0] != "Z":
        assert time.monotonic() - started < 2, "the child went on with work nobody waits for"
        time.sleep(0.02)
