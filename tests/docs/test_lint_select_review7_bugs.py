"""Review 7 (newcomer): `lint --select` a code lint never checks says "No problems".

On the example, `abmctl overlap` reports an ABM606 error (a hot account not called within the
SLA: README); `abmctl rules ABM606` explains it. A newcomer who then runs
`abmctl lint --select ABM606` reads "No problems in 33 files." (exit 0): lint does not run the
ABM6xx rules (they are `overlap`'s), nor ABM208/ABM209 (`tiers diff`'s), and says nothing of
it, while an unknown code is an error that suggests the nearest. `abmctl rules` even lists
ABM208 and ABM209 in family `lint`. Selecting only codes lint does not check should say which
command does (or be refused), not report a clean registry."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import invoke

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(("code", "command"), [("ABM606", "overlap"),
                                                ("ABM208", "tiers diff")])
def test_selecting_a_code_lint_does_not_check_names_the_command_that_does(
        code: str, command: str) -> None:
    done = invoke("lint", "--root", str(ROOT), "--as-of", "2026-11-23", "--select", code)
    said = done.stdout + done.stderr
    assert command in said, said  # today: "No problems in 33 files."
