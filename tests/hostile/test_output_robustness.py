"""Output that cannot be encoded as it is: a file name that is not UTF-8, a lone surrogate in
an export, a stdout in latin-1 — no traceback, the documents still parse (issue: tracebacks)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.hostile.output_registry import AS_OF, hostile_registry
from tests.support.cli import run


def test_sarif_with_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    hostile_registry(tmp_path)
    name = os.fsdecode(b"bad\xff.yaml")
    (tmp_path / "registry/accounts" / name).write_text("accounts: [\n", encoding="utf-8")
    done = run("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--format", "sarif")
    assert done.returncode == 1
    results = json.loads(done.stdout)["runs"][0]["results"]
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in results if "locations" in r}
    assert "registry/accounts/bad%FF.yaml" in uris


def test_a_latin1_stdout_gets_question_marks_not_a_traceback(tmp_path: Path) -> None:
    hostile_registry(tmp_path)
    for args, code in ((["handoff", "--details"], 0), (["overlap"], 1), (["tiers", "plan"], 0)):
        done = subprocess.run(
            [sys.executable, "-m", "abmctl", *args, "--root", str(tmp_path), "--as-of", AS_OF],
            capture_output=True, check=False, timeout=60,
            env={**os.environ, "PYTHONIOENCODING": "latin-1"})
        stderr = done.stderr.decode("latin-1")
        assert (done.returncode, "Traceback" in stderr) == (code, False), stderr
        assert b"?" in done.stdout  # the arrows and box lines latin-1 has no room for


def test_a_lone_surrogate_in_json_lines_reaches_handoff_json_and_details(
    tmp_path: Path,
) -> None:
    hostile_registry(tmp_path)
    (tmp_path / "registry/signals/more.jsonl").write_text(
        '{"occurred_at": "2026-11-01T12:00:00Z", "account": "northwind", "type": '
        '"web_visit", "detail": "/pricing\\ud800 \\u001b]0;x\\u0007"}\n'
        '{"occurred_at": "2026-11-01T13:00:00Z", "account": "northwind", "type": '
        '"web_visit", "detail": "/plans \\u001b]0;x\\u0007"}\n', encoding="utf-8")
    document = run("handoff", "--root", str(tmp_path), "--as-of", AS_OF, "--details",
                   "--format", "json")
    assert document.returncode == 0, document.stderr
    json.loads(document.stdout)
    text = run("handoff", "--root", str(tmp_path), "--as-of", AS_OF, "--details")
    assert text.returncode == 0, text.stderr
    assert "/plans \\x1b]0;x\\x07" in text.stdout
    # the reader skips the row and says so; a row that got through would show the escape
    assert ("more.jsonl:1: a \\u escape in it is half a UTF-16 pair" in text.stderr
            or "/pricing\\ud800 \\x1b]0;x\\x07" in text.stdout)
