"""The intent breakdown adds up to the number `tiers plan` reads, step by step."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from abmctl.commands.options import RegistryOptions, load
from tests.explain.builders import AS_OF, account, example_copy, explain, explainer, make_registry
from tests.support.cli import invoke
from tests.support.registry import REPO


def test_every_example_account_s_breakdown_is_the_plan_s_intent(tmp_path: Path) -> None:
    root = example_copy(tmp_path)
    run = load(RegistryOptions(root=root, as_of=AS_OF.isoformat()))
    plan_intent = run.context().intent  # what `tiers plan` hands make_plan
    every = explainer(root)
    sources = set()
    for acc in run.reg.accounts:
        intent = every.explain(acc.id).intent
        sources.add(intent.source)
        assert intent.score == plan_intent[acc.id], acc.id
        if intent.added is not None:
            assert intent.added.score == intent.score
            assert min(intent.added.cap, sum(t.points for t in intent.added.terms)) == \
                intent.score
        else:
            assert intent.score == (acc.scores.intent or 0)
    assert sources == {"activity", "scores.intent"}  # (no example account lacks both)


ROWS = """\
2026-11-02,rising.com,content_download,ann@rising.com,roi_calculator,,,
2026-11-04,rising.com,content_download,ann@rising.com,roi_calculator,,,
2026-11-05,rising.com,event_registration,bo@rising.com,q4-roundtable,,,
2026-11-09,rising.com,event_attendance,bo@rising.com,q4-roundtable,,,
2026-11-10,rising.com,marketing_touch,,email,,,
2026-07-01,rising.com,event_attendance,cy@rising.com,old-summit,,,
2026-11-30,rising.com,event_attendance,di@rising.com,later,,,
"""


def test_the_plan_s_reason_names_the_intent_the_breakdown_adds_up_to(tmp_path: Path) -> None:
    root = make_registry(tmp_path, account("rising", 2, 90), account("noisy", 2, 65, intent=30),
                         rows=ROWS)
    plan = json.loads(invoke("tiers", "plan", "--as-of", "2026-11-23", "--format", "json",
                             "--root", str(root)).stdout)
    rising = {m["account"]: m for m in plan["changes"] + plan["held"]}["rising"]
    said = re.search(r"intent (\d+)", rising["reason"])
    assert said is not None
    done = invoke("explain", "rising.com", "--as-of", "2026-11-23", "--format", "json",
                  "--root", str(root))
    assert done.returncode == 0, done.stderr
    shown = json.loads(done.stdout)
    intent = shown["intent"]
    assert intent["score"] == int(said.group(1)) == shown["tier"]["standing"]["intent"] == 45
    assert sum(s["points"] for s in intent["signals"]) == intent["subtotal"] == 45
    assert (intent["source"], intent["per_signal"], intent["distinct"], intent["cap"]) == \
        ("activity", 15, 3, 100)
    # the repeated download adds nothing; the touch, the row before the lookback and the one
    # after the as-of day are no terms
    assert [(s["occurred_at"], s["type"], s["points"], s["repeats"])
            for s in intent["signals"]] == [
        ("2026-11-02T00:00:00Z", "content_download", 15, None),
        ("2026-11-04T00:00:00Z", "content_download", 0, "2026-11-02T00:00:00Z"),
        ("2026-11-05T00:00:00Z", "event_registration", 15, None),
        ("2026-11-09T00:00:00Z", "event_attendance", 15, None),
    ]
    assert shown["tier"]["verdict"]["kind"] == "promoted"
    assert shown["tier"]["verdict"]["reason"] == rising["reason"]
    noisy = json.loads(invoke("explain", "noisy", "--as-of", "2026-11-23", "--format", "json",
                              "--root", str(root)).stdout)["intent"]
    assert (noisy["source"], noisy["score"], noisy["signals"], noisy["recorded"]) == \
        ("scores.intent", 30, [], 30)


CAPPED = """
intent_score: {lookback_days: 90, per_signal: 40, cap: 100}
"""


def test_a_capped_sum_shows_the_cap_step(tmp_path: Path) -> None:
    root = make_registry(tmp_path, account("rising", 2, 90), rows=ROWS, signals=CAPPED)
    found = explain(root, "rising").intent
    assert found.added is not None
    assert (found.added.subtotal, found.added.cap, found.score) == (120, 100, 100)
    text = invoke("explain", "rising", "--as-of", "2026-11-23", "--root", str(root)).stdout
    assert "  3 distinct signals x 40 = 120; capped at 100: intent 100" in text.splitlines()


@pytest.mark.slow
def test_every_generated_account_s_breakdown_is_the_plan_s_intent(tmp_path: Path) -> None:
    """The benchmark generator's registry: web-visit groups, every signal type, accounts with
    and without activity; one explainer for all of them, as `report --html` builds it."""
    subprocess.run([sys.executable, str(REPO / "benchmarks/generate.py"), "--accounts", "2000",
                    "--files", "4", "--activity", "6000", "--out", str(tmp_path)], check=True,
                   capture_output=True)
    run = load(RegistryOptions(root=tmp_path, as_of=AS_OF.isoformat()))
    plan_intent = run.context().intent
    every = explainer(tmp_path)
    moves = {m.account: m for m in (*every.plan.changes, *every.plan.held)}
    sources = set()
    for acc in run.reg.accounts:
        found = every.explain(acc.id)
        sources.add(found.intent.source)
        assert found.intent.score == plan_intent[acc.id] == found.tiering.standing.intent
        if found.intent.added is not None:
            assert min(found.intent.added.cap, sum(t.points for t in found.intent.added.terms)) \
                == found.intent.score
        assert found.tiering.verdict.move == moves.get(acc.id), acc.id
    assert "activity" in sources and len(sources) == 2, sources
