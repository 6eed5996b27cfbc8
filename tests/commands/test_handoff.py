"""`abmctl handoff` on the command line: options, refusals, and the example registry's story
(the report's content and formats are tested in tests/handoff/)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.handoff.builders import account, make_registry
from tests.support.cli import invoke, run
from tests.support.registry import REPO, write


def _tiny_root(tmp_path: Path) -> Path:
    make_registry(tmp_path, account(), account("contoso", tier=2))
    write(tmp_path, "registry/signals/activity.csv", """\
        occurred_at,account,type,contact,detail,score,sentiment,source
        2026-11-08T09:00:00Z,northwind.com,content_download,ann@northwind.com,roi_calculator,,,
        2026-11-10T09:00:00Z,https://www.northwind.com/events,event_registration,bo@northwind.com,q4-roundtable,,,
        2026-11-12T15:00:00Z,northwind,sales_touch,ana.lima,call,,,
        2026-11-12,gmail.com,web_visit,,,,,
        2026-11-13,contoso.com,webinar,,,,,
        """)
    return tmp_path


def test_the_command_prints_json_for_a_registry(tmp_path: Path) -> None:
    root = _tiny_root(tmp_path)
    done = run("handoff", "--root", str(root), "--as-of", "2026-11-23", "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert [(h["account"], h["transition"], h["sla_breached"]) for h in document["handoffs"]] == [
        ("northwind", "to_engagement", True)]
    assert (document["unmatched_rows"], document["skipped_rows"]) == (1, 1)
    assert "registry/signals/activity.csv:6: unknown type 'webinar'" in done.stderr


@pytest.mark.parametrize(("args", "message"), [
    (["--owner", "ana.lma"], "--owner: no person 'ana.lma' in registry/teams.yaml; did you "
                             "mean ana.lima?"),
    (["--tier", "4"], "--tier: no tier 4; tiers are 1, 2, 3"),
    (["--format", "sarif"], "--format: 'sarif' is not one of text, json, markdown, csv"),
    (["--since", "last week"], "--since: 'last week' is not a date"),
    (["--strict"], "--strict: 1 activity row(s) skipped"),
    (["--history", "some"], "--history: 'some' is not a number of entries or 'all'"),
    (["--history", "-1"], "--history: '-1' is not a number of entries or 'all'"),
])
def test_bad_options_stop_with_one_line_and_exit_2(
    tmp_path: Path, args: list[str], message: str,
) -> None:
    done = invoke("handoff", "--root", str(_tiny_root(tmp_path)), "--as-of", "2026-11-23",
                  *args)
    assert done.returncode == 2
    assert message in done.stderr and "Traceback" not in done.stderr


def test_a_record_that_does_not_load_is_left_out_and_named_not_refused(tmp_path: Path) -> None:
    root = _tiny_root(tmp_path)
    clean = invoke("handoff", "--root", str(root), "--as-of", "2026-11-23")
    write(root, "registry/accounts/bad.yaml", "accounts:\n  - {id: x, name: X, domains: []}\n")
    done = invoke("handoff", "--root", str(root), "--as-of", "2026-11-23")
    assert (done.returncode, done.stdout) == (clean.returncode, clean.stdout)
    assert "registry/accounts/bad.yaml:2: ABM002" in done.stderr
    assert "abmctl lint" in done.stderr


def test_the_example_registry_tells_its_story_as_of_2026_11_23() -> None:
    """registry/README.md: four accounts cross into engagement, Pinecrest's meeting hands it to
    its AE (SLA met), Brightwater is hot and its AE missed the 24 hours."""
    done = invoke("handoff", "--root", str(REPO), "--as-of", "2026-11-23", "--format",
                  "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    found = {(h["account"], h["transition"]): h for h in document["handoffs"]}
    assert sorted(found) == [
        ("brightwater-logistics", "hot"), ("fernhill-media", "to_engagement"),
        ("ostara-energy", "to_engagement"), ("pinecrest-insurance", "to_active"),
        ("saltire-retail", "to_engagement"), ("tidewater-shipping", "to_engagement"),
    ]
    hot = found[("brightwater-logistics", "hot")]
    assert (hot["due"], hot["sla_breached"], hot["route"]["person"]) == (
        "2026-11-19T14:30:00Z", True, "marcus.osei")
    assert found[("pinecrest-insurance", "to_active")]["sla_breached"] is False
    routes = {key[0]: (h["route"]["to"], h["route"]["person"]) for key, h in found.items()}
    assert routes["fernhill-media"] == ("sdr", "jordan.reyes")
    assert routes["ostara-energy"] == ("ae", "tom.becker")
    assert routes["tidewater-shipping"] == ("standard", None)
    assert document["unmatched_rows"] == 24 and document["skipped_rows"] == 0


def test_the_example_report_reads_well_at_a_terminal_width() -> None:
    done = invoke("handoff", "--root", str(REPO), "--as-of", "2026-11-23", "--details",
                  "--tier", "1")
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(map(len, lines)) <= 100
    assert lines[-1] == "2 handoffs, 2 overdue; 24 unmatched rows, 0 skipped rows"
    assert sum("hot" in line and "BREACHED" in line for line in lines) == 1


def test_since_after_the_as_of_day_is_refused_naming_both_days() -> None:
    """`--since 2026-12-01 --as-of 2026-11-23` printed an empty report, as if nothing was due:
    a slip of the date is named instead."""
    done = invoke("handoff", "--root", str(REPO), "--as-of", "2026-11-23", "--since", "2026-12-01")
    assert done.returncode == 2
    assert done.stderr.startswith("abmctl: error: --since: 2026-12-01 is after the as-of day "
                                  "2026-11-23")
    same_day = invoke("handoff", "--root", str(REPO), "--as-of", "2026-11-23",
                      "--since", "2026-11-23")
    assert same_day.returncode == 0, same_day.stderr
