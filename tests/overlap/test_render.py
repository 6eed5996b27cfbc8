"""Overlap formatters: data in, text out (text, json, markdown agenda, github annotations)."""

from __future__ import annotations

import json
from datetime import date

import pytest

from abmctl.findings import Finding
from abmctl.overlap.groups import conflict_json
from abmctl.overlap.render_github import github_lines
from abmctl.overlap.render_json import conflict_line, json_pieces, render_json
from abmctl.overlap.render_markdown import render_markdown
from abmctl.overlap.render_text import render_text

AS_OF = date(2026, 11, 23)
PLAYS = Finding(
    "ABM601", "warning", "plays of abm (a) and emea-field (b) overlap on northwind",
    path="registry/plays/b.yaml", line=4, account="northwind", teams=("abm", "emea-field"),
    plays=("a", "b"), decides="abm", resolution="a keeps northwind; emea-field holds b.",
)
TOUCH = Finding(
    "ABM603", "error", "1 sales touch on Tier 1 account northwind before its awareness phase",
    path="registry/signals/activity.csv", line=12, account="northwind", teams=("sales", "abm"),
    decides="abm", resolution="Sales pauses outreach.",
    extra=(("touch", "2026-11-02 09:00 UTC sales_touch"),),
)
CLUSTER = Finding(
    "ABM605", "info", "2 signals on contoso within 7 days", path="registry/accounts/a.yaml",
    line=9, account="contoso", teams=("abm",), decides="abm", resolution="One alert.",
)
ERROR_ELSEWHERE = Finding(
    "ABM606", "error", "zeta turned hot", path="registry/accounts/a.yaml", line=30,
    account="zeta", decides="ana.lima", resolution="ana.lima calls zeta.",
)
ALL = [CLUSTER, PLAYS, ERROR_ELSEWHERE, TOUCH]


def test_json_is_specs_conflicts_document_grouped_by_account() -> None:
    document = json.loads(render_json(ALL, AS_OF, ["a note"]))
    assert document["version"] == 1
    assert document["as_of"] == "2026-11-23"
    assert document["counts"] == {"error": 2, "warning": 1, "info": 1}
    assert document["notes"] == ["a note"]
    assert [(c["account"], c["code"]) for c in document["conflicts"]] == [
        ("northwind", "ABM603"), ("northwind", "ABM601"), ("zeta", "ABM606"),
        ("contoso", "ABM605"),
    ]
    first = document["conflicts"][1]
    assert {"code", "account", "teams", "plays", "decides", "message"} <= set(first)
    assert first["teams"] == ["abm", "emea-field"]
    assert first["plays"] == ["a", "b"]
    assert first["resolution"] == "a keeps northwind; emea-field holds b."
    assert document["conflicts"][0]["touches"] == ["2026-11-02 09:00 UTC sales_touch"]


def test_json_without_conflicts_is_still_the_document() -> None:
    document = json.loads(render_json([], AS_OF))
    assert document == {"version": 1, "as_of": "2026-11-23", "conflicts": [], "excluded": [],
                        "sources": [], "counts": {"error": 0, "warning": 0, "info": 0},
                        "notes": []}


def test_markdown_is_the_overlap_review_agenda() -> None:
    assert render_markdown([PLAYS, TOUCH], AS_OF) == (
        "# Overlap review, as of 2026-11-23\n"
        "\n"
        "2 conflicts on 1 account: 1 error, 1 warning, 0 info. Each line carries the default "
        "answer (ABM orchestrates, the region executes, the stage owner decides); tick it "
        "once the room agrees.\n"
        "\n"
        "## northwind\n"
        "\n"
        "- [ ] **ABM603** (error): 1 sales touch on Tier 1 account northwind before its "
        "awareness phase\n"
        "  - **Decides:** abm\n"
        "  - **Resolution:** Sales pauses outreach.\n"
        "  - **Involved:** teams sales, abm · touches 2026-11-02 09:00 UTC sales_touch\n"
        "  - **Where:** `registry/signals/activity.csv:12`\n"
        "- [ ] **ABM601** (warning): plays of abm (a) and emea-field (b) overlap on northwind\n"
        "  - **Decides:** abm\n"
        "  - **Resolution:** a keeps northwind; emea-field holds b.\n"
        "  - **Involved:** teams abm, emea-field · plays a, b\n"
        "  - **Where:** `registry/plays/b.yaml:4`\n"
    )


def test_markdown_without_conflicts_says_so_and_keeps_notes() -> None:
    text = render_markdown([], AS_OF, ["no activity files"])
    assert "> **Note:** no activity files" in text
    assert text.endswith("No conflicts between teams: nothing to reconcile this time.\n")


def test_github_annotations_carry_decider_and_resolution() -> None:
    assert "".join(github_lines([PLAYS, CLUSTER], ["no activity, 50%"])) == (
        "::notice::no activity, 50%25\n"
        "::warning file=registry/plays/b.yaml,line=4,title=ABM601 northwind::plays of abm (a) "
        "and emea-field (b) overlap on northwind. Decides: abm. Resolution: a keeps northwind; "
        "emea-field holds b.\n"
        "::notice file=registry/accounts/a.yaml,line=9,title=ABM605 contoso::2 signals on "
        "contoso within 7 days. Decides: abm. Resolution: One alert.\n"
    )


