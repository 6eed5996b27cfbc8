"""What is read stays inside the registry root and is a regular file: a link out of the root,
a link loop, a broken link, a folder or a FIFO named like a registry file or an export is
reported with its name, never skipped without a word, and nothing waits on a FIFO."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest

from tests.hostile.input_registry import AS_OF, HEADER, export, small_registry, snapshot
from tests.support.cli import invoke


def _lint_json(root: Path, *args: str) -> tuple[int, dict[str, tuple[int | None, str]], str]:
    """lint's exit code, {file: (line, message)} of its ABM001 findings, and its stderr."""
    done = invoke("lint", "--root", str(root), "--as-of", AS_OF, "--format", "json", *args)
    findings = json.loads(done.stdout)["findings"]
    found = {f["path"]: (f["line"], f["message"]) for f in findings if f["code"] == "ABM001"}
    return done.returncode, found, done.stderr


def _special(kind: str, path: Path, outside: Path) -> None:
    if kind == "link out of the root":
        path.symlink_to(outside)
    elif kind == "link loop":
        path.symlink_to(path.name)
    elif kind == "broken link":
        path.symlink_to(path.with_name("nothing-here.yaml"))
    elif kind == "folder":
        path.mkdir()
    else:
        os.mkfifo(path)


KINDS = {
    "link out of the root": "a symbolic link to a file outside the registry root",
    "link loop": "a symbolic link loop",
    "broken link": "a symbolic link to a file that does not exist",
    "folder": "a folder named like a file",
    "fifo": "a named pipe (FIFO) named like a file",
}


@pytest.mark.parametrize("kind", list(KINDS))
@pytest.mark.parametrize("rel", ["registry/accounts/x.yaml", "registry/teams.yaml",
                                 "rules/tiers.yaml"])
def test_a_registry_file_that_is_no_regular_file_inside_the_root_is_an_error_naming_it(
    tmp_path: Path, kind: str, rel: str
) -> None:
    root = small_registry(tmp_path / "repo")
    secret = tmp_path / "secret.yaml"
    secret.write_text("accounts: []\n", encoding="utf-8")
    path = root / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.unlink(missing_ok=True)
    _special(kind, path, secret)
    before = snapshot(tmp_path)
    code, found, _ = _lint_json(root)
    assert code == 1
    assert rel in found and found[rel][1].startswith(KINDS[kind])
    assert snapshot(tmp_path) == before


def test_a_link_inside_the_root_is_read_as_the_file_it_names(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    (root / "shared").mkdir()
    (root / "registry/accounts/a.yaml").rename(root / "shared/a.yaml")
    (root / "registry/accounts/a.yaml").symlink_to(root / "shared/a.yaml")
    code, found, _ = _lint_json(root)
    assert (code, found) == (0, {})


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_export_that_is_no_regular_file_inside_the_root_is_named_on_stderr(
    tmp_path: Path, kind: str
) -> None:
    root = small_registry(tmp_path / "repo")
    export(root, "good.csv", HEADER + "2026-11-20,acme.com,web_visit\n")
    outside = tmp_path / "outside.csv"
    outside.write_text(HEADER + "2026-11-20,acme.com,web_visit\n", encoding="utf-8")
    _special(kind, root / "registry/signals/x.csv", outside)
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert f"registry/signals/x.csv:1: {KINDS[kind]}" in done.stderr
    assert done.returncode in (0, 2)  # the run goes on, or stops naming the file
    assert "Traceback" not in done.stderr


def test_a_fifo_or_device_given_as_signals_map_is_refused_without_reading_it(
    tmp_path: Path
) -> None:
    root = small_registry(tmp_path / "repo")
    csv = tmp_path / "x.csv"
    csv.write_text(HEADER + "2026-11-20,acme.com,web_visit\n", encoding="utf-8")
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--signals", str(csv),
                  "--signals-map", "/dev/zero")
    assert done.returncode == 2
    assert "/dev/zero" in done.stderr and "a device" in done.stderr


