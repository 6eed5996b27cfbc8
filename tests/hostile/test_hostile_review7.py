"""Hostile input tried by review 7 that abmctl already meets as the contract asks: writers
that fail part-way change nothing, a file whose line ends are mixed keeps each line's ending
through `tiers apply`, a data cell past the csv field limit skips only its row."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.hostile.input_registry import AS_OF, HEADER, export, small_registry, snapshot
from tests.support.cli import invoke
from tests.support.registry import TEAMS, write, write_registry

APPLY_DAY = "2027-01-05"  # inside the January review window


def test_lint_fix_over_two_folders_writes_neither_when_the_second_cannot_be_written(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # blanks at line ends (ABM009, fixable) in an accounts file and in a play; the play's
    # folder refuses the rename: both files stay as they were, no temporary file is left
    root = small_registry(tmp_path)
    accounts = root / "registry/accounts/a.yaml"
    accounts.write_text(accounts.read_text().replace("name: Acme", "name: Acme   "))
    write(root, "registry/plays/p.yaml", "id: p\nname: P   \nowner: abm\naccounts: [acme]\n"
          "start: 2026-11-01\nend: 2026-11-30\n")
    before = snapshot(root)
    real_replace = os.replace

    def failing(src: os.PathLike[str], dst: os.PathLike[str]) -> None:
        if Path(dst).parent.name == "plays":
            raise PermissionError(13, "Permission denied")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", failing)
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--fix")
    assert done.returncode == 2
    assert "registry/plays/p.yaml" in done.stderr and "nothing was changed" in done.stderr
    assert snapshot(root) == before


def test_apply_keeps_each_line_ending_of_a_file_that_mixes_them(tmp_path: Path) -> None:
    # the tier lines CRLF, the lines before LF and after CR: only the tier and tier_since
    # values change, each line keeping the ending it had
    write_registry(tmp_path, teams=TEAMS)
    text = ("accounts:\n  - id: acme\n    name: Acme\n    domains: [acme.com]\r\n"
            "    tier: 2\r\n    tier_since: 2026-04-06\r\n    region: emea\r"
            "    owners: {ae: ana.lima}\n    scores: {fit: 55}\n"
            "    sources: [marketing, sales]\n")
    path = tmp_path / "registry/accounts/a.yaml"
    path.write_bytes(text.encode())
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", APPLY_DAY)
    assert done.returncode == 0, done.stderr
    written = path.read_bytes().decode()
    assert written != text
    assert written == text.replace("tier: 2\r\n    tier_since: 2026-04-06",
                                   f"tier: 3\r\n    tier_since: {APPLY_DAY}")


def test_a_data_cell_past_the_csv_field_limit_skips_its_row_and_the_next_rows_count(
    tmp_path: Path
) -> None:
    root = small_registry(tmp_path)
    export(root, "a.csv", "occurred_at,account,type,detail\n"
           '2026-11-20,acme.com,web_visit,"' + "x" * 200_000 + '"\n'
           "2026-11-21,acme.com,web_visit,/pricing\n")
    done = invoke("signals", "--root", str(root), "--as-of", AS_OF, "--skipped",
                  "--format", "json")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert [(s["path"], s["line"]) for s in report["skipped"]] == [("registry/signals/a.csv", 2)]
    assert [(s["rows"], s["matched"], s["skipped"]) for s in report["sources"]] == [(2, 1, 1)]


def test_an_account_file_read_through_a_non_utf8_name_is_written_and_named_escaped(
    tmp_path: Path
) -> None:
    # a file name with a byte that is not UTF-8 and an escape sequence: apply writes it and
    # no raw escape reaches the terminal
    write_registry(tmp_path, teams=TEAMS)
    name = os.fsencode(tmp_path / "registry/accounts") + b"/na\xff\x1b[31m.yaml"
    with open(name, "wb") as out:
        out.write(b"accounts:\n  - id: acme\n    name: Acme\n    domains: [acme.com]\n"
                  b"    tier: 2\n    tier_since: 2026-04-06\n    region: emea\n"
                  b"    owners: {ae: ana.lima}\n    scores: {fit: 55}\n"
                  b"    sources: [marketing, sales]\n")
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", APPLY_DAY,
                  "--dry-run")
    assert done.returncode == 0, done.stderr
    assert "\x1b[31m" not in done.stdout + done.stderr
    done = invoke("tiers", "apply", "--root", str(tmp_path), "--as-of", APPLY_DAY)
    assert done.returncode == 0, done.stderr
    with open(name, "rb") as written:
        assert f"tier: 3\n    tier_since: {APPLY_DAY}".encode() in written.read()


@pytest.mark.parametrize("value", ["0001-01-01", "9999-12-31", "2026-02-30", "2026-1-5", ""])
def test_every_date_option_refuses_a_date_out_of_bounds_naming_the_option(value: str,
                                                                          tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    export(root, "a.csv", HEADER + "2026-11-20,acme.com,web_visit\n")
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--since", value)
    assert done.returncode == 2
    assert done.stderr.startswith(f"abmctl: error: --since: '{value}' is ")
