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
