"""Overlap conflicts as SPEC §3.3's stable `conflicts` document (`"version": 1`)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import date

from abmctl.findings import Finding, count_by_severity
from abmctl.report.overlap_groups import conflict_json, ordered


def render_json(conflicts: Sequence[Finding], as_of: date, notes: Sequence[str] = ()) -> str:
    """`{"version": 1, "as_of", "conflicts": [...], "counts", "notes"}`, one conflict per line:
    valid JSON that diffs line by line, and written by the C encoder (a 10,000-account
    registry can have 100,000 conflicts)."""
    head = {"version": 1, "as_of": as_of.isoformat()}
    tail = {"counts": count_by_severity(conflicts), "notes": list(notes)}
    items = ",\n    ".join(
        json.dumps(conflict_json(c), ensure_ascii=False) for c in ordered(conflicts)
    )
    return (
        "{\n"
        + "".join(f"  {json.dumps(k)}: {json.dumps(v)},\n" for k, v in head.items())
        + (f'  "conflicts": [\n    {items}\n  ],\n' if items else '  "conflicts": [],\n')
        + ",\n".join(f"  {json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}"
                     for k, v in tail.items())
        + "\n}\n"
    )