def test_a_fifo_given_as_signals_is_refused_without_opening_it(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--signals", str(fifo))
    assert done.returncode == 2
    assert f"{fifo.as_posix()}: --signals: a named pipe (FIFO)" in done.stderr


def test_a_signals_file_outside_the_root_named_on_the_command_line_is_read(
    tmp_path: Path
) -> None:
    root = small_registry(tmp_path / "repo")
    outside = tmp_path / "mine.csv"
    outside.write_text(HEADER + "2026-11-20,acme.com,web_visit\n", encoding="utf-8")
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--signals", str(outside),
                  "--format", "json")
    assert done.returncode == 0, done.stderr
    assert "row skipped" not in done.stderr


def test_an_unreadable_folder_is_a_finding_naming_it(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = small_registry(tmp_path)
    accounts = root / "registry" / "accounts"
    iterdir = Path.iterdir

    def denied(self: Path):  # type: ignore[no-untyped-def]
        if self == accounts:
            raise PermissionError(13, "Permission denied")
        return iterdir(self)

    monkeypatch.setattr(Path, "iterdir", denied)
    code, found, _ = _lint_json(root)
    assert code == 1
    assert found["registry/accounts"] == (None, "cannot list the folder: Permission denied")


def test_a_nul_byte_after_the_first_8_kb_is_an_error_at_its_line(tmp_path: Path) -> None:
    root = small_registry(tmp_path)
    padding = "# padding\n" * 1000  # 10 KB
    text = f"accounts:\n{padding}  - id: x\0\n  - not a record\n"
    (root / "registry/accounts/b.yaml").write_bytes(text.encode())
    code, found, _ = _lint_json(root)
    assert code == 1
    assert found["registry/accounts/b.yaml"] == (
        1002, "a NUL byte (\\0) in the text; YAML text cannot hold one")


@pytest.mark.parametrize("breaker", ["\u2028", "\u0085", "\f", "\v", "\x1c", "\u2029"])
def test_a_unicode_line_break_inside_an_unquoted_csv_value_splits_nothing(
    tmp_path: Path, breaker: str
) -> None:
    root = small_registry(tmp_path)
    export(root, "x.csv", "occurred_at,account,type,detail\n"
           f"2026-11-20,acme.com,web_visit,page{breaker}two\n"
           "2026-11-21,acme.com,no_such_type,x\n")
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert done.returncode == 0
    # the bad row is on line 3: the break inside line 2 shifted nothing
    assert "registry/signals/x.csv:3: unknown type 'no_such_type'" in done.stderr
    assert "x.csv:2" not in done.stderr


@pytest.mark.parametrize("kind", list(KINDS))
def test_an_export_a_sources_yaml_glob_matches_that_is_no_regular_file_is_named_on_stderr(
    tmp_path: Path, kind: str
) -> None:
    root = small_registry(tmp_path / "repo")
    export(root, "good.csv", HEADER + "2026-11-20,acme.com,web_visit\n")
    export(root, "web/sources.csv", HEADER + "2026-11-21,acme.com,web_visit\n")
    (root / "registry/signals/web/old").mkdir()  # a plain folder the glob matches: no file
    (root / "registry/signals/sources.yaml").write_text("sources:\n  - path: web/*\n",
                                                        encoding="utf-8")
    outside = tmp_path / "outside.csv"
    outside.write_text(HEADER + "2026-11-20,acme.com,web_visit\n", encoding="utf-8")
    _special(kind, root / "registry/signals/web/x.csv", outside)
    done = invoke("handoff", "--root", str(root), "--as-of", AS_OF, "--format", "json")
    assert f"registry/signals/web/x.csv:1: {KINDS[kind]}" in done.stderr
    assert "web/old" not in done.stderr
    assert done.returncode in (0, 2)
    assert "Traceback" not in done.stderr
