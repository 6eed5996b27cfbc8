"""Hostile text in a registry and an export reaches every report escaped for its medium: no
terminal escape, no workflow command a CI runner would run, no HTML, link, image or mention in
Markdown (issue: injection into CI and Markdown)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.hostile.output_registry import (
    AS_OF,
    ESCAPES,
    commands_at_line_start,
    hostile_registry,
)
from tests.support.cli import invoke

ANNOTATION = re.compile(r"::(error|warning|notice)( [^:\n]*)?::")
# (command, exit code): overlap finds ABM606 on the hostile account (an error)
COMMANDS = {"lint": 0, "overlap": 1, "handoff --details": 0, "tiers plan": 0, "scorecard": 0}
FORMATS = {"lint": ["text", "github"], "overlap": ["text", "markdown", "github"],
           "handoff --details": ["text", "markdown"], "tiers plan": ["text", "markdown"],
           "scorecard": ["text", "markdown"]}


@pytest.fixture(scope="module")
def root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return hostile_registry(tmp_path_factory.mktemp("hostile"))


@pytest.mark.parametrize(("command", "fmt"),
                         [(c, f) for c, formats in FORMATS.items() for f in formats])
def test_hostile_text_reaches_no_report_unescaped(root: Path, command: str, fmt: str) -> None:
    done = invoke(*command.split(), "--root", str(root), "--as-of", AS_OF, "--format", fmt)
    assert done.returncode == COMMANDS[command], done.stderr
    for stream in (done.stdout, done.stderr):
        assert not [c for c in ESCAPES if c in stream]
        assert "\r" not in stream
    if fmt == "github":  # every line is an annotation abmctl wrote, one per line
        assert all(ANNOTATION.match(line) for line in done.stdout.splitlines())
    else:
        assert commands_at_line_start(done.stdout + done.stderr) == []
    if fmt == "markdown":
        assert not re.search(r"<[A-Za-z/!?]", done.stdout)  # no tag, comment or autolink
        assert "](" not in done.stdout.replace("\\](", "")  # no link or image
        assert not re.search(r"(?<![\w.+-])@[\w-]", done.stdout)  # no mention


def test_a_newline_in_a_csv_value_does_not_start_a_command_in_abm606s_resolution(
    root: Path,
) -> None:
    done = invoke("overlap", "--root", str(root), "--as-of", AS_OF)
    assert done.returncode == 1
    assert "ABM606" in done.stdout
    assert "engaged with (event_registration (case :\u2060:warning:\u2060:pwned \\x1b]0;title" \
        in " ".join(done.stdout.split())
    assert commands_at_line_start(done.stdout) == []
    github = invoke("overlap", "--root", str(root), "--as-of", AS_OF, "--format", "github")
    (line,) = [x for x in github.stdout.splitlines() if "ABM606" in x]
    assert "(case%0D%0A::warning::pwned \\x1b]0;title\\x07" in line


def test_research_and_names_in_handoff_markdown_are_text(root: Path) -> None:
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--details", "--format",
                  "markdown")
    assert done.returncode == 0
    assert "**Research.** \\# Heading &lt;!-- unterminated &lt;img src=x onerror=alert(1)> " \
        "!\\[i\\](http://evil.example/i.png) \\[l\\](javascript:alert(1)) @\u2060org/team " \
        "a \\| b \\\\ \\`tick\\`" in done.stdout
    heading = next(line for line in done.stdout.splitlines() if line.startswith("### "))
    assert heading.startswith("### Evil\\\\x1b\\]8;;http://evil.example\\\\x07 Corp")
    assert "&lt;script>alert(1)&lt;/script> (`northwind`)" in heading


def test_handoff_details_show_terminal_sequences_as_escapes(root: Path) -> None:
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--details",
                  env={"FORCE_COLOR": "1"})
    assert done.returncode == 0
    assert "\x1b[" in done.stdout  # abmctl's own colours stay
    assert "\x1b]" not in done.stdout and "\x07" not in done.stdout
    assert "Evil\\x1b]8;;http://evil.example\\x07 Corp\\x1b[2J \\u202egnp.exe" in done.stdout


def test_a_file_name_with_a_newline_and_a_command_is_printed_escaped(tmp_path: Path) -> None:
    hostile_registry(tmp_path)
    name = "x\n::error file=a.yaml::owned.yaml"
    (tmp_path / "registry/accounts" / name).write_text("accounts: [\n", encoding="utf-8")
    text = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF)
    assert text.returncode == 1
    assert "registry/accounts/x :\u2060:error file=a.yaml:\u2060:owned.yaml\n" \
        in text.stdout
    assert commands_at_line_start(text.stdout + text.stderr) == []
    github = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--format", "github")
    assert github.returncode == 1
    assert all(ANNOTATION.match(line) for line in github.stdout.splitlines())
    assert "file=registry/accounts/x%0A%3A%3Aerror file=a.yaml%3A%3Aowned.yaml," \
        in github.stdout
    sarif = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--format", "sarif")
    uris = [r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in json.loads(sarif.stdout)["runs"][0]["results"] if "locations" in r]
    assert "registry/accounts/x%0A%3A%3Aerror%20file%3Da.yaml%3A%3Aowned.yaml" in uris


def test_the_error_line_stays_one_line(tmp_path: Path) -> None:
    missing = tmp_path / "no\n::error::such \x1b]0;x\x07folder"
    done = invoke("lint", "--root", str(missing))
    assert done.returncode == 2
    assert done.stderr.count("\n") == 1 and done.stderr.startswith("abmctl: error: ")
    assert "no :\u2060:error:\u2060:such \\x1b]0;x\\x07folder" in done.stderr
