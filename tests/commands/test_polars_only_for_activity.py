"""polars (~0.4 s to import) is loaded when a Parquet export is read, and only then: `--help`,
`rules`, `schema`, `init`, and every run on CSV or JSON Lines exports never pay for it."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import polars as pl
import pytest

from tests.support.registry import write, write_registry

SCRIPT = """
import sys
from abmctl.cli import _run
sys.argv = ["abmctl", *sys.argv[1:]]
try:
    code = _run()
except SystemExit as exc:
    code = exc.code
print("POLARS", "polars" in sys.modules, code, file=sys.stderr, flush=True)
"""

ACCOUNTS = """
accounts:
  - id: northwind
    name: Northwind Traders
    domains: [northwind.com]
    tier: 3
"""
ROWS = "occurred_at,account,type\n2026-11-20,northwind.com,web_visit\n"


def polars_loaded(*args: str, cwd: Path) -> bool:
    """Whether `abmctl ARGS`, run in a fresh interpreter, imported polars (it must also have
    run to its end: exit 0 or 1)."""
    done = subprocess.run([sys.executable, "-c", SCRIPT, *args], capture_output=True,
                          text=True, cwd=cwd, check=False, timeout=120)
    answer = re.search(r"^POLARS (True|False) (\S+)$", done.stderr, re.MULTILINE)
    assert answer is not None, done.stderr
    assert answer[2] in ("0", "1", "None"), done.stderr
    return answer[1] == "True"


@pytest.fixture
def registry(registry_root: Path) -> Path:
    """A registry whose activity is CSV and JSON Lines (gzipped too)."""
    write_registry(registry_root, {"registry/accounts/all.yaml": ACCOUNTS})
    write(registry_root, "registry/signals/web.csv", ROWS)
    write(registry_root, "registry/signals/more.jsonl",
          '{"occurred_at": "2026-11-21", "account": "northwind.com", "type": "web_visit"}\n')
    return registry_root


@pytest.mark.parametrize("args", [
    ["--help"], ["rules"], ["schema", "accounts"], ["lint"], ["handoff"], ["signals"],
])
def test_no_parquet_export_no_polars(registry: Path, args: list[str]) -> None:
    dated = [] if args[0] in ("--help", "rules", "schema") else ["--as-of", "2026-11-23"]
    assert not polars_loaded(*args, *dated, cwd=registry)


def test_init_does_not_import_polars(tmp_path: Path) -> None:
    assert not polars_loaded("init", str(tmp_path / "new"), cwd=tmp_path)


@pytest.mark.parametrize("where", ["registry", "--signals"])
def test_a_parquet_export_is_read_through_polars(registry: Path, where: str) -> None:
    frame = pl.DataFrame({"occurred_at": ["2026-11-22"], "account": ["northwind.com"],
                          "type": ["web_visit"]})
    path = registry / ("registry/signals" if where == "registry" else "exports") / "w.parquet"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_parquet(path)
    extra = ["--signals", str(path)] if where == "--signals" else []
    assert polars_loaded("lint", "--as-of", "2026-11-23", *extra, cwd=registry)
