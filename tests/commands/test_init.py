"""`abmctl init [DIR]` on the command line (what the scaffold holds is tested in
tests/scaffold/)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.cli import invoke, run

AS_OF = "2026-11-23"


def test_init_cli_refuses_a_non_empty_folder_with_exit_2(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("# mine\n")
    done = invoke("init", str(tmp_path))
    assert done.returncode == 2
    assert "not empty (README.md); pass --force" in done.stderr
    assert done.stderr.count("\n") == 1


def test_init_cli_with_force_says_which_files_it_skipped(tmp_path: Path) -> None:
    (tmp_path / "registry").mkdir()
    (tmp_path / "registry" / "teams.yaml").write_text("territories: []\n")
    done = invoke("init", str(tmp_path), "--force", "--as-of", AS_OF)
    assert done.returncode == 0, done.stderr
    assert "skipped  registry/teams.yaml (exists; left unchanged)" in done.stdout
    assert (tmp_path / "registry" / "teams.yaml").read_text() == "territories: []\n"


def test_init_cli_on_a_file_is_refused_with_exit_2(tmp_path: Path) -> None:
    target = tmp_path / "file.txt"
    target.write_text("x")
    done = invoke("init", str(target))
    assert done.returncode == 2 and "is a file, not a folder" in done.stderr


def test_init_cli_defaults_to_the_current_folder(tmp_path: Path) -> None:
    done = invoke("init", "--as-of", AS_OF, cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "registry" / "teams.yaml").is_file()
    assert "Next: abmctl lint --root ." in done.stdout


@pytest.mark.parametrize("as_of", ["2026-10-01", AS_OF, "2026-12-31"])
def test_a_new_registry_lints_clean_end_to_end(tmp_path: Path, as_of: str) -> None:
    made = run("init", str(tmp_path / "abm"), "--as-of", as_of)
    assert made.returncode == 0, made.stderr
    done = run("lint", "--root", str(tmp_path / "abm"), "--as-of", as_of, "--fail-on", "warning")
    assert done.returncode == 0, done.stdout + done.stderr
