"""registry/README.md tells the example registry's story as of 2026-11-23: each of its tables is
what the commands print (the same findings, handoffs, conflicts, metrics and tier moves)."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from tests.support.cli import invoke

ROOT = Path(__file__).resolve().parents[2]
STORY = (ROOT / "registry" / "README.md").read_text(encoding="utf-8")


def section(command: str) -> str:
    """The story's section for `command` (its heading names the command)."""
    start = STORY.index(f"### `abmctl {command}")
    end = STORY.find("\n### ", start + 1)
    return STORY[start:end if end > 0 else None]


def rows(text: str) -> list[list[str]]:
    """The table rows of `text` (header and rule left out), cells stripped."""
    found = [[c.strip() for c in line.strip().strip("|").split("|")]
             for line in text.splitlines() if line.startswith("| ")]
    return found[1:]


def ids(cell: str) -> list[str]:
    return re.findall(r"`([a-z0-9-]+)`", cell)


def report(*args: str) -> dict[str, Any]:
    done = invoke(*args, "--as-of", "2026-11-23", "--format", "json", cwd=ROOT)
    assert done.returncode in (0, 1), done.stderr
    document: dict[str, Any] = json.loads(done.stdout)
    return document


def test_the_lint_table_is_lints_findings() -> None:
    told = sorted((code, ids(where)[0]) for code, where, _ in rows(section("lint")))
    found = report("lint")["findings"]
    printed = sorted((f["code"], f["account"] or re.search(r"(?:agreement with|play) ([a-z0-9-]+)",
                                                           f["message"]).group(1))
                     for f in found)
    assert told == printed


def test_the_handoff_table_is_handoffs_handoffs_and_five_are_breached() -> None:
    told = sorted((ids(r[0])[0], r[3]) for r in rows(section("handoff")))
    handoffs = report("handoff")["handoffs"]
    assert told == sorted((h["account"], h["transition"]) for h in handoffs)
    assert sorted(h["account"] for h in handoffs if not h["sla_breached"]) == [
        "pinecrest-insurance"]
    assert '"6 handoffs, 5 overdue"' in section("handoff")


def test_the_overlap_table_names_each_code_and_account_overlap_reports() -> None:
    told = {(r[0], account) for r in rows(section("overlap")) for account in ids(r[1])}
    printed = {(c["code"], c["account"]) for c in report("overlap")["conflicts"]}
    assert told == printed


def test_the_scorecard_table_has_the_printed_counts_and_statuses() -> None:
    metrics = {m["id"]: m for m in report("scorecard")["metrics"]}
    table = rows(section("scorecard"))
    assert [r[0].strip("`") for r in table] == list(metrics)
    for name, value, status in table:
        metric = metrics[name.strip("`")]
        assert value.startswith(f"{metric['numerator']} / {metric['denominator']}")
        assert status.split()[0] == metric["status"]


def test_the_tier_plan_table_is_the_plans_changes_and_held_promotions() -> None:
    done = invoke("tiers", "plan", "--as-of", "2026-10-05", "--format", "json", cwd=ROOT)
    plan = json.loads(done.stdout)
    table = rows(section("tiers plan"))
    told = sorted((ids(r[0])[0], r[3]) for r in table)
    printed = sorted([(c["account"], "change") for c in plan["changes"]]
                     + [(h["account"], "held") for h in plan["held"]])
    assert told == printed
    for account, from_tier, to_tier, _, _ in table:
        move = next(m for m in plan["changes"] + plan["held"] if m["account"] == ids(account)[0])
        assert (int(from_tier), None if to_tier == "null" else int(to_tier)) == (
            move["from"], move["to"])