def test_text_groups_by_account_most_severe_first_with_a_summary() -> None:
    text = render_text(ALL, AS_OF, ["a note"], width=100)
    lines = text.splitlines()
    assert lines[0] == (
        "Overlap as of 2026-11-23: 4 conflicts on 3 accounts: 2 errors, 1 warning, 1 info"
    )
    assert lines[1] == "note: a note"
    accounts = [line for line in lines if line and not line.startswith(" ")][2:]
    assert accounts == ["northwind", "zeta", "contoso"]
    assert "  error    ABM603  1 sales touch on Tier 1 account northwind" in text
    assert "                   → Sales pauses outreach." in text
    assert "decides: abm · teams: abm, emea-field · plays: a, b · registry/plays/b.yaml:4" in text
    assert "\x1b[" not in text  # no colour off a terminal


def test_text_colours_severities_on_a_terminal() -> None:
    assert "\x1b[1;31m  error  \x1b[0m" in render_text([TOUCH], AS_OF, color=True)


def test_text_without_conflicts_is_one_line() -> None:
    assert render_text([], AS_OF) == "Overlap as of 2026-11-23: No conflicts\n"


@pytest.mark.parametrize("conflict", [
    PLAYS, TOUCH, CLUSTER, ERROR_ELSEWHERE,
    Finding("ABM604", "error", 'a "quoted" \\ back\\slash\nnew line\ttab \x01 ünïcødé → ✓',
            account=None, path=None, line=None, teams=("a\"b",), decides=None,
            resolution=None,
            extra=(("touch", "t1"), ("other", "left out"), ("signal", "s1"), ("touch", "t2"))),
], ids=["plays", "touch", "cluster", "elsewhere", "escapes-and-nulls"])
def test_a_conflict_line_is_exactly_what_json_dumps_writes(conflict: Finding) -> None:
    assert conflict_line(conflict) == json.dumps(conflict_json(conflict), ensure_ascii=False)


def test_the_json_pieces_make_the_document() -> None:
    assert "".join(json_pieces(ALL, AS_OF, ["a note"])) == render_json(ALL, AS_OF, ["a note"])
    assert json.loads("".join(json_pieces([], AS_OF)))["conflicts"] == []


def _cluster(day: int, *, teams: tuple[str, ...] = ("abm",)) -> Finding:
    return Finding("ABM605", "info", f"2 signals on contoso within 7 days (Nov {day})",
                   path="registry/accounts/a.yaml", line=9, account="contoso", teams=teams,
                   decides="abm", resolution=f"One alert (Nov {day}).")


def test_conflicts_alike_on_an_account_are_listed_once_as_the_latest_with_a_count() -> None:
    alike = [_cluster(3), _cluster(10), _cluster(17)]
    other = _cluster(20, teams=("abm", "sales"))  # other teams: a conflict of its own
    conflicts = [*alike, other, TOUCH]
    document = json.loads(render_json(conflicts, AS_OF))
    assert document["counts"] == {"error": 1, "warning": 0, "info": 4}  # every conflict
    assert [(c["account"], c["message"][-7:], c["count"]) for c in document["conflicts"]] == [
        ("northwind", "s phase", 1), ("contoso", "Nov 17)", 3), ("contoso", "Nov 20)", 1)]
    assert document["notes"] == ["2 repeated conflicts shown as the latest of each kind on "
                                 "each account, with a count; --all lists each"]
    every = json.loads(render_json(conflicts, AS_OF, every=True))
    assert [c["count"] for c in every["conflicts"]] == [1, 1, 1, 1, 1]
    assert every["notes"] == []
    text = render_text(conflicts, AS_OF)
    assert "the latest of 3 alike on this account (--all lists each)" in text
    assert "Nov 3" not in text and "Nov 3" in render_text(conflicts, AS_OF, every=True)
    assert "**Repeats:** the latest of 3 alike" in render_markdown(conflicts, AS_OF)
    assert len(list(github_lines(conflicts))) == 4  # the note and three conflicts
    assert "(the latest of 3 alike on this account)" in "".join(github_lines(conflicts))


def test_two_conflicts_alike_make_one_entry_and_one_conflict_stays_as_it_is() -> None:
    assert json.loads(render_json([_cluster(3), _cluster(4)], AS_OF))["conflicts"][0][
        "count"] == 2
    [single] = json.loads(render_json([_cluster(3)], AS_OF))["conflicts"]
    assert single["count"] == 1 and single["message"].endswith("(Nov 3)")


def test_the_agenda_is_written_an_account_at_a_time() -> None:
    """`overlap --format markdown` hands the writer a section per account (three million rows
    make an agenda of tens of megabytes): the pieces are the agenda."""
    from dataclasses import replace

    from abmctl.output.formats import View
    from abmctl.overlap.groups import OverlapReport
    from abmctl.overlap.render_markdown import render

    other = replace(TOUCH, account="contoso")
    pieces = list(render(OverlapReport([PLAYS, TOUCH, other], AS_OF), View()))
    assert len(pieces) == 3  # the heading and a section per account
    assert "".join(pieces) == render_markdown([PLAYS, TOUCH, other], AS_OF)
    assert "## contoso" in pieces[-1] or "## contoso" in pieces[1]
