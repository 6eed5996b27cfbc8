"""Running abmctl in a test: in this process (fast), or the real program in a subprocess
(the end-to-end tests: one or a few per command)."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path

# switches a developer's shell may have set that would change what abmctl prints
SWITCHES = ("FORCE_COLOR", "NO_COLOR", "ABMCTL_ROOT")


def invoke(*args: str, env: Mapping[str, str | None] | None = None,
           cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """`abmctl ARGS` in this process, through the program's own error handling (one line
    `abmctl: error: ...` and its exit code); an unexpected exception fails the test. In `env`,
    None unsets a variable."""
    from typer.testing import CliRunner

    from abmctl.cli import _run

    overrides: dict[str, str | None] = {name: None for name in SWITCHES}
    overrides.update(env or {})
    argv, here = sys.argv, Path.cwd()
    with CliRunner().isolation(env=overrides) as (out, err, _):
        sys.argv = ["abmctl", *args]
        try:
            if cwd is not None:
                os.chdir(cwd)
            code = _run()
        finally:
            sys.argv = argv
            os.chdir(here)
            sys.stdout.flush()
            sys.stderr.flush()
        stdout, stderr = out.getvalue().decode(), err.getvalue().decode()
    return subprocess.CompletedProcess(["abmctl", *args], code, stdout, stderr)


def run(*args: str, cwd: Path | None = None, env: Mapping[str, str | None] | None = None,
        timeout: float = 120, program: Sequence[str] = (sys.executable, "-m", "abmctl"),
        ) -> subprocess.CompletedProcess[str]:
    """The real `abmctl ARGS` in a subprocess, as a user or CI runs it; never a traceback.
    In `env`, None unsets a variable."""
    merged: dict[str, str | None] = {**os.environ, **{name: None for name in SWITCHES}}
    merged.update(env or {})
    done = subprocess.run(
        [*program, *args], cwd=cwd, capture_output=True, text=True, timeout=timeout,
        check=False, env={name: value for name, value in merged.items() if value is not None},
    )
    assert "Traceback" not in done.stderr, done.stderr
    return done
