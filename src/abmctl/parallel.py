"""Work run beside the rest: in a forked child process where the system can fork (Linux,
macOS), else in this process when its result is asked for. The one home for forked workers,
and for the rule of when one is worth starting (`core_to_spare`).

Users: the report's parts (account pages, the git history, the trend), explain's intents, and
the activity read of a large file (its parts shared with a child, `Shares`). A child gets a
copy of everything loaded so far (fork), sends back its result pickled through a pipe, and an
exception it raised is raised again here.
"""

from __future__ import annotations

import os
import pickle
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


def cores() -> int:
    """The cores this process may run on (at least 1)."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


def spare_cores() -> float:
    """About how many cores no process wants: the cores less the last minute's load average
    (none where the system does not tell its load)."""
    try:
        return cores() - os.getloadavg()[0]
    except (AttributeError, OSError):
        return 0.0


def core_to_spare() -> bool:
    """A system that forks, with two cores or more, one of them wanted by no process: a child
    would run beside this process rather than take turns with it (on a busy machine its share
    of the work, sent back and with pages copied on write, costs more than it saves)."""
    return hasattr(os, "fork") and cores() > 1 and spare_cores() >= 0.5


def beside(function: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[], T]:
    """`start`, with a core to spare (`core_to_spare`); else the call runs here when its result
    is asked for (on a busy machine a child would take turns with this process)."""
    if core_to_spare():
        return start(function, *args, **kwargs)
    return _Later(lambda: function(*args, **kwargs))


class _Later:
    """Work that runs here when its result is first asked for (`beside` without a core to
    spare); `settle` leaves it undone (nothing to wait for)."""

    def __init__(self, call: Callable[[], Any]) -> None:
        self._call = call

    def __call__(self) -> Any:
        return self._call()


def start(function: Callable[..., T], *args: Any, **kwargs: Any) -> Callable[[], T]:
    """`function(*args, **kwargs)` started now in a child process; call the result to wait for
    its value (or its exception). Without fork, or when the system has no process to give,
    the call runs it."""
    if not hasattr(os, "fork"):
        return lambda: function(*args, **kwargs)
    reading, writing = os.pipe()
    try:
        child = os.fork()
    except OSError:  # no process to be had (EAGAIN at a process limit, ENOMEM): run it here
        os.close(reading)
        os.close(writing)
        return lambda: function(*args, **kwargs)
    if child == 0:  # pragma: no cover - the child's side, measured by its result
        os.close(reading)
        _child(writing, lambda: function(*args, **kwargs))
    os.close(writing)
    outcome: list[tuple[bool, Any]] = []  # read once; a second call gives the same

    def wait() -> T:
        if not outcome:
            with os.fdopen(reading, "rb") as pipe:
                data = pipe.read()
            _, status = os.waitpid(child, 0)
            outcome.append(pickle.loads(data) if data else (False, RuntimeError(
                f"a worker process ended without a result (status {status})")))
        done, value = outcome[0]
        if not done:
            raise value
        return value  # type: ignore[no-any-return]

    return wait


def _child(writing: int, function: Callable[[], Any]) -> None:
    """Run, send the result (or the exception) back, and end without the parent's exit
    handlers or buffers."""
    code = 0
    try:
        try:
            result: tuple[bool, Any] = (True, function())
        except BaseException as error:  # sent back and raised in the parent
            result = (False, error)
        try:
            data = pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as error:  # an exception that does not pickle
            data = pickle.dumps((False, RuntimeError(f"worker process: {result[1]!r}: {error}")))
        with os.fdopen(writing, "wb") as pipe:
            pipe.write(data)
    except BaseException:
        code = 1
    finally:
        os._exit(code)


def settle(waits: list[Callable[[], Any]]) -> None:
    """Wait for every child, whatever it returns or raises (this run is failing already)."""
    import contextlib

    for wait in waits:
        if isinstance(wait, _Later):
            continue  # not started: nothing to wait for
        with contextlib.suppress(BaseException):  # the run's own failure is the one to report
            wait()


class Shares:
    """`count` items of work, taken one at a time from the front by this process and from the
    back by a child forked after this (each its own copy of `taken`), so that whichever runs
    faster does more, and a child starved of a core holds up little. Each item is taken once:
    a pipe holds one byte per item and reading one is atomic (no lock a dying child could
    keep). Once neither can take more, the child's items are those past this one's `taken`."""

    def __init__(self, count: int) -> None:
        self.count = count
        self.taken = 0  # by this process
        self._owner = os.getpid()  # the process that shares them out
        self._tickets, fill = os.pipe()
        os.write(fill, b"." * count)  # atomic for up to 4 KiB, so no reader sees it partly
        os.close(fill)  # so a read of an empty pipe ends (b"") instead of waiting

    def take(self) -> bool:
        """One more item for this process: False when every item is taken, or, in the child,
        when the process that shares them out is gone (killed: nobody waits for the work)."""
        if os.getpid() != self._owner and os.getppid() != self._owner:
            return False
        if os.read(self._tickets, 1):
            self.taken += 1
            return True
        return False

    def close(self) -> None:
        os.close(self._tickets)
