"""`explain` shows, for each account, what the other reports say of it: the same handoffs as
`abmctl handoff`, the same conflicts as `abmctl overlap`, the same move as `tiers plan`, the
same findings as `abmctl lint` (the example registry, every account)."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from abmctl.explain.render_json import explanation_json
from tests.explain.builders import AS_OF, example_copy, explainer
from tests.support.cli import invoke


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_copy(tmp_path_factory.mktemp("example"))


def report(root: Path, *words: str, as_of: str = AS_OF.isoformat()) -> dict[str, Any]:
    done = invoke(*words, "--as-of", as_of, "--format", "json", "--root", str(root))
    assert done.returncode in (0, 1), done.stderr
    found: dict[str, Any] = json.loads(done.stdout)
    return found


def test_every_account_s_sections_are_what_the_reports_say(example: Path) -> None:
    handoffs = report(example, "handoff")["handoffs"]
    conflicts = report(example, "overlap")["conflicts"]
    plan = report(example, "tiers", "plan")
    lint = report(example, "lint")["findings"]
    every = explainer(example)
    ids = [a.id for a in every.reg.accounts]
    seen = {"handoffs": 0, "conflicts": 0, "moves": 0, "findings": 0}
    moves = {m["account"]: (kind, m) for kind in ("changes", "held") for m in plan[kind]}
    for account in ids:
        shown = explanation_json(every.explain(account))
        theirs = [{k: v for k, v in h.items() if k not in ("account", "tier", "stage", "packet")}
                  for h in handoffs if h["account"] == account]
        assert shown["handoffs"] == theirs, account
        assert shown["conflicts"] == [c for c in conflicts if c["account"] == account], account
        verdict = shown["tier"]["verdict"]
        if account in moves:
            kind, move = moves[account]
            assert (verdict["from"], verdict["to"], verdict["reason"]) == \
                (move["from"], move["to"], move["reason"])
            assert (verdict["kind"] == "held") == (kind == "held")
        else:
            assert verdict["kind"] in ("stays", "off_motion"), account
            assert verdict["from"] == verdict["to"] == shown["account"]["tier"]
        mine = {(f["code"], f["path"], f["line"]) for f in shown["findings"]}
        assert mine <= {(f["code"], f["path"], f["line"]) for f in lint}
        assert {(f["code"], f["path"], f["line"]) for f in lint if f.get("account") == account} \
            <= mine, account
        for key, value in (("handoffs", shown["handoffs"]), ("conflicts", shown["conflicts"]),
                           ("findings", shown["findings"])):
            seen[key] += bool(value)
        seen["moves"] += account in moves
    # the example has each kind of section to compare, on several accounts
    assert min(seen.values()) >= 2, seen


def test_with_stale_activity_the_verdict_is_the_plan_s_hold(example: Path) -> None:
    """The guide's January window with nobody refreshing the exports: the moves that rest on
    intent are held, and explain says so in the plan's words."""
    from tests.explain.builders import explainer as make

    plan = report(example, "tiers", "plan", as_of="2027-01-05")
    held = [m for m in plan["held"] if m["reason"].startswith("activity is stale")]
    assert held
    every = make(example, date(2027, 1, 5))
    for move in held:
        verdict = explanation_json(every.explain(move["account"]))["tier"]["verdict"]
        assert (verdict["kind"], verdict["to"], verdict["reason"]) == \
            ("held", move["to"], move["reason"])
