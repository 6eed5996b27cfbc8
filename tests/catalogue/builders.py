"""Helpers for the rule tests: tiny registries in tmp_path, the rules run in-process."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path

from abmctl.catalogue.base import Context
from abmctl.catalogue.runner import run_rules
from abmctl.engine.activity import Activity
from abmctl.findings import Finding
from abmctl.load.registry_files import load_registry
from tests.support.registry import write

AS_OF = date(2026, 11, 23)
# fit 90 keeps every default tier; reviewed recently; built jointly; tier_since in a window
DEFAULTS: dict[str, str] = {
    "tier": "3",
    "tier_since": "2026-10-01",
    "region": "emea",
    "scores": "{fit: 90, relationship: 60}",
    "sources": "[marketing, sales]",
    "reviewed": "2026-11-02",
}
# every role Tier 1 requires, all covering emea (TEAMS in conftest)
TIER1_OWNERS = "{ae: ana.lima, sdr: raj.patel, abm: mei.chen}"


def account(ident: str, **fields: str | None) -> str:
    """One account item in block style; `fields` override DEFAULTS (None drops a key)."""
    values: dict[str, str | None] = {"name": ident.replace("-", " ").title(),
                                     "domains": f"[{ident}.com]", **DEFAULTS, **fields}
    lines = [f"  - id: {ident}"]
    lines += [f"    {key}: {value}" for key, value in values.items() if value is not None]
    return "\n".join(lines) + "\n"


def accounts_file(root: Path, *items: str, name: str = "a.yaml") -> Path:
    path = root / "registry" / "accounts" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("accounts:\n" + "".join(items), encoding="utf-8")
    return path


def record_file(root: Path, rel: str, fields: Mapping[str, str | None]) -> Path:
    """A one-record file (play, event, agreement): `key: value` lines, None values dropped."""
    text = "".join(f"{k}: {v}\n" for k, v in fields.items() if v is not None)
    return write(root, rel, text)


def line_of(path: Path, text: str, nth: int = 1) -> int:
    """The line number of the `nth` line of `path` that contains `text`."""
    hits = [n for n, line in enumerate(path.read_text().splitlines(), start=1) if text in line]
    return hits[nth - 1]


def lint(
    root: Path, prefix: str, as_of: date = AS_OF, intent: Mapping[str, int] | None = None,
    activity: Activity | None = None,
) -> list[Finding]:
    """The findings whose code starts with `prefix`, after loading `root` cleanly (a fixture
    that does not load is a broken test, not a finding)."""
    reg = load_registry(root)
    ctx = Context(as_of=as_of, intent=dict(intent or {}), activity=activity)
    found = run_rules(reg, ctx, ["load", "lint"])
    broken = [f for f in found if f.code in ("ABM001", "ABM002", "ABM003")]
    assert not broken, broken
    return [f for f in found if f.code.startswith(prefix)]


def where(found: list[Finding]) -> list[tuple[str, str | None, int | None]]:
    """(code, path, line) of each finding."""
    return [(f.code, f.path, f.line) for f in found]
