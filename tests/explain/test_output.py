"""The three formats: text fits the terminal (80 columns tested), Markdown escapes what the
registry and the activity say, JSON has the documented fields; one end-to-end run."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.explain.builders import account, example_copy, make_registry
from tests.support.cli import invoke, run
from tests.support.registry import REPO


@pytest.fixture(scope="module")
def example(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return example_copy(tmp_path_factory.mktemp("example"))


def test_every_example_account_fits_80_columns(example: Path) -> None:
    from abmctl.explain.render_text import render_text
    from tests.explain.builders import explainer

    every = explainer(example)
    for acc in every.reg.accounts:
        text = render_text(every.explain(acc.id), width=80)
        too_wide = [line for line in text.splitlines() if len(line) > 80]
        assert not too_wide, (acc.id, too_wide)
    # the command lays its text out to the terminal's width
    done = invoke("explain", "brightwater-logistics", "--as-of", "2026-11-23", "--root",
                  str(example), "-q", env={"COLUMNS": "80"})
    assert done.returncode == 0, done.stderr
    lines = done.stdout.splitlines()
    assert max(map(len, lines)) <= 80 < max(map(len, invoke(
        "explain", "brightwater-logistics", "--as-of", "2026-11-23", "--root", str(example),
        "-q", env={"COLUMNS": "200"}).stdout.splitlines()))


HOSTILE = "Evil | Corp <img src=x onerror=alert(1)> [link](http://x) @everyone `code`"
ROWS = """\
2026-11-12,evil.com,content_download,"<b>x</b>@evil.com",roi_calculator,,,
2026-11-14,evil.com,event_registration,bo@evil.com,"q4 | <script>alert(1)</script>",,,
"""


def test_markdown_escapes_names_details_and_contacts(tmp_path: Path) -> None:
    root = make_registry(tmp_path, account("evil", 2, 65, name=HOSTILE), rows=ROWS)
    done = invoke("explain", "evil", "--as-of", "2026-11-23", "--format", "markdown", "--root",
                  str(root))
    assert done.returncode == 0, done.stderr
    text = done.stdout
    assert text.startswith("## Evil \\| Corp &lt;img src=x onerror=alert(1)> \\[link\\]"
                           "(http://x) @\u2060everyone \\`code\\` (`evil`)\n")
    for raw in ("<img", "<script>", "<b>", "[link]", "| <"):
        assert raw not in text
    assert "| q4 \\| &lt;script>alert(1)&lt;/script> |" in text


def test_text_shows_control_characters_as_escapes(tmp_path: Path) -> None:
    root = make_registry(tmp_path, account("evil", 2, 65, name='"Evil\\u001b[31m Corp"'))
    done = invoke("explain", "evil", "--as-of", "2026-11-23", "--root", str(root))
    assert done.stdout.splitlines()[0] == "evil: Evil\\x1b[31m Corp (as of 2026-11-23)"


def test_json_has_the_documented_fields(example: Path) -> None:
    done = invoke("explain", "brightwater-logistics", "--as-of", "2026-11-23", "--format",
                  "json", "--root", str(example))
    assert done.returncode == 0, done.stderr
    doc = json.loads(done.stdout)
    assert list(doc) == ["version", "as_of", "account", "tier", "intent", "ownership",
                         "handoffs", "conflicts", "findings", "history", "excluded", "sources"]
    assert (doc["version"], doc["as_of"]) == (1, "2026-11-23")
    assert list(doc["account"]) == ["id", "name", "domains", "tier", "tier_since", "stage",
                                    "stage_since", "region", "segment", "owners", "path", "line"]
    assert list(doc["tier"]) == ["tier", "name", "standing", "keep", "promote", "verdict"]
    assert list(doc["tier"]["keep"]) == ["tier", "name", "met", "checks"]
    assert list(doc["tier"]["keep"]["checks"][0]) == ["score", "value", "threshold", "met"]
    assert list(doc["tier"]["verdict"]) == ["kind", "from", "to", "reason", "window"]
    assert list(doc["intent"]) == ["source", "score", "lookback", "signals", "per_signal",
                                   "distinct", "subtotal", "cap", "recorded"]
    assert list(doc["intent"]["signals"][0]) == ["occurred_at", "type", "contact", "detail",
                                                 "points", "repeats"]
    assert list(doc["ownership"]) == ["stage", "stage_since", "on_motion", "owners", "decides",
                                      "decides_team", "meeting_booked"]
    assert list(doc["handoffs"][0]) == ["transition", "route", "signals", "at", "due",
                                        "sla_breached", "sla_status", "first_touch"]
    assert {c["code"] for c in doc["conflicts"]} == {"ABM605", "ABM606"}
    assert list(doc["history"]) == ["changes", "notes"]
    assert doc["sources"][0]["path"] == "registry/signals/activity.csv"


def test_explain_end_to_end(tmp_path: Path) -> None:
    done = run("explain", "kestrelbank.com", "--as-of", "2026-11-23", cwd=REPO)
    assert done.returncode == 0
    assert done.stdout.startswith("kestrel-bank: Kestrel Bank plc (as of 2026-11-23)\n"
                                  "registry/accounts/emea.yaml:")
    for heading in ("Tier and why", "Intent 60", "Stage and owners", "Handoff", "Conflicts (2)",
                    "Findings", "Tier history"):
        assert f"\n{heading}\n" in done.stdout
    assert done.stderr.startswith("source registry/signals/activity.csv (canonical)")
    out = tmp_path / "kestrel.md"
    done = invoke("explain", "kestrel-bank", "--as-of", "2026-11-23", "--format", "markdown",
                  "--output", str(out), cwd=REPO)
    assert (done.returncode, done.stdout) == (0, "")
    assert out.read_text().startswith("## Kestrel Bank plc (`kestrel-bank`)\n")
    missing = invoke("explain", "no-such-account", "--as-of", "2026-11-23", cwd=REPO)
    assert missing.returncode == 2 and missing.stderr.startswith("abmctl: error: ACCOUNT: no ")


GOLDEN_TEXT = """\
rising: Rising (as of 2026-11-23)
registry/accounts/all.yaml:2
  domains  rising.com
  tier     2 Scaled, since 2026-07-01
  stage    awareness, since 2026-10-01
  region emea

