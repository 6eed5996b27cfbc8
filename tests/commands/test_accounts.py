"""`abmctl accounts import | export` end to end: the real program in a subprocess, on a copy
of the example registry in git (the `example` fixture of tests/crm)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.crm.conftest import example  # noqa: F401  (the fixture)
from tests.crm.test_import_example import HUBSPOT, SALESFORCE
from tests.support.cli import invoke, run
from tests.tiers.builders import git


def test_import_then_export_as_a_user_runs_them(example: Path) -> None:  # noqa: F811
    done = run("accounts", "import", str(SALESFORCE), "--from", "salesforce",
               "--into", "registry/accounts/crm.yaml", "--as-of", "2026-12-04", "--yes",
               cwd=example)
    assert done.returncode == 0, done.stderr
    assert "New accounts (2), into registry/accounts/crm.yaml:" in done.stdout
    assert "Wrote 2 new accounts and 3 account updates in 3 files." in done.stderr
    again = run("accounts", "import", str(SALESFORCE), "--from", "salesforce",
                "--into", "registry/accounts/crm.yaml", "--as-of", "2026-12-04",
                "--format", "json", cwd=example)
    assert again.returncode == 0
    assert json.loads(again.stdout)["new"] == []
    exported = run("accounts", "export", "--to", "salesforce", "--changed-since", "HEAD",
                   cwd=example)
    assert exported.returncode == 0, exported.stderr
    rows = list(csv.DictReader(io.StringIO(exported.stdout, newline="")))
    assert [(r["Id"], r["ABM_Tier__c"]) for r in rows] == [
        ("0015g00000Tb7YuAAJ", "Tier 3"), ("0015g00000Qr4MnAAJ", "Tier 3")]
    assert "2 of 62 accounts changed tier, stage or owners since HEAD" in exported.stderr


def test_a_bad_option_value_is_exit_2_in_one_line(example: Path) -> None:  # noqa: F811
    done = invoke("accounts", "import", str(HUBSPOT), "--from", "pipedrive", cwd=example)
    assert done.returncode == 2
    assert "--from: 'pipedrive' is not one of salesforce, hubspot, csv" in done.stderr
    done = invoke("accounts", "export", "--changed-since", "no-such-rev", cwd=example)
    assert done.returncode == 2
    assert "unknown revision 'no-such-rev'" in done.stderr
    assert git(example, "status", "--short") == ""


def test_import_and_export_take_output_and_quiet(example: Path) -> None:  # noqa: F811
    """As every command that prints a report: the report whole in the --output file (laid out
    as off a terminal), nothing on stdout, and under --quiet no note on stderr (the summary of
    what was written, the accounts an export leaves out)."""
    report = example / "import.txt"
    done = invoke("accounts", "import", str(SALESFORCE), "--from", "salesforce", "--into",
                  "registry/accounts/crm.yaml", "--as-of", "2026-12-04", "--yes",
                  "-o", str(report), "--quiet", cwd=example)
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")
    assert "New accounts (2), into registry/accounts/crm.yaml:" in report.read_text("utf-8")
    assert "thornbury-analytics" in (example / "registry/accounts/crm.yaml").read_text("utf-8")
    exported = example / "tiers.csv"
    done = invoke("accounts", "export", "--to", "hubspot", "-o", str(exported), "-q",
                  cwd=example)
    assert done.returncode == 0, done.stderr
    assert (done.stdout, done.stderr) == ("", "")
    assert exported.read_text("utf-8").startswith("Record ID,")
    loud = invoke("accounts", "export", "--to", "hubspot", cwd=example)
    assert "left out: no Record ID value" in loud.stderr  # what --quiet kept back
