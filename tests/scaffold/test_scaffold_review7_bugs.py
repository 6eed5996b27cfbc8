"""`abmctl init --as-of D` at the ends of the years abmctl accepts (review 7, H-HOSTILE):
the scaffold must load without a registry error on any day `--as-of` takes, as
test_scaffold.py checks for days far from the bounds. Today at 1900-01-01 an event's
`abm_looped_in` is 1899-12-22, and at 2999-12-31 a play ends 3000-01-29: both ABM002 "outside
the years 1900-2999" (and the event that fails makes the play's reference ABM003)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import registry_errors
from abmctl.load.registry_files import load_registry
from abmctl.scaffold import write_scaffold


@pytest.mark.parametrize("as_of", ["1900-01-01", "2999-12-31"])
def test_the_scaffold_loads_without_a_registry_error_at_the_ends_of_the_years(
    tmp_path: Path, as_of: str,
) -> None:
    day = date.fromisoformat(as_of)
    write_scaffold(tmp_path, day)
    assert registry_errors(load_registry(tmp_path), Context(as_of=day)) == []