Tier and why
  scores: fit 90, intent 60, relationship 40, ACV 0
  tier 2 keep (Scaled): met: fit 90 ≥ 60
  tier 1 promote (Strategic): met: fit 90 ≥ 80, intent 60 ≥ 45
  plan today: held at tier 2 (for tier 1): tier 1 at capacity (1)
  review window closed (ran 2026-10-01 to 2026-10-14); next opens 2027-01-01

Intent 60
  the qualifying signals of the 90 days to 2026-11-23 23:59 UTC
  2026-11-12           content_download     +15  roi_calculator ann@rising.com
  2026-11-14           event_registration   +15  q4-roundtable bo@rising.com
  2026-11-21 09:00 UTC event_attendance     +15  q4-roundtable bo@rising.com
  2026-11-21 10:00 UTC content_download     +15  case_study cy@rising.com
  4 distinct signals x 15 = 60: intent 60

Stage and owners
  awareness since 2026-10-01, on the motion; decides: abm (team abm)
  ae                 ana.lima (Ana Lima, sales)
  sdr                raj.patel (Raj Patel, sdr)
  abm                mei.chen (Mei Chen, abm)

Handoff
  to_engagement at 2026-11-14: to sdr raj.patel, alert ana.lima, mei.chen; SLA
    due 2026-11-15, breached
  hot at 2026-11-21 10:00 UTC: to ae ana.lima, alert mei.chen, raj.patel; SLA
    due 2026-11-22 10:00 UTC, breached

Conflicts (2)
  error ABM606 rising turned hot 2026-11-21 10:00 UTC (4 signals in 14 days) and
    got no sales touch within 24 h (due 2026-11-22 10:00 UTC); no sales touch
    since
  info ABM605 2 signals on rising within 7 days (2026-11-21 09:00 UTC to
    2026-11-21 10:00 UTC: event_attendance, content_download): one alert, owned
    by abm (2 alike)

Findings (2)
  registry/accounts/all.yaml:2:5: warning ABM104 rising: sources names nobody;
    the list is built jointly, so both marketing and sales must have agreed to
    it
  registry/accounts/all.yaml:2:5: warning ABM105 rising: never reviewed (no
    'reviewed' date); the list is reviewed every 92 days

Tier history
"""

GOLDEN_MARKDOWN_START = """\
## Rising (`rising`)

As of 2026-11-23; `registry/accounts/all.yaml:2`

- domains: rising.com
- tier: 2 Scaled, since 2026-07-01
- stage: awareness, since 2026-10-01
- region: emea; segment: -

### Tier and why

Scores: fit 90, intent 60, relationship 40, ACV 0

- tier 2 keep (Scaled): met: fit 90 ≥ 60
- tier 1 promote (Strategic): met: fit 90 ≥ 80, intent 60 ≥ 45

**Plan today: held** (tier 2 → 1): tier 1 at capacity (1)

Review window closed (ran 2026-10-01 to 2026-10-14); next opens 2027-01-01.

### Intent 60

The qualifying signals of the 90 days to 2026-11-23 23:59 UTC:

| when | type | detail | contact | points |
|---|---|---|---|---:|
| 2026-11-12 | content_download | roi_calculator | ann@rising.com | 15 |
| 2026-11-14 | event_registration | q4-roundtable | bo@rising.com | 15 |
| 2026-11-21 09:00 UTC | event_attendance | q4-roundtable | bo@rising.com | 15 |
| 2026-11-21 10:00 UTC | content_download | case_study | cy@rising.com | 15 |

4 distinct x 15 = 60: **intent 60**
"""


def test_the_text_and_markdown_layouts(tmp_path: Path) -> None:
    from tests.explain.test_sections import ROWS as SECTION_ROWS

    root = make_registry(tmp_path, account("rising", 2, 90),
                         account("sitting", 1, 90, intent=50), rows=SECTION_ROWS)
    text = invoke("explain", "rising", "--as-of", "2026-11-23", "--root", str(root), "-q",
                  env={"COLUMNS": "80"}).stdout
    assert text.startswith(GOLDEN_TEXT)
    # the note names the root, whose length decides where it wraps
    assert " ".join(text[len(GOLDEN_TEXT):].split()) == (
        f"{root} is not inside a git repository; explain reads revisions with git (run it in "
        "the registry's clone)")
    markdown = invoke("explain", "rising", "--as-of", "2026-11-23", "--root", str(root), "-q",
                      "--format", "markdown").stdout
    assert markdown.startswith(GOLDEN_MARKDOWN_START)
