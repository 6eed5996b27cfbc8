"""Activity sources on the command line: they add up, stale activity moves no tier, every run
ends with the per-source summary, and `abmctl signals` shows a new export before it is
trusted (the example registry and the Bombora sample feed)."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

from tests.support.cli import invoke, run
from tests.support.registry import REPO, write

# 17 lines of Bombora's public Master Surge sample (MIT; see its LICENSE beside it): the week
# of 2015-07-19, no domain of which is on the example list
BOMBORA = REPO / "tests" / "load" / "adapters" / "data" / "bombora" / \
    "Output_MasterSurgeFile_20150719.csv"
VENDOR = ("--signals", str(BOMBORA), "--signals-format", "bombora")
TODAY = ("--as-of", "2026-11-23")
WIDE = {"COLUMNS": "1000"}  # a whole line per fact (the wrapping at 80 columns: test_cli_manners)
STALE = ("activity is stale: no row matched a list account (newest row 2015-07-19, 4,145 days "
         "before 2026-11-23)")


@pytest.fixture
def example(tmp_path: Path) -> Path:
    """A copy of the example registry (apply writes into it)."""
    for folder in ("registry", "rules"):
        shutil.copytree(REPO / folder, tmp_path / folder)
    return tmp_path


def handoffs(root: Path, *args: str) -> tuple[list[object], dict[str, object], str]:
    done = invoke("handoff", "--root", str(root), *TODAY, "--format", "json", *args,
                  env={"COLUMNS": "1000"})  # no stderr line wrapped: read each whole
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    return document["handoffs"], document, done.stderr


def test_a_vendor_file_adds_to_the_registry_activity_and_changes_no_handoff(
    example: Path,
) -> None:
    alone, _, _ = handoffs(example)
    added, document, stderr = handoffs(example, *VENDOR)
    assert added == alone and len(added) == 6
    assert [s["path"] for s in document["sources"]] == [  # type: ignore[index]
        "registry/signals/activity.csv", BOMBORA.as_posix()]
    vendor = document["sources"][1]  # type: ignore[index]
    assert (vendor["format"], vendor["rows"], vendor["matched"], vendor["unmatched"],
            vendor["skipped"]) == ("bombora", 12, 0, 12, 0)
    assert (f"source {BOMBORA.as_posix()} (bombora): 12 rows: 0 matched, 12 unmatched, "
            "0 skipped; 2015-07-19 to 2015-07-19") in stderr.splitlines()
    assert (f"warning: {BOMBORA.as_posix()}: no row matched a list account (12 unmatched); "
            "`abmctl signals --unmatched` lists the account values") in stderr.splitlines()
    assert "stale" not in stderr  # the registry's own activity is a day old


def test_only_the_stale_vendor_file_moves_no_tier_on_intent(example: Path) -> None:
    fresh = json.loads(invoke("tiers", "plan", "--root", str(example), *TODAY, "--format",
                              "json").stdout)
    done = invoke("tiers", "plan", "--root", str(example), *TODAY, "--format", "json",
                  "--no-registry-signals", *VENDOR,
                  env={"COLUMNS": "1000"})  # no stderr line wrapped: read each whole
    assert done.returncode == 0, done.stderr
    plan = json.loads(done.stdout)
    tier1 = {"brightwater-logistics", "corvid-aerospace", "halcyon-health", "kestrel-bank",
             "meridian-re", "ostara-energy", "solace-telecom", "tamarind-foods"}
    stale = {h["account"] for h in plan["held"] if h["reason"].startswith(STALE)}
    assert stale == tier1  # each would fall to tier 2 on intent 0
    assert all(h["reason"].startswith(f"{STALE}; this move rests on intent (fails tier 1 "
                                      "keep: intent 0 < 30") for h in plan["held"])
    # what does not rest on intent moves as it does on fresh activity
    assert plan["changes"] == [c for c in fresh["changes"] if c["account"] not in tier1]
    assert [line for line in done.stderr.splitlines() if "stale" in line] == [
        f"warning: {STALE}: intent from it moves no tier (rules/signals.yaml "
        "stale_after_days: 30)"]


def test_tiers_apply_on_the_stale_vendor_file_writes_no_intent_move(example: Path) -> None:
    before = {p.name: p.read_text() for p in (example / "registry" / "accounts").iterdir()}
    done = run("tiers", "apply", "--root", str(example), "--as-of", "2027-01-04",
               "--no-registry-signals", *VENDOR)
    assert done.returncode == 0, done.stderr
    changed = {name for name, text in before.items()
               if (example / "registry" / "accounts" / name).read_text() != text}
    # lowell-finch's fit (55 < 60) fails tier 2 whatever the intent: the one change written
    assert changed == {"na-west.yaml"}
    assert "lowell-finch: tier 2 → 3" in done.stdout
    after = "".join((example / "registry" / "accounts" / n).read_text() for n in before)
    assert "".join(before.values()).count("    tier: 1\n") == after.count("    tier: 1\n") == 8
    assert "activity is stale" in done.stderr


def test_strict_makes_stale_activity_exit_2(example: Path) -> None:
    done = invoke("tiers", "plan", "--root", str(example), *TODAY, "--strict",
                  "--no-registry-signals", *VENDOR)
    assert done.returncode == 2
    assert f"--strict: {STALE}" in done.stderr


def test_a_source_whose_every_row_is_skipped_exits_2_naming_the_likely_cause(
    example: Path, tmp_path: Path,
) -> None:
    us_dates = write(tmp_path / "exports", "crm.csv",
                     "occurred_at,account,type\n11/12/2026,kestrel-bank,sales_touch\n"
                     "11/13/2026,kestrel-bank,sales_touch\n")
    done = invoke("handoff", "--root", str(example), *TODAY, "--signals", str(us_dates))
    assert done.returncode == 2
    (line,) = [x for x in done.stderr.splitlines() if x.startswith("abmctl: error:")]
    assert "exports/crm.csv: every one of its 2 rows was skipped (first: line 2: occurred_at " \
           "'11/12/2026' is not an ISO 8601 date" in line
    assert "check --signals-format or --date-format (read as canonical)" in line


def test_layout_options_without_signals_are_refused(example: Path) -> None:
    done = invoke("handoff", "--root", str(example), *TODAY, "--signals-format", "bombora")
    assert done.returncode == 2
    assert "--signals-format describes the --signals files, and none is given" in done.stderr


def test_a_bad_sources_yaml_stops_a_report_naming_its_line(example: Path) -> None:
    write(example, "registry/signals/sources.yaml",
          "sources:\n  - path: activity.csv\n    format: bombra\n")
    done = invoke("handoff", "--root", str(example), *TODAY)
    assert done.returncode == 2
    assert "registry/signals/sources.yaml:3: ABM002 source 1: unknown format 'bombra'; " \
           "did you mean 'bombora'?" in done.stderr


def test_lint_lists_sources_yaml_findings(example: Path) -> None:
    write(example, "registry/signals/sources.yaml",
          "sources:\n  - path: bombra/*.csv\n    format: bombora\n")
    done = invoke("lint", "--root", str(example), *TODAY, "--format", "json")
    found = [(f["code"], f["line"]) for f in json.loads(done.stdout)["findings"]
             if f["path"] == "registry/signals/sources.yaml"]
    assert found == [("ABM005", 2)]


def test_a_vendor_export_kept_in_the_repo_is_read_through_sources_yaml(example: Path) -> None:
    (example / "registry" / "signals" / "bombora").mkdir()
    shutil.copy(BOMBORA, example / "registry" / "signals" / "bombora")
    shutil.copy(BOMBORA.parent / "LICENSE", example / "registry" / "signals" / "bombora")
    write(example, "registry/signals/sources.yaml",
          "sources:\n  - path: bombora/*.csv\n    format: bombora\n")
    _, document, _ = handoffs(example)
    assert [(s["path"], s["format"], s["skipped"]) for s in document["sources"]] == [  # type: ignore[index]
        ("registry/signals/activity.csv", "canonical", 0),
        ("registry/signals/bombora/Output_MasterSurgeFile_20150719.csv", "bombora", 0)]


# --- abmctl signals ---------------------------------------------------------------------------

def test_signals_shows_each_file_its_counts_dates_and_qualifying_signals(example: Path) -> None:
    done = invoke("signals", "--root", str(example), *TODAY, *VENDOR, env=WIDE)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert ("registry/signals/activity.csv (canonical): 502 rows: 478 matched, 24 unmatched, "
            "0 skipped; 2026-08-03 to 2026-11-22") in lines
    assert lines[lines.index(f"{BOMBORA.as_posix()} (bombora): 12 rows: 0 matched, 12 "
                             "unmatched, 0 skipped; 2015-07-19 to 2015-07-19") + 1] == \
        "  qualifying signals: none"
    assert any(x.startswith("  qualifying signals: content_download ") for x in lines)
    assert "activity is fresh: newest row 2026-11-22, 1 day before 2026-11-23 (stale after " \
           "30 days)" in lines


def test_signals_unmatched_ranks_values_and_names_the_closest_account(example: Path,
                                                                     tmp_path: Path) -> None:
    export = write(tmp_path / "exports", "web.csv", "occurred_at,account,type\n"
                   + "2026-11-20,ann@solace-telecom.com.au,web_visit\n" * 3
                   + "2026-11-20,https://nobody.example/about,web_visit\n")
    done = invoke("signals", "--root", str(example), *TODAY, "--signals", str(export),
                  "--no-registry-signals", "--unmatched", "--format", "json")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["unmatched"] == [
        {"value": "solace-telecom.com.au", "rows": 3, "files": ["exports/web.csv"],
         "closest": "solace-telecom", "closest_by": "solacetelecom.com.au"},
        {"value": "nobody.example", "rows": 1, "files": ["exports/web.csv"], "closest": None,
         "closest_by": None}]


def test_signals_skipped_lists_file_line_and_why_also_as_csv(example: Path,
                                                            tmp_path: Path) -> None:
    export = write(tmp_path / "exports", "crm.csv", "occurred_at,account,type\n"
                   "2026-11-20,kestrel-bank,sales_touch\n2026-11-21,kestrel-bank,phone_call\n")
    done = invoke("signals", "--root", str(example), *TODAY, "--signals", str(export),
                  "--no-registry-signals", "--skipped", "--format", "csv")
    assert done.returncode == 0, done.stderr
    rows = list(csv.reader(io.StringIO(done.stdout)))
    assert rows[0] == ["path", "line", "reason"]
    assert rows[1][:2] == ["exports/crm.csv", "3"]
    assert rows[1][2].startswith("unknown type 'phone_call'")


def test_signals_csv_is_one_row_per_file(example: Path) -> None:
    done = invoke("signals", "--root", str(example), *TODAY, "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(done.stdout)))
    assert [(r["path"], r["rows"], r["matched"], r["first"], r["last"]) for r in rows] == [
        ("registry/signals/activity.csv", "502", "478", "2026-08-03", "2026-11-22")]
    assert int(rows[0]["signals_content_download"]) > 0


def test_signals_end_to_end_as_a_user_runs_it(example: Path) -> None:
    done = run("signals", "--root", str(example), *TODAY, *VENDOR, "--no-registry-signals",
               "--format", "json")
    assert done.returncode == 0, done.stderr
    document = json.loads(done.stdout)
    assert document["stale"] is True and document["freshness"] == STALE
    assert [s["format"] for s in document["sources"]] == ["bombora"]


def test_signals_strict_shows_the_report_then_exits_2_on_stale_activity(example: Path) -> None:
    done = invoke("signals", "--root", str(example), *TODAY, *VENDOR, "--no-registry-signals",
                  "--strict", env=WIDE)
    assert done.returncode == 2
    assert "(bombora): 12 rows: 0 matched" in done.stdout
    assert f"--strict: {STALE}" in done.stderr
    fresh = invoke("signals", "--root", str(example), *TODAY, "--strict")
    assert fresh.returncode == 0, fresh.stderr


def test_signals_text_shows_no_control_character_of_an_export(example: Path,
                                                             tmp_path: Path) -> None:
    export = write(tmp_path / "exports", "web.csv", "occurred_at,account,type\n"
                   "2026-11-20,evil\x1b[2Jcorp.com,web_visit\n")
    done = invoke("signals", "--root", str(example), *TODAY, "--signals", str(export),
                  "--no-registry-signals", "--unmatched")
    assert done.returncode == 0, done.stderr
    assert "\x1b" not in done.stdout
    assert "evil" in done.stdout
