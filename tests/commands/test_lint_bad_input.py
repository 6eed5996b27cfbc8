"""Bad input (SPEC §3.2): one clear message naming file and line, the SPEC exit code, no
traceback, nothing written. A broken registry file is a finding (exit 1); a run that cannot
start is exit 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.commands.lint_builders import AS_OF, make_registry, tree
from tests.support.cli import invoke
from tests.support.registry import write

LAUGHS = "accounts:\n  - &a [lol, lol, lol, lol, lol, lol, lol, lol, lol, lol]\n" + "".join(
    f"  - &{b} [{', '.join([f'*{a}'] * 10)}]\n"
    for a, b in zip("abcdefgh", "bcdefghi", strict=True)
)

# (file, content, code, line): what `abmctl lint FILE` must report about it, and only that
BROKEN_FILES = {
    "malformed YAML": ("registry/accounts/bad.yaml",
                       b"accounts:\n  - id: a\n    name: [unclosed\n", "ABM001", 3),
    "tab indentation": ("registry/accounts/bad.yaml", b"accounts:\n\t- id: a\n", "ABM001", 2),
    # the reader blames the line the value began on; the tab is on the next one
    "tab inside a record": ("registry/accounts/bad.yaml",
                            b"accounts:\n  - id: a\n    name: A\n\tregion: emea\n", "ABM001", 4),
    "duplicate key": ("registry/accounts/bad.yaml",
                      b"accounts:\n  - id: a\n    name: A\n    name: B\n", "ABM001", 4),
    "python tag": ("registry/accounts/bad.yaml",
                   b"accounts:\n  - !!python/object/apply:os.system ['touch pwned']\n",
                   "ABM001", 2),
    "verbatim tag": ("registry/accounts/bad.yaml",
                     b"accounts: !<tag:yaml.org,2002:python/object> {}\n", "ABM001", 1),
    "invalid UTF-8": ("registry/accounts/bad.yaml",
                      b"accounts:\n  - id: a\n    name: caf\xe9\n", "ABM001", 3),
    "5,000-deep flow nesting": ("registry/accounts/bad.yaml",
                                b"accounts: " + b"[" * 5000 + b"]" * 5000 + b"\n",
                                "ABM001", 1),
    "5,000-deep block nesting": ("registry/accounts/bad.yaml",
                                 b"accounts:\n  " + b"- " * 5000 + b"x\n", "ABM001", 2),
    # the line where the expansion passes the limit
    "billion laughs": ("registry/accounts/bad.yaml", LAUGHS.encode(), "ABM001", 6),
    "mapping where a list belongs": ("registry/accounts/bad.yaml",
                                     b"accounts:\n  id: a\n  name: A\n", "ABM002", 1),
    "impossible date": ("registry/accounts/bad.yaml",
                        b"accounts:\n  - id: a\n    name: A\n    domains: [a.com]\n"
                        b"    tier: 3\n    tier_since: 2026-02-30\n", "ABM002", 6),
    "a date past the calendar's arithmetic": (
        "registry/accounts/bad.yaml", b"accounts:\n  - id: a\n    name: A\n    domains: [a.com]\n"
        b"    tier: 3\n    tier_since: 9999-12-01\n", "ABM002", 6),
    "a duration no window can hold": ("rules/signals.yaml", b"window_days: 100000000\n",
                                      "ABM002", 1),
    "binary file": ("registry/accounts/bad.yaml", bytes(range(256)) * 8, "ABM001", 1),
    "two documents": ("registry/accounts/bad.yaml", b"accounts: []\n---\naccounts: []\n",
                      "ABM001", 2),
    "broken rules file": ("rules/tiers.yaml", b"review:\n  cadence: [quarterly\n", "ABM001", 2),
    "broken teams file": ("registry/teams.yaml", b"teams:\n  - {id: abm, kind: abm\n",
                          "ABM001", 2),
}


@pytest.mark.parametrize("case", list(BROKEN_FILES))
def test_a_broken_file_is_one_finding_at_its_file_and_line(tmp_path: Path, case: str) -> None:
    rel, content, code, line = BROKEN_FILES[case]
    make_registry(tmp_path)
    (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
    (tmp_path / rel).write_bytes(content)
    before = tree(tmp_path)
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF, "--format", "json", rel)
    assert "Traceback" not in done.stdout + done.stderr
    assert done.returncode == 1, done.stderr
    (finding,) = json.loads(done.stdout)["findings"]
    assert (finding["code"], finding["path"], finding["line"]) == (code, rel, line)
    assert tree(tmp_path) == before


def test_the_text_report_names_the_file_line_and_column_of_a_broken_file(tmp_path: Path) -> None:
    make_registry(tmp_path)
    write(tmp_path, "registry/accounts/emea.yaml", "accounts:\n  - id: a\n    name: [x\n")
    done = invoke("lint", "--root", str(tmp_path), "--as-of", AS_OF,
                  "registry/accounts/emea.yaml")
    assert done.stdout.splitlines()[:2] == [
        "registry/accounts/emea.yaml",
        "  3:11  error  ABM001  invalid YAML: unclosed bracket '['",
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--as-of", "nonsense"], "--as-of: 'nonsense' is not a date"),
        (["--as-of", "2026-02-30"], "--as-of: '2026-02-30' is not a date"),
        (["--as-of", "9999-12-31"], "--as-of: '9999-12-31' is outside the years 1900-2999"),
        (["--format", "nope"], "'nope' is not one of"),
        (["--fail-on", "never"], "'never' is not one of"),
        (["--unknown-option"], "No such option"),
    ],
)
def test_bad_arguments_exit_2_with_one_message(
    tmp_path: Path, args: list[str], message: str
) -> None:
    make_registry(tmp_path)
    before = tree(tmp_path)
    done = invoke("lint", "--root", str(tmp_path), *args)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr
    assert done.stdout == ""
    assert tree(tmp_path) == before


@pytest.mark.parametrize("how", ["cwd", "--root", "ABMCTL_ROOT"])
def test_a_missing_registry_folder_exits_2(tmp_path: Path, how: str) -> None:
    args = ["--root", str(tmp_path)] if how == "--root" else []
    env = {"ABMCTL_ROOT": str(tmp_path)} if how == "ABMCTL_ROOT" else {}
    done = invoke("lint", "--as-of", AS_OF, *args, cwd=tmp_path, env=env)
    assert done.returncode == 2
    assert done.stderr.startswith("abmctl: error: ")
    assert f"no registry/ folder in {tmp_path}" in done.stderr
    assert len(done.stderr.splitlines()) == 1
    assert "Traceback" not in done.stderr
    assert list(tmp_path.iterdir()) == []
