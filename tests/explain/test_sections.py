"""Each section of an explanation holds the right values: the record, the scores against the
tier's keep and the next tier's promote, the plan's verdict, stage and owners, the handoff and
its SLA, the findings about the account."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.explain.builders import account, explain, explainer, make_registry
from tests.support.cli import invoke

# signals of "rising": four distinct in ten days (intent 60, hot); tier 1 promote: fit 80,
# intent 45
ROWS = """\
2026-11-12,rising.com,content_download,ann@rising.com,roi_calculator,,,
2026-11-14,rising.com,event_registration,bo@rising.com,q4-roundtable,,,
2026-11-21T09:00:00Z,rising.com,event_attendance,bo@rising.com,q4-roundtable,,,
2026-11-21T10:00:00Z,rising.com,content_download,cy@rising.com,case_study,,,
2026-11-20T08:00:00Z,booked.com,meeting_booked,,intro call,,,
"""


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return make_registry(
        tmp_path_factory.mktemp("sections"),
        account("rising", 2, 90),
        account("sitting", 1, 90, intent=50),
        account("slipping", 2, 55),
        account("fading", 3, 20),
        account("lost", 2, 20, stage="closed_lost"),
        account("booked", 2, 65),
        account("ownerless", 1, 95, intent=60, owners="{sdr: raj.patel}"),
        rows=ROWS,
    )


def test_the_record_is_where_the_file_holds_it(root: Path) -> None:
    found = explain(root, "slipping")
    assert (found.account.path, found.account.line) == ("registry/accounts/all.yaml", 22)
    lines = (root / "registry/accounts/all.yaml").read_text().splitlines()
    assert lines[21] == "  - id: slipping"


def test_scores_against_the_tier_s_keep_and_the_next_tier_s_promote(root: Path) -> None:
    tiering = explain(root, "rising").tiering
    assert (tiering.tier, tiering.tier_name) == (2, "Scaled")
    assert (tiering.standing.fit, tiering.standing.intent, tiering.standing.relationship) == \
        (90, 60, 40)
    assert tiering.keep is not None and tiering.promote is not None
    assert (tiering.keep.tier, tiering.keep.kind, tiering.keep.checks, tiering.keep.met) == \
        (2, "keep", (("fit", 90, 60, True),), True)
    assert (tiering.promote.tier, tiering.promote.kind, tiering.promote.met) == (1, "promote", True)
    assert tiering.promote.checks == (("fit", 90, 80, True), ("intent", 60, 45, True))
    top = explain(root, "sitting").tiering
    assert top.promote is None and top.keep is not None and top.keep.met


def test_the_promote_shown_is_the_tier_the_plan_promotes_to_else_the_next_one_up(
    tmp_path: Path,
) -> None:
    # tier 3 accounts: one meets tier 1's promote (the plan skips tier 2), one tier 2's only,
    # one neither (the bar shown is then the next tier up's), one fails its keep
    root = make_registry(tmp_path, account("leaping", 3, 90, intent=50),
                         account("stepping", 3, 75, intent=10), account("staying", 3, 45),
                         account("slipping", 3, 20, intent=50))
    leaping = explain(root, "leaping").tiering
    assert leaping.verdict.kind == "promoted" and leaping.verdict.move is not None
    assert leaping.verdict.move.to_tier == 1
    assert leaping.promote is not None
    assert (leaping.promote.tier, leaping.promote.met) == (1, True)
    assert leaping.promote.checks == (("fit", 90, 80, True), ("intent", 50, 45, True))
    shown = {ident: explain(root, ident).tiering.promote for ident in
             ("stepping", "staying", "slipping")}
    assert {ident: (c.tier, c.met) for ident, c in shown.items() if c is not None} == {
        "stepping": (2, True), "staying": (2, False), "slipping": (2, False)}


@pytest.mark.parametrize(("ident", "kind", "to", "reason"), [
    ("rising", "held", 1, "tier 1 at capacity (1)"),
    ("slipping", "demoted", 3, "fails tier 2 keep: fit 55 < 60; meets tier 3 keep: fit 55 ≥ 40"),
    ("fading", "leaving", None, "fails tier 3 keep: fit 20 < 40; no lower tier: leaves the list "
                                "for demand gen"),
    ("sitting", "stays", 1, "keeps its tier's keep thresholds and meets no higher tier's "
                            "promote"),
    ("lost", "off_motion", 2, "stage closed_lost is off the motion: the plan moves no tier of "
                              "it"),
])
def test_the_plan_s_verdict_today(root: Path, ident: str, kind: str, to: int | None,
                                  reason: str) -> None:
    done = invoke("explain", ident, "--as-of", "2026-11-23", "--format", "json", "--root",
                  str(root))
    verdict = json.loads(done.stdout)["tier"]["verdict"]
    assert (verdict["kind"], verdict["to"], verdict["reason"]) == (kind, to, reason)
    assert verdict["window"] == {"open": False, "start": "2026-10-01", "end": "2026-10-14",
                                 "next_start": "2027-01-01"}


def test_a_held_promotion_says_what_holds_it(root: Path) -> None:
    # ownerless meets tier 1 keep; rising would take the one tier 1 seat but sitting holds it
    found = explain(root, "ownerless")
    assert found.tiering.verdict.kind == "stays"
    findings = {(f.code, f.account) for f in found.findings}
    assert ("ABM201", "ownerless") in findings  # Tier 1 requires a named AE
    assert all(f.account in (None, "ownerless") for f in found.findings)


def test_stage_owners_and_who_decides(root: Path) -> None:
    early = explain(root, "rising").ownership
    assert (early.stage, early.on_motion, early.decides, early.decides_team, early.meeting) == \
        ("awareness", True, "abm", "abm", None)
    assert [(o.role, o.person, o.name, o.team) for o in early.owners] == [
        ("ae", "ana.lima", "Ana Lima", "sales"), ("sdr", "raj.patel", "Raj Patel", "sdr"),
        ("abm", "mei.chen", "Mei Chen", "abm")]
    booked = explain(root, "booked").ownership  # a meeting hands the account to its AE
    assert (booked.decides, booked.decides_team) == ("ana.lima", "sales")
    assert booked.meeting is not None and booked.meeting.isoformat() == \
        "2026-11-20T08:00:00+00:00"


def test_the_open_handoff_with_its_sla(root: Path) -> None:
    handoffs = explain(root, "rising").handoffs
    assert [(h.transition, h.route.to, h.route.person, h.at.isoformat(), h.due.isoformat(),
             h.sla_status) for h in handoffs] == [
        ("to_engagement", "sdr", "raj.patel", "2026-11-14T00:00:00+00:00",
         "2026-11-15T00:00:00+00:00", "breached"),
        ("hot", "ae", "ana.lima", "2026-11-21T10:00:00+00:00", "2026-11-22T10:00:00+00:00",
         "breached"),
    ]
    text = invoke("explain", "rising", "--as-of", "2026-11-21", "--root", str(root),
                  env={"COLUMNS": "200"}).stdout
    assert ("  hot at 2026-11-21 10:00 UTC: to ae ana.lima, alert mei.chen, raj.patel; SLA due "
            "2026-11-22 10:00 UTC, pending") in text
    assert "  none open" in invoke("explain", "slipping", "--as-of", "2026-11-23", "--root",
                                   str(root)).stdout


def test_every_account_of_a_run_is_explained_from_one_explainer(root: Path) -> None:
    every = explainer(root)
    ids = [a.id for a in every.reg.accounts]
    assert [every.explain(a).account.id for a in ids] == ids
    alone = explain(root, "rising")
    assert every.explain("rising").handoffs == alone.handoffs
    assert every.explain("rising").intent == alone.intent
    assert every.explain("rising").history == alone.history  # outside git: the note
    assert alone.history.notes[0].endswith("is not inside a git repository; explain reads "
                                           "revisions with git (run it in the registry's "
                                           "clone)")
