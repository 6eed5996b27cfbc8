"""A folder, FIFO or link named like an export in registry/signals/ is refused for what it is:
the error names the file and says why it was not read, with no advice about rows or layouts
(it has none)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.input_registry import AS_OF, HEADER, export, small_registry
from tests.hostile.test_input_files import KINDS, _special
from tests.support.cli import invoke

# the reason each is refused, as the one-line error ends
REASONS = {**KINDS, "link out of the root": KINDS["link out of the root"]
           + "; not read (copy the file into the registry instead)"}


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_export_that_is_no_regular_file_is_an_error_for_what_it_is(
    tmp_path: Path, kind: str
) -> None:
    root = small_registry(tmp_path / "repo")
    export(root, "good.csv", HEADER + "2026-11-20,acme.com,web_visit\n")
    outside = tmp_path / "outside.csv"
    outside.write_text(HEADER + "2026-11-20,acme.com,web_visit\n", encoding="utf-8")
    _special(kind, root / "registry/signals/x.csv", outside)
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF)
    assert done.returncode == 2
    error = [line for line in done.stderr.splitlines() if line.startswith("abmctl: error:")]
    assert len(error) == 1
    assert error[0].startswith(f"abmctl: error: registry/signals/x.csv: {REASONS[kind]}")
    assert error[0].endswith("not read" if kind != "link out of the root" else "instead)")
    for wrong in ("row", "layout", "sources.yaml"):
        assert wrong not in done.stderr
