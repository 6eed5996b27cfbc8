"""A --signals file that registry/signals/ already reads is read once, in sources.yaml's layout:
layout options that would not apply to it stop the run with one line, rather than being
silently ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.hostile.input_registry import AS_OF, export, small_registry
from tests.support.cli import invoke

DAY_FIRST = "occurred_at,account,type\n20/11/2026,acme.com,web_visit\n"


def _handoff(root: Path, *args: str) -> tuple[int, str]:
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, *args)
    return done.returncode, done.stderr


@pytest.fixture
def root(tmp_path: Path) -> Path:
    root = small_registry(tmp_path)
    export(root, "web.csv", DAY_FIRST)
    export(root, "sources.yaml", 'sources:\n  - path: web.csv\n    date_format: "%d/%m/%Y"\n')
    return root


@pytest.mark.parametrize("layout", [
    ("--signals-format", "hubspot"),
    ("--date-format", "%Y-%m-%d"),
    ("--signals-map", "map.yaml"),
])
def test_a_layout_for_a_file_registry_signals_reads_is_an_error(
        root: Path, layout: tuple[str, str]) -> None:
    if layout[0] == "--signals-map":
        map_file = root / "map.yaml"
        map_file.write_text("columns:\n  occurred_at: occurred_at\n", encoding="utf-8")
        layout = (layout[0], str(map_file))
    code, stderr = _handoff(root, "--signals", str(root / "registry/signals/web.csv"), *layout)
    assert code == 2
    errors = [line for line in stderr.splitlines() if line.startswith("abmctl: error:")]
    assert errors == [
        "abmctl: error: registry/signals/web.csv: --signals: already read from registry/signals/"
        " as canonical, so --signals-format, --signals-map and --date-format cannot apply to "
        "it: describe its layout in registry/signals/sources.yaml, or pass "
        "--no-registry-signals"]
    assert "Traceback" not in stderr


def test_the_same_file_named_twice_without_a_layout_or_with_its_own_is_read_once(
        root: Path) -> None:
    for extra in ((), ("--date-format", "%d/%m/%Y")):
        code, stderr = _handoff(root, "--signals", str(root / "registry/signals"), *extra)
        assert code == 0, stderr
        assert stderr.count("source registry/signals/web.csv") == 1


def test_with_no_registry_signals_the_given_layout_reads_it(root: Path) -> None:
    code, stderr = _handoff(root, "--no-registry-signals", "--signals",
                            str(root / "registry/signals/web.csv"), "--date-format", "%d/%m/%Y")
    assert code == 0, stderr
    assert "1 matched" in stderr
